"""What an installed provider package defines, read from its source files, never imported.

Where the environment has a real ``airflow/providers/<pkg>`` folder (a project that installs
its providers, or an Airflow venv), the shim answers imports as Python would for it: a module
the provider does not have fails with ``ModuleNotFoundError``, a name it does not define with
``ImportError``, and a submodule is a submodule. Where the provider is not installed the shim
cannot know, and serves the module generically.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import lru_cache

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    import ast  # imported where a source is read: it costs a cold start ~1 ms
    from typing import Any

_SHIM_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _per_parse(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``'s answers kept while one DAG file is parsed: a provider's files are looked at
    again for the next file (they may change between two), not for each task and import of one
    (a file with a few provider tasks asked for hundreds of stats)."""
    answers: dict[tuple[Any, ...], Any] = {}
    parse: list[Any] = [None]  # the run state of the parse the answers belong to

    def answer(*args: Any) -> Any:
        from . import runtime

        if parse[0] is not runtime.STATE:  # load_file makes a new one for every file
            answers.clear()
            parse[0] = runtime.STATE
        try:
            return answers[args]
        except KeyError:
            found = answers[args] = function(*args)
            return found

    answer.__doc__ = function.__doc__
    return answer


def _roots() -> tuple[str, ...]:
    """Folders on ``sys.path`` holding a real ``airflow/providers`` package (the shim's own aside).
    Asked for every provider name a file touches (hundreds of times for a few provider tasks):
    a stat per entry once per sys.path, as Python's own path finders cache a folder's entries."""
    return _scan_roots(tuple(sys.path))


@lru_cache(maxsize=32)
def _scan_roots(path: tuple[str, ...]) -> tuple[str, ...]:
    found = []
    for entry in path:
        if not entry or os.path.abspath(entry) == _SHIM_ROOT:
            continue
        candidate = os.path.join(entry, "airflow", "providers")
        if os.path.isdir(candidate):
            found.append(entry)
    return tuple(found)


def _paths(module: str) -> list[str]:
    parts = module.split(".")
    if parts[0] != "airflow":  # a provider registered through an entry point (entry_point_providers)
        from .entry_point_providers import search_roots

        return [os.path.join(root, *parts) for root in search_roots()]
    return [os.path.join(root, *parts) for root in _roots()]


def is_provider_module(module: str) -> bool:
    """Whether ``module`` belongs to a provider: ``airflow.providers.*``, or a package outside
    ``airflow`` that registers an ``apache_airflow_provider`` entry point (entry_point_providers)."""
    if module.startswith("airflow.providers."):
        return True
    if module.split(".")[0] == "airflow":
        return False
    from .entry_point_providers import provider_packages

    return module.split(".")[0] in provider_packages()


@_per_parse
def package_installed(module: str) -> bool:
    """Whether the provider package owning ``module`` (``airflow.providers.<name>``, or the
    deeper namespace ``airflow.providers.apache.<name>``) is installed here."""
    parts = module.split(".")
    if parts[0] != "airflow":
        return is_provider_module(module) and module_file(parts[0]) is not None
    for depth in (3, 4):
        if len(parts) < depth:
            break
        for base in _paths(".".join(parts[:depth])):
            if os.path.isfile(os.path.join(base, "get_provider_info.py")):
                return True
    return False


@_per_parse
def module_file(module: str) -> str | None:
    """The source file of ``module`` in an installed provider, or None where it has none."""
    for base in _paths(module):
        if os.path.isfile(os.path.join(base, "__init__.py")):
            return os.path.join(base, "__init__.py")
        if os.path.isfile(base + ".py"):
            return base + ".py"
        if os.path.isdir(base):
            return base  # a namespace package (airflow.providers.apache)
    return None


def is_submodule(module: str, name: str) -> bool:
    return module_file(f"{module}.{name}") is not None


def top_level_names(path: str) -> frozenset[str] | None:
    """Names a module's source binds at its top level; None when any name may exist (a
    module ``__getattr__``, a star import, an unreadable file)."""
    if os.path.isdir(path):
        return frozenset()
    try:
        return _top_level_names(path, os.stat(path).st_mtime_ns)
    except OSError:
        return None


@lru_cache(maxsize=256)
def _top_level_names(path: str, _mtime: int) -> frozenset[str] | None:
    import ast

    try:
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
    except (OSError, SyntaxError, ValueError):
        return None
    names: set[str] = set()

    def visit(body: list[ast.stmt]) -> bool:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name == "__getattr__":
                    return False
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if alias.name == "*":
                        return False
                    names.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
            elif isinstance(node, (ast.If, ast.Try)):
                # Conditional definitions (version gates, optional imports): any branch counts.
                blocks = [node.body, node.orelse]
                if isinstance(node, ast.Try):
                    blocks += [h.body for h in node.handlers] + [node.finalbody]
                if not all(visit(b) for b in blocks):
                    return False
        return True

    return frozenset(names) if visit(tree.body) else None


