"""What the shim asks of a callable's signature, answered from its code object where that is
exactly what ``inspect.signature`` would say, and by ``inspect`` everywhere else.

``inspect`` costs a cold compile ~4 ms to import (ast, dis, tokenize); a plain function's
parameters are in its code object already. The quick answer is given only for a plain
function with no attributes of its own (nothing ``inspect`` follows: ``__wrapped__``,
``__signature__``, a partial method), and a call it cannot prove binds goes to ``inspect``,
whose error is the one Airflow raises.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Collection, Mapping

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

_VARARGS = 0x04  # CO_VARARGS
_VARKEYWORDS = 0x08  # CO_VARKEYWORDS


class _Plain:
    """A plain function's parameters, as ``inspect.signature`` lists them."""

    __slots__ = ("posonly", "positional", "kwonly", "var_args", "var_kw", "defaults", "kwdefaults")

    def __init__(self, func: types.FunctionType) -> None:
        code = func.__code__
        n_pos, n_kw = code.co_argcount, code.co_kwonlyargcount
        names = code.co_varnames
        self.posonly = names[: code.co_posonlyargcount]
        self.positional = names[:n_pos]  # positional-only ones first
        self.kwonly = names[n_pos : n_pos + n_kw]
        self.var_args = bool(code.co_flags & _VARARGS)
        self.var_kw = bool(code.co_flags & _VARKEYWORDS)
        self.defaults = len(func.__defaults__ or ())  # the last ones of ``positional``
        self.kwdefaults = func.__kwdefaults__ or {}


def _plain(func: Any) -> _Plain | None:
    if type(func) is not types.FunctionType or func.__dict__:
        return None
    return _Plain(func)


def signature(func: Callable[..., Any]) -> Any:
    """``inspect.signature``, imported when first needed."""
    import inspect

    return inspect.signature(func)


def keyword_names(func: Callable[..., Any]) -> tuple[frozenset[str], frozenset[str]]:
    """The names a call can pass by keyword (``self`` aside), and those of them with no default."""
    plain = _plain(func)
    if plain is None:
        names, required = set(), set()
        for p in signature(func).parameters.values():
            if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self":
                names.add(p.name)
                if p.default is p.empty:
                    required.add(p.name)
        return frozenset(names), frozenset(required)
    by_keyword = plain.positional[len(plain.posonly) :]
    first_default = len(plain.positional) - plain.defaults
    required = {n for i, n in enumerate(plain.positional) if i >= len(plain.posonly) and i < first_default}
    required.update(n for n in plain.kwonly if n not in plain.kwdefaults)
    names = {*by_keyword, *plain.kwonly}
    names.discard("self")
    required.discard("self")
    return frozenset(names), frozenset(required)


def takes_var_kw(func: Callable[..., Any]) -> bool:
    """Whether it has a ``**kwargs`` parameter."""
    plain = _plain(func)
    if plain is None:
        return any(p.kind is p.VAR_KEYWORD for p in signature(func).parameters.values())
    return plain.var_kw


def binds(
    func: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any], defaulted: Collection[str]
) -> bool:
    """True where a call with ``args`` and ``kwargs`` binds to ``func``'s signature once each
    parameter named in ``defaulted`` has a default; False where the quick answer is not proven,
    and the caller asks ``inspect`` (which raises the exact error)."""
    plain = _plain(func)
    if plain is None:
        return False
    positional = plain.positional
    first_default = len(positional) - plain.defaults
    seen_default = False
    for i, name in enumerate(positional):  # a non-default after a default: inspect refuses it
        has_default = i >= first_default or name in defaulted
        if seen_default and not has_default:
            return False
        seen_default = seen_default or has_default
    if len(args) > len(positional) and not plain.var_args:
        return False
    filled = positional[: len(args)]
    for name in kwargs:
        if name in plain.posonly or name in filled:
            return False
        if name not in positional and name not in plain.kwonly and not plain.var_kw:
            return False
    for i in range(len(args), first_default):
        name = positional[i]
        if name not in kwargs and name not in defaulted:
            return False
    return all(n in kwargs or n in plain.kwdefaults or n in defaulted for n in plain.kwonly)
