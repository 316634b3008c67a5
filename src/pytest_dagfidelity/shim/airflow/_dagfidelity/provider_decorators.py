"""Provider ``@task.<name>`` decorators, read from the installed provider's source, never run.

A provider registers each decorator in ``get_provider_info()`` (``task-decorators``: name and
the dotted path of a function). That function hands ``task_decorator_factory`` the operator class
the task is built from (``decorated_operator_class=_DockerDecoratedOperator``); real Airflow
records that class's path and what its constructor chain is given. The class's own
``__init__`` usually fills in a few keywords for its base (``command="placeholder command"``,
``name=f"k8s-airflow-pod-{...}"``): those are evaluated here from its source, statement by
statement, over plain values only. Anything else the constructor does (a call the shim cannot
see through, a loop, state it keeps) makes the decorator unreadable, and it is refused loudly
as before: the shim never guesses what a provider's code records.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
from typing import Any

from . import provider_source


class Unreadable(Exception):
    """The constructor does something the shim does not evaluate (the message says what)."""


@dataclass(frozen=True)
class ProviderDecorator:
    name: str  # the ``@task.<name>``
    module: str  # where the operator class is defined
    qualname: str
    operator_name: str | None  # its ``custom_operator_name``, where a literal
    init: ast.FunctionDef | None  # the class's own ``__init__`` (None: it passes everything on)
    constants: dict[str, Any]  # module-level literals its ``__init__`` may read


def read(name: str, dotted: str) -> ProviderDecorator:
    """The decorator ``name`` a provider registers at ``dotted``; Unreadable when its source does
    not name its operator class plainly."""
    module, _, function = dotted.rpartition(".")
    path = provider_source.module_file(module)
    tree = provider_source._parse(path) if path and path.endswith(".py") else None
    body = tree.body if tree is not None else []
    funcdef = next((n for n in body if isinstance(n, ast.FunctionDef) and n.name == function), None)
    if tree is None or funcdef is None:
        raise Unreadable(f"{dotted} is not a function in the installed provider's source")
    found = [
        kw.value
        for node in ast.walk(funcdef)
        if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg == "decorated_operator_class"
    ]
    if len(found) != 1 or not isinstance(found[0], ast.Name):
        raise Unreadable(f"{dotted} does not name one decorated_operator_class")
    cls_module, cls_name = _class_home(tree, module, found[0].id)
    source = provider_source._class_source(cls_module, cls_name)
    if source is None or source[1] is None:
        raise Unreadable(f"{cls_module}.{cls_name} is not a class in the installed provider's source")
    cls_tree, classdef = source
    init = next((n for n in classdef.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    return ProviderDecorator(
        name=name,
        module=cls_module,
        qualname=cls_name,
        operator_name=_literal_attribute(classdef, "custom_operator_name"),
        init=init,
        constants=_module_literals(cls_tree),
    )


def _class_home(tree: ast.Module, module: str, name: str) -> tuple[str, str]:
    if any(isinstance(n, ast.ClassDef) and n.name == name for n in tree.body):
        return module, name
    for candidate in provider_source._imported(tree, module, name):
        home, _, cls = candidate.rpartition(".")
        if provider_source.package_installed(home):
            return home, cls
    raise Unreadable(f"{module}.{name} cannot be found in the installed provider's source")


def _literal_attribute(classdef: ast.ClassDef, attr: str) -> Any:
    for node in classdef.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        value = getattr(node, "value", None)
        if value is not None and any(isinstance(t, ast.Name) and t.id == attr for t in targets):
            try:
                return ast.literal_eval(value)
            except ValueError:
                return None
    return None


def _module_literals(tree: ast.Module) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def keywords(
    decorator: ProviderDecorator, given: dict[str, Any], base_fields: frozenset[str]
) -> dict[str, Any]:
    """What the decorator's operator class passes to its base beyond ``**kwargs`` when it is built
    with ``given`` (python_callable, op_args, op_kwargs, the decorator's arguments): real Airflow
    records those, and then what the class itself was given. Raises what the constructor raises
    (a TypeError for a keyword given twice); Unreadable for what it cannot evaluate."""
    if decorator.init is None:
        return {}
    return _Init(decorator, given, base_fields).run()


_PURE_BUILTINS = frozenset(
    ("str", "int", "float", "bool", "len", "list", "tuple", "dict", "set", "sorted", "repr")
)
_DICT_METHODS = frozenset(("pop", "get", "setdefault", "copy", "keys", "items", "values"))


class _Init:
    def __init__(
        self, decorator: ProviderDecorator, given: dict[str, Any], base_fields: frozenset[str]
    ) -> None:
        assert decorator.init is not None
        self.decorator = decorator
        self.init = decorator.init
        self.base_fields = base_fields
        self.env: dict[str, Any] = {}
        self.passed: dict[str, Any] | None = None
        self.kwargs_name: str | None = None
        self._bind(dict(given))

    def _bind(self, given: dict[str, Any]) -> None:
        args = self.init.args
        if args.vararg is not None or args.posonlyargs:
            raise Unreadable("its __init__ takes positional-only or *args parameters")
        positional = args.args[1:]
        defaults = dict(
            zip(
                [a.arg for a in positional[len(positional) - len(args.defaults) :]],
                args.defaults,
                strict=True,
            )
        )
        defaults.update(
            {a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None}
        )
        for arg in [*positional, *args.kwonlyargs]:
            if arg.arg in given:
                self.env[arg.arg] = given.pop(arg.arg)
            elif arg.arg in defaults:
                self.env[arg.arg] = self.eval(defaults[arg.arg])
            else:
                raise TypeError(f"__init__() missing 1 required keyword-only argument: '{arg.arg}'")
        if args.kwarg is None:
            if given:
                raise TypeError(f"__init__() got an unexpected keyword argument '{sorted(given)[0]}'")
        else:
            self.kwargs_name = args.kwarg.arg
            self.env[self.kwargs_name] = given

    def run(self) -> dict[str, Any]:
        self.block(self.init.body)
        if self.passed is None:
            raise Unreadable("its __init__ does not call super().__init__(...) plainly")
        return self.passed

    def block(self, body: list[ast.stmt]) -> bool:
        """Run statements; False once a ``return`` is reached."""
        for statement in body:
            if not self.statement(statement):
                return False
        return True

    def statement(self, node: ast.stmt) -> bool:
        if isinstance(node, ast.Pass) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        ):
            return True
        if isinstance(node, ast.Return):
            return False
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            if _is_super_init(call):
                self._super_init(call)
            elif _is_warning(call):
                pass  # a deprecation warning: nothing dag.json shows
            else:
                self.eval(call)  # only the dict methods and pure builtins evaluate
            return True
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is None:
                return True
            for target in targets:
                self._assign(target, node.value)
            return True
        if isinstance(node, ast.If):
            try:
                test = self.eval(node.test)
            except Unreadable:
                if node.body and isinstance(node.body[-1], ast.Raise) and not node.orelse:
                    return True  # an argument check on what the shim cannot read: left to Airflow
                raise
            return self.block(node.body if test else node.orelse)
        if isinstance(node, ast.Raise) and node.exc is not None:
            raise self._exception(node.exc)
        raise Unreadable(f"its __init__ runs a {type(node).__name__} statement (line {node.lineno})")

    def _assign(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = self.eval(value)
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
        ):
            # Instance state before super().__init__ is not recorded; after it, a recorded or base
            # field assigned changes what dag.json shows.
            if self.passed is not None or target.attr in self.base_fields:
                raise Unreadable(f"its __init__ assigns self.{target.attr}")
        elif isinstance(target, ast.Subscript):
            container = self.eval(target.value)
            if not isinstance(container, dict):
                raise Unreadable("its __init__ assigns into something other than a dict")
            container[self.eval(target.slice)] = self.eval(value)
        else:
            raise Unreadable("its __init__ assigns to a pattern the shim does not evaluate")

    def _super_init(self, call: ast.Call) -> None:
        if call.args or self.passed is not None:
            raise Unreadable("its __init__ calls super().__init__ with positional arguments, or twice")
        explicit: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for kw in call.keywords:
            if kw.arg is None:
                spread = self.eval(kw.value)
                if not isinstance(spread, dict):
                    raise Unreadable("its __init__ spreads something other than a dict into super().__init__")
                rest.update(spread)
            else:
                explicit[kw.arg] = self.eval(kw.value)
        twice = sorted(set(explicit) & set(rest))
        if twice:
            raise TypeError(f"__init__() got multiple values for keyword argument '{twice[0]}'")
        self.passed = explicit

    def _exception(self, node: ast.expr) -> BaseException:
        from . import errors

        name = node.func if isinstance(node, ast.Call) else node
        kind = name.id if isinstance(name, ast.Name) else name.attr if isinstance(name, ast.Attribute) else ""
        try:
            args = [self.eval(a) for a in node.args] if isinstance(node, ast.Call) else []
        except Unreadable:
            args = []
        return errors.by_name(kind)(*args)

    def eval(self, node: ast.expr) -> Any:  # noqa: C901 - one branch per expression form
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.env:
                return self.env[node.id]
            if node.id in self.decorator.constants:
                return self.decorator.constants[node.id]
            raise Unreadable(f"its __init__ reads {node.id}")
        if isinstance(node, ast.JoinedStr):
            return "".join(str(self.eval(v)) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            value = self.eval(node.value)
            value = {115: str, 114: repr, 97: ascii}.get(node.conversion, lambda v: v)(value)
            spec = self.eval(node.format_spec) if node.format_spec is not None else ""
            return format(value, spec)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            if any(isinstance(e, ast.Starred) for e in node.elts):
                raise Unreadable("its __init__ unpacks into a literal")
            items = [self.eval(e) for e in node.elts]
            return {ast.List: list, ast.Tuple: tuple, ast.Set: set}[type(node)](items)
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise Unreadable("its __init__ unpacks into a dict literal")
            return {
                self.eval(k): self.eval(v)
                for k, v in zip(node.keys, node.values, strict=True)
                if k is not None
            }
        if isinstance(node, ast.BoolOp):
            result: Any = None
            for value in node.values:
                result = self.eval(value)
                if isinstance(node.op, ast.Or) and result or isinstance(node.op, ast.And) and not result:
                    return result
            return result
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            operand = self.eval(node.operand)
            return not operand if isinstance(node.op, ast.Not) else -operand
        if isinstance(node, ast.Compare):
            left = self.eval(node.left)
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = self.eval(comparator)
                if not _compare(op, left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return self.eval(node.body) if self.eval(node.test) else self.eval(node.orelse)
        if isinstance(node, ast.Subscript):
            return self.eval(node.value)[self.eval(node.slice)]
        if isinstance(node, ast.Attribute) and node.attr == "__name__":
            return self.eval(node.value).__name__
        if isinstance(node, ast.Call) and not any(kw.arg is None for kw in node.keywords):
            args = [self.eval(a) for a in node.args]
            kwargs = {kw.arg: self.eval(kw.value) for kw in node.keywords if kw.arg is not None}
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in _DICT_METHODS:
                owner = self.eval(func.value)
                if isinstance(owner, dict):
                    return getattr(owner, func.attr)(*args, **kwargs)
            if isinstance(func, ast.Name) and func.id in _PURE_BUILTINS and func.id not in self.env:
                return getattr(builtins, func.id)(*args, **kwargs)
        raise Unreadable(f"its __init__ evaluates {ast.unparse(node)[:60]!r}")


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    table = {
        ast.Eq: lambda a, b: a == b,
        ast.NotEq: lambda a, b: a != b,
        ast.In: lambda a, b: a in b,
        ast.NotIn: lambda a, b: a not in b,
        ast.Is: lambda a, b: a is b,
        ast.IsNot: lambda a, b: a is not b,
        ast.Lt: lambda a, b: a < b,
        ast.LtE: lambda a, b: a <= b,
        ast.Gt: lambda a, b: a > b,
        ast.GtE: lambda a, b: a >= b,
    }
    return bool(table[type(op)](left, right))


def _is_super_init(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
        and not func.value.args
    )


def _is_warning(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "warn"
        and isinstance(func.value, ast.Name)
        and func.value.id == "warnings"
    )