def _parse(path: str) -> ast.Module | None:
    try:
        return _parse_cached(path, os.stat(path).st_mtime_ns)
    except OSError:
        return None


@lru_cache(maxsize=256)
def _parse_cached(path: str, _mtime: int) -> ast.Module | None:
    import ast

    try:
        with open(path, encoding="utf-8") as fh:
            return ast.parse(fh.read())
    except (OSError, SyntaxError, ValueError):
        return None


def _imported(tree: ast.Module, module: str, name: str) -> list[str]:
    """``module.Name`` candidates a top-level name may be bound to by the module's imports
    (every branch of a ``try: ... except ImportError:`` counts, first one first)."""
    return list(_import_index(tree, module).get(name, ()))


# Per parsed tree (which _parse_cached keeps while the file is unchanged): one walk of the
# tree per module, not one per name asked for (a provider operator asks for every ancestor).
_IMPORT_INDEXES: dict[tuple[int, str], tuple[ast.Module, dict[str, list[str]]]] = {}


def _import_index(tree: ast.Module, module: str) -> dict[str, list[str]]:
    import ast

    key = (id(tree), module)
    held = _IMPORT_INDEXES.get(key)
    if held is not None and held[0] is tree:  # the tree is held here, so its id is not reused
        return held[1]
    index: dict[str, list[str]] = {}
    path = module_file(module) or ""
    package = module if path.endswith("__init__.py") else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                index.setdefault(alias.asname or alias.name, []).append(f"{base}.{alias.name}")
    _IMPORT_INDEXES[key] = (tree, index)
    return index


@_per_parse
def _class_source(module: str, name: str) -> tuple[ast.Module, ast.ClassDef | None] | None:
    """The parsed source of installed ``module`` and its class ``name`` (None where the module
    defines no such class, e.g. it re-exports it); None where the source cannot be read."""
    import ast

    path = module_file(module)
    tree = _parse(path) if path and os.path.isfile(path) else None
    if tree is None:
        return None
    classdef = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
    return tree, classdef


@_per_parse
def class_params(
    module: str, name: str, core: Callable[[str, str], frozenset[str] | None], depth: int = 0
) -> frozenset[str] | None:
    """Every keyword the constructor chain of the installed provider class ``module.name`` takes,
    read from its source; None when a link of the chain cannot be read. ``core(module, name)``
    answers for classes outside installed providers (Airflow's own, from the version table)."""
    import ast

    if depth > 12:
        return None
    if not is_provider_module(module) or not package_installed(module):
        return core(module, name)
    source = _class_source(module, name)
    if source is None:
        return None
    tree, classdef = source
    if classdef is None:
        for candidate in _imported(tree, module, name):
            found = class_params(*candidate.rsplit(".", 1), core, depth + 1)
            if found is not None:
                return found
        return core(module, name)  # a lazy re-export module (common.compat.sdk): the table knows it
    own: set[str] = set()
    init = next(
        (
            n
            for n in classdef.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "__init__"
        ),
        None,
    )
    if init is not None:
        args = init.args
        own.update(a.arg for a in [*args.args, *args.kwonlyargs] if a.arg != "self")
        if args.kwarg is None:  # it passes nothing on: its own parameters are all it takes
            return frozenset(own)
    for base in classdef.bases:
        if isinstance(base, ast.Subscript):  # a generic base: AwsBaseOperator[S3Hook]
            base = base.value
        if isinstance(base, ast.Name):
            candidates = (
                [f"{module}.{base.id}"]
                if any(isinstance(n, ast.ClassDef) and n.name == base.id for n in tree.body)
                else _imported(tree, module, base.id)
            )
        elif isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
            candidates = [f"{m}.{base.attr}" for m in _imported(tree, module, base.value.id)]
            candidates += [f"{base.value.id}.{base.attr}"]
        else:
            return None
        for candidate in candidates:
            inherited = class_params(*candidate.rsplit(".", 1), core, depth + 1)
            if inherited is not None:
                own.update(inherited)
                break
        else:
            return None
    return frozenset(own)


# A constructor check: the parameters it reads, their literal defaults, and the check itself.
if TYPE_CHECKING:
    Check = tuple[tuple[str, ...], dict[str, Any], Callable[..., None]]


