"""Run state of the shim: the target version, the DAG-definition context stacks, the
DAGs a file registered, and loading one DAG file the way Airflow's DagBag does."""

from __future__ import annotations

import gc
import importlib.util
import marshal
import os
import sys
from _imp import _fix_co_filename
from importlib.machinery import ModuleSpec, SourceFileLoader
from importlib.util import MAGIC_NUMBER
from types import CodeType, ModuleType

from .versions import Version, load_version, resolve_minor

try:  # CPython's own SHA-1: the same digest, without hashlib's OpenSSL start-up (~3 ms)
    from _sha1 import sha1 as _sha1
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import sha1 as _sha1

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

TARGET: Version = load_version(resolve_minor(os.environ.get("DAGFIDELITY_TARGET")))


class State:
    """What one DAG file's parse has open and has made (a plain class: cheaper to build at start)."""

    def __init__(self) -> None:
        self.dag_stack: list[Any] = []
        self.group_stack: dict[int, list[Any]] = {}  # id(dag) -> open groups
        self.registered: dict[int, Any] = {}  # DAGs auto-registered on __exit__, by id, in order
        self.refusals: list[BaseException] = []
        # id(dag) -> (the DAG, its task ids scanned, the highest __N suffix per prefix): taskflow.py
        self.id_suffixes: dict[int, tuple[Any, list[str], dict[str, int]]] = {}


STATE = State()


def configure(target: str | None) -> None:
    global TARGET
    minor = resolve_minor(target or os.environ.get("DAGFIDELITY_TARGET"))
    if minor != TARGET.minor:
        TARGET = load_version(minor)
    os.environ["DAGFIDELITY_TARGET"] = TARGET.minor


def current_dag() -> Any:
    return STATE.dag_stack[-1] if STATE.dag_stack else None


def current_group(dag: Any) -> Any:
    if dag is None:
        return None
    stack = STATE.group_stack.get(id(dag))
    return stack[-1] if stack else dag.task_group


def module_name(path: str) -> str:
    # As DagBag does: a name no real module can clash with.
    digest = _sha1(path.encode()).hexdigest()
    stem = os.path.splitext(os.path.basename(path))[0]
    if _sanitises_stems(TARGET):
        stem = stem.replace(".", "_").replace("-", "_")
    return f"unusual_prefix_{digest}_{stem}"


def _sanitises_stems(target: Version) -> bool:
    """Whether the version makes a file name that is not an identifier into one (measured on a
    sample name: 2.10 on turn "my-dags.v2" into "my_dags_v2"): classes defined in the file then
    carry the sanitised name in their class path. Decided once per version."""
    found = target._cache.get("sanitises_stems")
    if found is None:
        sample = target.facts.get("dag_module_stem", {})
        found = target._cache["sanitises_stems"] = any(given != made for given, made in sample.items())
    return found  # type: ignore[no-any-return]


def _new_module(name: str, path: str) -> Any:
    """The module DagBag makes for a DAG file (``spec_from_file_location``, ``module_from_spec``):
    a source file loader, the file as its origin, its bytecode's path. Built directly for a
    plain ``.py`` file, without the search for a loader by suffix; any other path goes through
    importlib, as it does for DagBag."""
    if not path.endswith(".py") or os.path.basename(path) == "__init__.py":
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        return importlib.util.module_from_spec(spec)
    loader = SourceFileLoader(name, path)
    spec = ModuleSpec(name, loader, origin=path)
    spec.has_location = True
    try:
        spec.cached = importlib.util.cache_from_source(path)
    except NotImplementedError:  # an interpreter that writes no bytecode cache
        spec.cached = None
    # module_from_spec's attributes, in its order: a source file loader makes no module itself.
    module = ModuleType(name)
    module.__loader__ = loader
    module.__package__ = spec.parent
    module.__spec__ = spec
    module.__file__ = path
    if spec.cached is not None:
        module.__cached__ = spec.cached
    return module


