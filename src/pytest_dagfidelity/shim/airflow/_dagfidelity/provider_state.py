"""The state a provider object's constructor leaves on it, read from the installed provider's
source, never run.

Real Airflow renders an object it cannot serialise (a provider notifier in ``default_args``, say)
by its instance ``__dict__``: what the class's ``__init__`` assigned to ``self`` and what its base
set. This evaluates that ``__init__`` statement by statement over plain values, the way
``provider_decorators`` evaluates a decorated operator's constructor, and also reads what such a
constructor commonly reads besides its arguments: a class constant of a provider class
(``SmtpHook.default_conn_name``), Airflow's configuration (``conf.get(...)``, answered by the
shim's configuration for the target version) and a provider's ``AIRFLOW_V_<X>_<Y>_PLUS`` gate
(``get_base_airflow_version_tuple() >= (3, 1, 0)``, evaluated for the target version). Anything
else (a helper call, a file read, a base class from a provider) is ``Unreadable``, and the caller
refuses the object where dag.json would carry its state.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

from . import provider_source
from .provider_decorators import ProviderDecorator, Unreadable, _Init, _literal_attribute, _module_literals

__all__ = ["Unreadable", "UnreadableCheck", "check_arguments", "instance_state", "positional_params"]


class UnreadableCheck(Unreadable):
    """An argument check (``if <test>: raise ...``) whose test the shim cannot evaluate: whether
    the constructor raises, and so whether the file parses at all, is unknown."""


# str methods without side effects a constructor's argument check commonly calls.
_PURE_STR_METHODS = frozenset(
    ("startswith", "endswith", "lower", "upper", "strip", "lstrip", "rstrip", "split", "isdigit", "format")
)


@dataclass(frozen=True)
class _ClassRef:
    """A class a provider's source names: only its literal class attributes are read."""

    module: str
    name: str
    classdef: ast.ClassDef


