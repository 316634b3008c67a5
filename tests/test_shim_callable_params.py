"""The shim's quick reading of a plain function's parameters (``callable_params``) against
``inspect``: it must never accept a call ``inspect`` refuses, nor name other parameters."""

from __future__ import annotations

import functools
import importlib.util
import inspect
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

MODULE = Path(__file__).parent.parent / "src/pytest_dagfidelity/shim/airflow/_dagfidelity/callable_params.py"
NAMES = ("self", "a", "b", "c", "ti", "ds", "params")
CONTEXT = frozenset(("ti", "ds", "params"))  # a few of the context keys TaskFlow defaults to None


def load() -> ModuleType:
    # The module imports only the standard library: loaded by path, without the shim's airflow.
    spec = importlib.util.spec_from_file_location("dagfidelity_callable_params", MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


callable_params = load()


@st.composite
def functions(draw: st.DrawFn) -> tuple[str, Any]:
    """A plain function with a random, valid parameter list (every kind, defaults or not)."""
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=6))
    cut = sorted(draw(st.lists(st.integers(0, len(names)), min_size=2, max_size=2)))
    posonly, positional, kwonly = names[: cut[0]], names[cut[0] : cut[1]], names[cut[1] :]
    parts: list[str] = []
    defaults_from = draw(st.integers(0, len(posonly) + len(positional)))
    for i, name in enumerate([*posonly, *positional]):
        parts.append(f"{name}=0" if i >= defaults_from else name)
        if posonly and i == len(posonly) - 1:
            parts.append("/")
    star = draw(st.booleans())
    if star:
        parts.append("*args")
    elif kwonly:
        parts.append("*")
    parts += [f"{name}=0" if draw(st.booleans()) else name for name in kwonly]
    if draw(st.booleans()):
        parts.append("**kwargs")
    source = f"def f({', '.join(parts)}):\n    pass\n"
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    return source, namespace["f"]


def inspect_binds(
    func: Any, args: tuple[Any, ...], kwargs: dict[str, Any], defaulted: frozenset[str]
) -> bool:
    """What TaskFlow's check asks of ``inspect``: context keys get a default, then the call binds."""
    signature = inspect.signature(func)
    params = [
        p.replace(default=None) if p.name in defaulted and p.default is p.empty else p
        for p in signature.parameters.values()
    ]
    try:
        signature.replace(parameters=params).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(
    functions(),
    st.integers(0, 4),
    st.lists(st.sampled_from(NAMES[1:]), unique=True, max_size=4),
    st.booleans(),
)
def test_a_call_the_quick_check_accepts_binds_in_inspect(
    made: tuple[str, Any], n_args: int, keywords: list[str], context: bool
) -> None:
    source, func = made
    args, kwargs = tuple(range(n_args)), dict.fromkeys(keywords, 0)
    defaulted = CONTEXT if context else frozenset()
    if callable_params.binds(func, args, kwargs, defaulted):
        assert inspect_binds(func, args, kwargs, defaulted), (source, args, kwargs, defaulted)


@settings(max_examples=300, deadline=None)
@given(functions())
def test_keyword_names_and_var_kw_are_inspects(made: tuple[str, Any]) -> None:
    source, func = made
    names, required = set(), set()
    parameters = inspect.signature(func).parameters.values()
    for p in parameters:
        if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self":
            names.add(p.name)
            if p.default is p.empty:
                required.add(p.name)
    assert callable_params.keyword_names(func) == (names, required), source
    assert callable_params.takes_var_kw(func) == any(p.kind is p.VAR_KEYWORD for p in parameters), source


def test_the_calls_taskflow_makes_most_are_answered_quickly() -> None:
    def extract() -> None: ...

    def transform(data: Any, ti: Any) -> None: ...

    def load(*, data: Any, ds: Any = None, **context: Any) -> None: ...

    assert callable_params.binds(extract, (), {}, CONTEXT)
    assert callable_params.binds(transform, (1,), {}, CONTEXT)
    assert callable_params.binds(load, (), {"data": 1}, CONTEXT)
    assert not callable_params.binds(transform, (), {}, CONTEXT)  # data is missing: inspect words it
    assert not callable_params.binds(extract, (1,), {}, CONTEXT)


def test_a_function_inspect_would_follow_is_left_to_inspect() -> None:
    def inner(a: Any, b: Any) -> None: ...

    @functools.wraps(inner)
    def wrapper(*args: Any, **kwargs: Any) -> None: ...

    # inspect reads the wrapped function's parameters: (a, b), not (*args, **kwargs).
    assert callable_params.keyword_names(wrapper) == ({"a", "b"}, {"a", "b"})
    assert not callable_params.takes_var_kw(wrapper)
    assert not callable_params.binds(wrapper, (), {}, frozenset())
    ordinary = functools.partial(inner, 1)
    assert callable_params.keyword_names(ordinary) == ({"b"}, {"b"})  # a partial: inspect binds a