def _run_module(module: Any) -> None:
    """``exec_module`` for the module ``_new_module`` made: its code from a current timestamp
    bytecode file where there is one (what ``SourceLoader.get_code`` returns, read without its
    generic steps: ~5 µs of a small file), else the loader's own way (it compiles and caches)."""
    spec = module.__spec__
    loader = spec.loader
    code = None
    cached = spec.cached
    if type(loader) is SourceFileLoader and cached is not None:
        code = _current_bytecode(spec.origin, cached)
    if code is None:
        loader.exec_module(module)
        return
    exec(code, module.__dict__)


def _current_bytecode(path: str, cached: str) -> Any:
    """The code in ``cached`` where it is a timestamp bytecode file made from ``path`` as it is
    now (magic number, flags, modification time, size), else None."""
    try:  # the bytecode file first: where there is none (the usual case), one failed open
        with open(cached, "rb", buffering=0) as fh:
            data = fh.readall()
        size = os.stat(path)
    except OSError:
        return None
    if (
        len(data) < 16
        or data[:4] != MAGIC_NUMBER
        or data[4:8] != b"\0\0\0\0"  # hash-based: the loader checks those
        or int.from_bytes(data[8:12], "little") != int(size.st_mtime) & 0xFFFFFFFF
        or int.from_bytes(data[12:16], "little") != size.st_size & 0xFFFFFFFF
    ):
        return None
    try:
        code = marshal.loads(memoryview(data)[16:])
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(code, CodeType):
        return None
    _fix_co_filename(code, path)
    return code


_HEAP_FROZEN = False


def _freeze_start_up_heap() -> None:
    """Set the objects the process has before its first DAG file (modules, the version table:
    long-lived by nature) aside from the cyclic collector, once, as the fork server does for
    its children. Otherwise every full collection while a large DAG builds walks them again,
    and the cost of a DAG grows faster than its size (measured: 12x the time for 10x tasks)."""
    global _HEAP_FROZEN
    if not _HEAP_FROZEN:
        _HEAP_FROZEN = True
        gc.freeze()
        # A DAG file builds objects that all live until it ends (a 10,000-task DAG: ~300,000):
        # collecting the youngest every 700 allocations walked them again and again (measured:
        # a third of such a parse). Every few thousand still bounds what a file leaves to collect.
        young, *older = gc.get_threshold()
        if 0 < young < _YOUNGEST_COLLECTED_AFTER:
            gc.set_threshold(_YOUNGEST_COLLECTED_AFTER, *older)


_YOUNGEST_COLLECTED_AFTER = 7000  # allocations between two collections of the youngest objects


_PARTS: tuple[Any, Any, Any] | None = None


def load_file(path: str) -> list[Any]:
    """Execute one DAG file and return its DAGs, validated as DagBag validates them."""
    global STATE, _PARTS
    if _PARTS is None:  # imported here (they import this module), once
        from . import task_executors
        from .dag import DAG
        from .setup_teardown import SetupTeardownContext

        _PARTS = (task_executors, DAG, SetupTeardownContext)
    task_executors, DAG, SetupTeardownContext = _PARTS

    STATE = State()
    SetupTeardownContext.reset()
    name = module_name(path)
    module = _new_module(name, path)
    sys.modules[name] = module
    _freeze_start_up_heap()
    try:
        _run_module(module)
    finally:
        STATE.dag_stack.clear()
    if STATE.refusals:  # refused inside a try/except of the DAG file: still refused
        raise STATE.refusals[0]
    # By identity, once each (a file may make thousands: no scan of those found so far).
    found_by_id: dict[int, Any] = {}
    for obj in [*vars(module).values(), *STATE.registered.values()]:
        if isinstance(obj, DAG):
            found_by_id.setdefault(id(obj), obj)
    found = list(found_by_id.values())
    for dag in found:
        dag.fileloc = path
        dag.validate()
        task_executors.validate(dag)
        dag.check_cycle()
        dag.resolve_template_files()
    return sorted(found, key=lambda d: d.dag_id)