@_per_parse
def constructor_checks(module: str, name: str, depth: int = 0) -> list[Check]:
    """The argument checks the constructor chain of the installed provider class ``module.name``
    makes while the DAG file is parsed (DockerOperator's ``auto_remove`` must be one of three
    words, say): each top-level ``if`` of an ``__init__`` whose body only raises a builtin
    exception and whose test reads nothing but parameters the body has not reassigned, compiled
    alone (``pure_function``'s rule). Base classes' checks come first, as ``super().__init__``
    runs first in providers."""
    import ast

    if depth > 12 or not is_provider_module(module) or not package_installed(module):
        return []
    source = _class_source(module, name)
    if source is None:
        return []
    tree, classdef = source
    if classdef is None:
        for candidate in _imported(tree, module, name):
            found = constructor_checks(*candidate.rsplit(".", 1), depth + 1)
            if found:
                return found
        return []
    checks: list[Check] = []
    for base in classdef.bases:
        base_name = base.id if isinstance(base, ast.Name) else None
        if base_name is None:
            continue
        local = any(isinstance(n, ast.ClassDef) and n.name == base_name for n in tree.body)
        for candidate in [f"{module}.{base_name}"] if local else _imported(tree, module, base_name):
            checks += constructor_checks(*candidate.rsplit(".", 1), depth + 1)
    init = next((n for n in classdef.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    if init is not None:
        checks += _init_checks(init, os.fspath(module_file(module) or module))
    return checks


# Per ``__init__`` node of a parsed tree (which _parse_cached keeps while the file is
# unchanged): its checks are compiled once, not once per task built from the class.
_INIT_CHECKS: dict[int, tuple[ast.FunctionDef, list[Check]]] = {}


def _init_checks(init: ast.FunctionDef, path: str) -> list[Check]:
    held = _INIT_CHECKS.get(id(init))
    if held is None or held[0] is not init:  # the node is held here, so its id is not reused
        held = _INIT_CHECKS[id(init)] = (init, _compile_init_checks(init, path))
    return held[1]


def _compile_init_checks(init: ast.FunctionDef, path: str) -> list[Check]:
    import ast
    import builtins
    import symtable

    args = init.args
    params = [a.arg for a in [*args.args, *args.kwonlyargs] if a.arg != "self"]
    positional = args.args[1:]
    defaults: dict[str, Any] = {}
    for arg, default in [
        *zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True),
        *zip(args.kwonlyargs, args.kw_defaults, strict=True),
    ]:
        if default is None:
            continue
        try:
            defaults[arg.arg] = ast.literal_eval(default)
        except ValueError:
            pass  # not a literal: a check reading this parameter is not made
    reassigned: set[str] = set()
    found: list[Check] = []
    for statement in init.body:
        if (
            isinstance(statement, ast.If)
            and not statement.orelse
            and isinstance(statement.body[-1], ast.Raise)
        ):
            read = {n.id for n in ast.walk(statement.test) if isinstance(n, ast.Name)}
            used = sorted(read & set(params))
            if used and not read & reassigned:
                body = "\n".join("    " + line for line in ast.unparse(statement).splitlines())
                source = f"def check({', '.join(used)}):\n{body}\n"
                table = symtable.symtable(source, path, "exec").get_children()[0]
                outside = {s.get_name() for s in table.get_symbols() if s.is_global() or s.is_free()}
                if outside <= set(dir(builtins)) and all(u in defaults or u in params for u in used):
                    namespace: dict[str, Any] = {"__builtins__": builtins}
                    exec(compile(source, path, "exec"), namespace)  # noqa: S102 - self-contained, checked
                    found.append(
                        (tuple(used), {u: defaults[u] for u in used if u in defaults}, namespace["check"])
                    )
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                reassigned.add(node.id)
    return found


def providers_visible() -> bool:
    """Whether any real provider package is installed where the shim runs."""
    return bool(_roots())


def _provider_infos() -> list[dict[str, Any]]:
    """Every installed provider's ``get_provider_info()`` literal, read with ``ast`` (never run)."""
    infos = []
    for path in _info_files(_roots()):
        try:
            infos += _infos_in(path, os.stat(path).st_mtime_ns)
        except OSError:
            continue
    return infos


@lru_cache(maxsize=32)
def _info_files(roots: tuple[str, ...]) -> tuple[str, ...]:
    """Every ``get_provider_info.py`` below ``roots``: one walk of the installed providers per
    process, as Airflow's providers manager discovers them once (a file's contents are read
    again when it changes, ``_infos_in``)."""
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(os.path.join(root, "airflow", "providers")):
            dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")) and d != "tests")
            if "get_provider_info.py" in files:
                found.append(os.path.join(folder, "get_provider_info.py"))
    return tuple(found)


@lru_cache(maxsize=512)
def _infos_in(path: str, _mtime: int) -> tuple[dict[str, Any], ...]:
    """The dict literals one ``get_provider_info.py`` returns, once while the file is unchanged
    (callers only read them)."""
    import ast

    tree = _parse(path)
    infos = []
    for node in ast.walk(tree) if tree is not None else ():
        if not isinstance(node, ast.Return) or node.value is None:
            continue
        try:
            info = ast.literal_eval(node.value)
        except ValueError:
            continue
        if isinstance(info, dict):
            infos.append(info)
    return tuple(infos)


def registered_task_decorators() -> dict[str, str]:
    """``@task.<name>`` decorators the installed providers register, as Airflow's providers
    manager reads them (``task-decorators``): name -> dotted path of the decorator function. Both
    the packages under ``airflow/providers/`` and any distribution registering an
    ``apache_airflow_provider`` entry point count."""
    from .entry_point_providers import provider_infos

    found: dict[str, str] = {}
    for info in [*_provider_infos(), *provider_infos()]:
        for entry in info.get("task-decorators", ()):
            if isinstance(entry, dict) and "name" in entry and "class-name" in entry:
                found.setdefault(entry["name"], entry["class-name"])
    return found


def uri_handler(scheme: str, key: str) -> str | None:
    """The dotted path of the handler an installed provider registers for ``scheme`` under ``key``
    (``dataset-uris`` is what 2.x's providers manager reads, ``asset-uris`` 3.x's); None where no
    provider registers one or its handler is null (Airflow's no-op). A later provider overrides an
    earlier one, as the providers manager's ``update`` does."""
    found: str | None = None
    for info in _provider_infos():
        for entry in info.get(key, ()):
            if "schemes" in entry and "handler" in entry and scheme in entry["schemes"]:
                found = entry["handler"]
    return found


def pure_function(dotted: str) -> Callable[..., Any] | None:
    """The installed provider function ``dotted`` compiled alone from its source, where it is
    self-contained: every name it reads is its own or a builtin (an asset URI handler that checks
    and rewrites a ``SplitResult``). None where it reaches for anything else: the shim runs no
    provider code that could touch the module's imports."""
    import ast
    import builtins
    import copy
    import symtable

    module, _, name = dotted.rpartition(".")
    path = module_file(module)
    tree = _parse(path) if path and path.endswith(".py") else None
    funcdef = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name) if tree else (),
        None,
    )
    if path is None or funcdef is None or funcdef.decorator_list:
        return None
    funcdef = copy.deepcopy(funcdef)
    funcdef.returns = None
    for arg in (*funcdef.args.posonlyargs, *funcdef.args.args, *funcdef.args.kwonlyargs):
        arg.annotation = None
    for arg in (funcdef.args.vararg, funcdef.args.kwarg):
        if arg is not None:
            arg.annotation = None
    alone = ast.Module(body=[funcdef], type_ignores=[])
    source = ast.unparse(alone)

    def outside_names(table: symtable.SymbolTable) -> set[str]:
        names = {s.get_name() for s in table.get_symbols() if s.is_global() or s.is_free()}
        for child in table.get_children():
            names |= outside_names(child)
        return names

    top = symtable.symtable(source, path, "exec")
    if not outside_names(top.get_children()[0]) <= set(dir(builtins)):
        return None
    namespace: dict[str, Any] = {"__builtins__": builtins, "__name__": module}
    exec(compile(source, path, "exec"), namespace)  # noqa: S102 - self-contained, checked above
    return namespace[name]  # type: ignore[no-any-return]