def instance_state(
    module: str, name: str, args: tuple[Any, ...], given: dict[str, Any], base_state: dict[str, Any]
) -> dict[str, Any]:
    """The ``__dict__`` an instance of the installed provider class ``module.name`` built with
    ``args`` and keywords ``given`` has, where its base is Airflow's own and leaves ``base_state``.
    Raises what the constructor raises for its arguments, and Unreadable for what the shim cannot
    evaluate."""
    source = provider_source._class_source(module, name)
    if source is None or source[1] is None:
        raise Unreadable(f"{module}.{name} is not a class in the installed provider's source")
    tree, classdef = source
    init = next((n for n in classdef.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    if init is None:
        raise Unreadable(f"{module}.{name} takes its constructor from its base")
    bases = [b.id if isinstance(b, ast.Name) else ast.unparse(b) for b in classdef.bases]
    if bases != ["BaseNotifier"] or not _core_base(tree, module, "BaseNotifier"):
        raise Unreadable(f"{module}.{name} derives from {', '.join(bases)}, not Airflow's own BaseNotifier")
    positional = _positional(init, args)
    twice = sorted(set(positional) & set(given))
    if twice:
        raise TypeError(f"{name}.__init__() got multiple values for argument '{twice[0]}'")
    given = {**positional, **given}
    decorator = ProviderDecorator(
        name=f"{module}.{name}",
        module=module,
        qualname=name,
        operator_name=None,
        init=init,
        constants=_module_literals(tree),
    )
    state = _State(decorator, given, tree, module, base_state).run_state()
    _check_template_files(classdef, state)
    return state


def positional_params(module: str, name: str) -> tuple[str, ...] | None:
    """The positional parameters of the installed provider class's constructor (its own
    ``__init__``, else the nearest provider base's); None where the source cannot say."""
    found = _constructor(module, name)
    if found is None or found[3].args.vararg is not None:
        return None
    return tuple(a.arg for a in found[3].args.args[1:])


def _constructor(
    module: str, name: str, depth: int = 0
) -> tuple[str, str, ast.Module, ast.FunctionDef] | None:
    """The class defining the ``__init__`` an installed provider class runs (itself or the nearest
    provider base, first base first): its module, name, module source and ``__init__``."""
    if depth > 12 or not provider_source.package_installed(module):
        return None
    source = provider_source._class_source(module, name)
    if source is None:
        return None
    tree, classdef = source
    if classdef is None:
        for candidate in provider_source._imported(tree, module, name):
            found = _constructor(*candidate.rsplit(".", 1), depth + 1)
            if found is not None:
                return found
        return None
    init = next((n for n in classdef.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    if init is not None:
        return module, name, tree, init
    for base in classdef.bases[:1]:  # the first base's constructor is the one Python runs next
        if isinstance(base, ast.Name):
            local = any(isinstance(n, ast.ClassDef) and n.name == base.id for n in tree.body)
            candidates = (
                [f"{module}.{base.id}"] if local else provider_source._imported(tree, module, base.id)
            )
            for candidate in candidates:
                found = _constructor(*candidate.rsplit(".", 1), depth + 1)
                if found is not None:
                    return found
    return None


def check_arguments(module: str, name: str, args: tuple[Any, ...], given: dict[str, Any]) -> None:
    """Run the argument checks (``if <test>: raise ...``) of the installed provider class's own
    ``__init__`` for these arguments: raises what they raise, and UnreadableCheck where a check's
    test cannot be evaluated. Everything else the constructor does is left aside."""
    found = _constructor(module, name)
    if found is None:
        return
    module, name, tree, init = found
    if init.args.vararg is not None or init.args.posonlyargs:
        return
    positional = _positional(init, args)
    decorator = ProviderDecorator(
        name=f"{module}.{name}",
        module=module,
        qualname=name,
        operator_name=None,
        init=init,
        constants=_module_literals(tree),
    )
    try:
        checks = _Checks(decorator, {**positional, **given}, tree, module, {})
    except Unreadable:
        return  # a default the shim cannot evaluate: nothing it checks can be run
    checks.block(init.body)


def _positional(init: ast.FunctionDef, args: tuple[Any, ...]) -> dict[str, Any]:
    names = [a.arg for a in init.args.args[1:]]
    if len(args) > len(names):
        raise TypeError(
            f"__init__() takes {len(names) + 1} positional arguments but {len(args) + 1} were given"
        )
    return dict(zip(names, args, strict=False))


def _core_base(tree: ast.Module, module: str, name: str) -> bool:
    """Whether ``name`` is imported from Airflow itself or the common.compat shim of it."""
    return any(
        not c.startswith("airflow.providers.") or c.startswith("airflow.providers.common.compat.")
        for c in provider_source._imported(tree, module, name)
    )


def _check_template_files(classdef: ast.ClassDef, state: dict[str, Any]) -> None:
    # The base constructor calls resolve_template_files(): a template field naming a file with one
    # of the class's template extensions is replaced by that file's text, which the shim does not read.
    fields = _literal_attribute(classdef, "template_fields") or ()
    extensions = _literal_attribute(classdef, "template_ext") or ()
    for field in fields:
        value = state.get(field)
        if isinstance(value, str) and extensions and value.endswith(tuple(extensions)):
            raise Unreadable(f"its template field {field} names a template file ({value!r})")


class _State(_Init):
    """``_Init`` recording ``self.<attr>`` assignments instead of what reaches ``super().__init__``."""

    def __init__(
        self,
        decorator: ProviderDecorator,
        given: dict[str, Any],
        tree: ast.Module,
        module: str,
        base_state: dict[str, Any],
    ) -> None:
        self.tree = tree
        self.module = module
        self.base_state = base_state
        self.state: dict[str, Any] = {}
        super().__init__(decorator, given, frozenset())

    def run_state(self) -> dict[str, Any]:
        self.block(self.init.body)
        if self.passed is None:
            raise Unreadable("its __init__ does not call super().__init__(...) plainly")
        return self.state

    def _super_init(self, call: ast.Call) -> None:
        super()._super_init(call)
        spread = [self.eval(kw.value) for kw in call.keywords if kw.arg is None]
        if self.passed or any(spread):
            raise Unreadable("its __init__ passes arguments to its base")
        # What the base sets replaces what the class assigned before calling it, as in Python.
        self.state = {**self.state, **self.base_state}

    def statement(self, node: ast.stmt) -> bool:
        if isinstance(node, ast.If):
            try:
                test = self.eval(node.test)
            except Unreadable as exc:
                if any(isinstance(n, ast.Raise) for n in ast.walk(node)):
                    raise UnreadableCheck(f"{exc} in an argument check (line {node.lineno})") from None
                raise
            return self.block(node.body if test else node.orelse)
        return super().statement(node)

    def _assign(self, target: ast.expr, value: ast.expr) -> None:
        if (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
        ):
            self.state[target.attr] = self.eval(value)
        else:
            super()._assign(target, value)

    def eval(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                if node.attr in self.state:
                    return self.state[node.attr]
                raise Unreadable(f"its __init__ reads self.{node.attr}")
            owner = self.eval(node.value)
            if isinstance(owner, _ClassRef):
                return _class_constant(owner, node.attr)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            from .config import ConfigParser

            if node.func.attr in ("get", "getboolean", "getint", "getfloat") and not any(
                kw.arg is None for kw in node.keywords
            ):
                owner = self.eval(node.func.value)
                if isinstance(owner, ConfigParser):
                    args = [self.eval(a) for a in node.args]
                    kwargs = {kw.arg: self.eval(kw.value) for kw in node.keywords if kw.arg}
                    return getattr(owner, node.func.attr)(*args, **kwargs)
            if node.func.attr in _PURE_STR_METHODS and not any(kw.arg is None for kw in node.keywords):
                owner = self.eval(node.func.value)
                if isinstance(owner, str):
                    args = [self.eval(a) for a in node.args]
                    kwargs = {kw.arg: self.eval(kw.value) for kw in node.keywords if kw.arg}
                    return getattr(owner, node.func.attr)(*args, **kwargs)
        if isinstance(node, ast.Name) and node.id not in self.env and node.id not in self.decorator.constants:
            return _imported_name(self.tree, self.module, node.id)
        return super().eval(node)


class _Checks(_State):
    """``_State`` keeping only what decides whether the constructor raises: a statement it cannot
    evaluate is skipped, and a name it would have bound cannot be read afterwards."""

    def __init__(self, *args: Any) -> None:
        self.unknown: set[str] = set()
        super().__init__(*args)

    def statement(self, node: ast.stmt) -> bool:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            return True  # super().__init__ and other calls: what they do is not checked here
        try:
            return super().statement(node)
        except UnreadableCheck:
            raise
        except Unreadable:
            for n in ast.walk(node):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    self.env.pop(n.id, None)
                    self.unknown.add(n.id)
            return True

    def eval(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Name) and node.id in self.unknown:
            raise Unreadable(f"its __init__ reads {node.id}")
        return super().eval(node)


def _class_constant(ref: _ClassRef, attr: str) -> Any:
    for node in ref.classdef.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == attr for t in targets):
                try:
                    return ast.literal_eval(node.value)
                except ValueError:
                    break
    raise Unreadable(f"its __init__ reads {ref.name}.{attr}, not a literal of that class")


def _imported_name(tree: ast.Module, module: str, name: str, depth: int = 0) -> Any:
    """What a name a provider module imports stands for, where the shim can know it."""
    if depth > 6:
        raise Unreadable(f"its __init__ reads {name}")
    for candidate in provider_source._imported(tree, module, name):
        home, _, attr = candidate.rpartition(".")
        if home.startswith("airflow.providers.") and not home.startswith("airflow.providers.common.compat."):
            if not provider_source.package_installed(home):
                continue
            source = provider_source._class_source(home, attr)
            if source is None:
                continue
            home_tree, classdef = source
            if classdef is not None:
                return _ClassRef(home, attr, classdef)
            value = _module_assignment(home_tree, home, attr, depth)
            if value is not _NOTHING:
                return value
            continue
        value = _airflow_value(home, attr)
        if value is not _NOTHING:
            return value
    raise Unreadable(f"its __init__ reads {name}")


_NOTHING = object()


def _airflow_value(module: str, name: str) -> Any:
    """Airflow's configuration, as the shim serves ``module.name`` for the target version."""
    import importlib

    from .config import ConfigParser

    try:
        value = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return _NOTHING
    return value if isinstance(value, ConfigParser) else _NOTHING


def _module_assignment(tree: ast.Module, module: str, name: str, depth: int) -> Any:
    """A provider module's top-level ``NAME = <expression>``, where the expression is a literal or
    a comparison of ``get_base_airflow_version_tuple()`` (the providers' version gates)."""
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign) and node.value is not None
            else []
        )
        if not any(isinstance(t, ast.Name) and t.id == name for t in targets):
            continue
        value = node.value
        assert value is not None
        try:
            return ast.literal_eval(value)
        except ValueError:
            pass
        if (
            isinstance(value, ast.Compare)
            and len(value.ops) == 1
            and isinstance(value.left, ast.Call)
            and isinstance(value.left.func, ast.Name)
            and value.left.func.id == "get_base_airflow_version_tuple"
            and not value.left.args
        ):
            from . import runtime
            from .provider_decorators import _compare

            try:
                bound = ast.literal_eval(value.comparators[0])
            except ValueError:
                raise Unreadable(f"{module}.{name} compares the Airflow version with an expression") from None
            return _compare(value.ops[0], _version_tuple(runtime.TARGET.full), bound)
        raise Unreadable(f"its __init__ reads {module}.{name}, computed by the provider")
    for candidate in provider_source._imported(tree, module, name):
        home, _, attr = candidate.rpartition(".")
        if home.startswith("airflow.providers.") and provider_source.package_installed(home):
            source = provider_source._class_source(home, attr)
            if source is not None:
                return _module_assignment(source[0], home, attr, depth + 1)
    return _NOTHING


def _version_tuple(full: str) -> tuple[int, int, int]:
    # packaging's Version(full).major, .minor, .micro for a release such as "3.3.2" or "3.1.0rc1".
    parts = [int(m.group()) for m in (re.match(r"\d+", p) for p in full.split(".")[:3]) if m]
    parts += [0] * (3 - len(parts))
    return parts[0], parts[1], parts[2]