def class_ancestors(module: str, name: str, depth: int = 0) -> set[str] | None:
    """Names of the classes the installed provider class ``module.name`` derives from, read from
    source as far as the installed providers go (``BaseEventTrigger`` for an event trigger);
    None where the class cannot be read."""
    import ast

    if depth > 12 or not is_provider_module(module) or not package_installed(module):
        return set()
    source = _class_source(module, name)
    if source is None:
        return None
    tree, classdef = source
    if classdef is None:
        for candidate in _imported(tree, module, name):
            found = class_ancestors(*candidate.rsplit(".", 1), depth + 1)
            if found:
                return found
        return None
    names: set[str] = set()
    for base in classdef.bases:
        if isinstance(base, ast.Subscript):
            base = base.value
        base_name = (
            base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else None
        )
        if base_name is None:
            continue
        names.add(base_name)
        local = any(isinstance(n, ast.ClassDef) and n.name == base_name for n in tree.body)
        for candidate in [f"{module}.{base_name}"] if local else _imported(tree, module, base_name):
            names |= class_ancestors(*candidate.rsplit(".", 1), depth + 1) or set()
    return names


def alias_of(module: str, name: str) -> str | None:
    """The class a module-level alias names (``send_slack_notification = SlackNotifier``)."""
    import ast

    path = module_file(module)
    tree = _parse(path) if path and os.path.isfile(path) else None
    for node in tree.body if tree is not None else ():
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Name)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        ):
            return node.value.id
    return None
