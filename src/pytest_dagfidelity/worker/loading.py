"""What both backends do around one DAG file: paths, limits, error capture."""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

from ..compile import compile_file
from ..defaults import DEFAULT_TIMEOUT
from ..yaml_dags import is_python
from . import clock, guard, tempdir
from .errors import from_exception

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

# In a shared listing each file gets this share of the time limit (at least the floor, in
# seconds); one slower than that is listed as failed, and collection parses it alone.
SHARED_FILE_SHARE = 0.1
SHARED_FILE_FLOOR = 1.0

Freeze = Callable[[str | None], contextlib.AbstractContextManager[None]]


def private_airflow_home(prefix: str) -> None:
    """AIRFLOW_HOME for this worker unless the user set one: a fresh folder, never ~/airflow,
    removed when this process ends (its forked parse processes end without removing it)."""
    if os.path.isabs(os.environ.get("AIRFLOW_HOME", "")):
        return
    home = tempdir.make_folder(prefix)
    os.environ["AIRFLOW_HOME"] = home
    owner = os.getpid()

    def remove() -> None:
        if os.getpid() == owner:
            remove_folder(home)

    atexit.register(remove)


def remove_folder(path: str) -> None:
    """Remove a folder this harness made, and what is in it; never follows a symlink left there.
    An empty one (the usual case) without importing shutil (a one-file compile's ~2 ms)."""
    try:
        os.rmdir(path)
    except OSError:
        import shutil

        shutil.rmtree(path, ignore_errors=True)


class FileLoader:
    """Base of both loaders: runs ``load`` for one file and returns a response record."""

    airflow_version: str
    # How the clock stands still while a file runs; None: it runs (real Airflow without time_machine).
    freeze: Freeze | None = staticmethod(clock.frozen)

    def warm_up(self) -> None:
        """Parse one small DAG before the first file, so what Airflow imports lazily on its first
        parse is not counted against that file's time limit."""
        self._warm_up_with("dagfidelity_warm_up.py", _WARM_UP)

    def warm_up_yaml(self) -> None:
        """Parse one small dag-factory config, where dag-factory is installed: its imports (~60 ms)
        paid once in the warm worker, before its first YAML config, not at every start (most
        runs parse none)."""
        from . import yaml_loading

        yaml_source = yaml_loading.warm_up_source()
        if yaml_source is not None:
            self._warm_up_with("dagfidelity_warm_up.yml", yaml_source, yaml=True)

    def _warm_up_with(self, name: str, source: str, yaml: bool = False) -> None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="dagfidelity-warm-up-") as folder:
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(source)
            self.handle({"path": path, "now": None, **({"import_path": [folder]} if yaml else {})})

    def load(self, path: str) -> list[Any]:
        raise NotImplementedError

    def adapt(self, dags: list[Any]) -> list[Any]:
        return dags

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        # Airflow's sys.path for DAG files: the DAG folder, the plugins folder and the roots the
        # user names, appended as Airflow appends them; never the file's own folder.
        added_paths = [p for p in request.get("import_path") or () if p and p not in sys.path]
        sys.path.extend(added_paths)
        sys.dont_write_bytecode = True  # no __pycache__ in the user's DAG folders
        try:
            if "paths" in request:
                return self._list(request)
            path = os.path.abspath(request["path"])
            return self._run(path, request.get("file") or os.path.basename(path), request)
        finally:
            sys.dont_write_bytecode = False
            for p in added_paths:
                if p in sys.path:
                    sys.path.remove(p)

    def _list(self, request: dict[str, Any]) -> dict[str, Any]:
        """Each file's DAG ids, its files parsed one after another in this one process:
        collection's shared listing (docs/plugin.md). Each file is parsed exactly as alone
        (``_run``), but its dag.json is not compiled, and what it changed in the process that a
        later file could see (its modules, sys.path, the environment, the directory) is put
        back. The ids are only a listing: each file's own isolated parse confirms them, and
        compiles its dag.json, when its items run. None for a file that fails here, or runs past
        its share of the time; a file the time limit (one file's, for the whole list) leaves
        unparsed is absent. Collection parses both alone."""
        timeout = float(request.get("timeout") or DEFAULT_TIMEOUT)
        deadline = time.monotonic() + timeout
        # A file slower than its share is parsed alone, with the whole limit, instead: a file
        # that hangs costs collection 1.1 limits, not the whole list's budget and then its own.
        share = max(SHARED_FILE_FLOOR, timeout * SHARED_FILE_SHARE)
        folders = user_folders(request.get("import_path") or ())
        listings: dict[str, list[str] | None] = {}
        for path, display in zip(request["paths"], request["files"], strict=True):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            limit = min(remaining, share)
            with _put_back(folders):
                listed = {**request, "timeout": limit, "ids_only": True}
                response = self._run(os.path.abspath(path), display, listed)
            listings[path] = (response.get("ids") or None) if response.get("ok") is True else None
        return {"ok": True, "listings": listings}

    def _run(self, path: str, display: str, request: dict[str, Any]) -> dict[str, Any]:
        if is_python(path):
            return self._parse(path, path, display, request)
        # A dag-factory YAML config: dag-factory's own loader, for this one file, parsed as a DAG file.
        from . import yaml_loading  # here: a Python DAG file needs none of it

        folder = next(iter(request.get("import_path") or ()), None)
        with yaml_loading.loader_for(path, folder) as loader:
            return self._parse(loader, path, display, request)

    def _parse(self, path: str, given: str, display: str, request: dict[str, Any]) -> dict[str, Any]:
        memory_limit = request.get("memory_limit")
        try:
            with (
                self.freeze(request.get("now")) if self.freeze else contextlib.nullcontext(),
                guard.memory_limit(memory_limit),
                guard.watching(path),
                guard.time_limit(request.get("timeout")),
            ):
                dags = self.load(path)
        except _Reported as reported:
            return self._failed(
                _in_yaml(reported.error, reported.exc, given), memory_limit, request.get("now")
            )
        except BaseException as exc:  # the DAG file's own failure: SystemExit, KeyboardInterrupt too
            error = _in_yaml(from_exception(exc, path), exc, given)
            return self._failed(error, memory_limit, request.get("now"))
        objects_by_id: dict[str, set[int]] = {}
        for dag in dags:  # the same object can be listed twice (a global, and auto-registered)
            objects_by_id.setdefault(dag.dag_id, set()).add(id(dag))
        duplicated = sorted(dag_id for dag_id, objects in objects_by_id.items() if len(objects) > 1)
        if duplicated:
            return self._failed(
                {
                    "type": "DuplicateDagId",
                    "line": None,
                    "origin": "dag",
                    "kind": "duplicate_dag_id",
                    "message": f"the file defines more than one DAG with dag_id {', '.join(duplicated)}; "
                    "Airflow keeps one of them and silently drops the others",
                    "fix": "give every DAG in the file its own dag_id",
                },
                memory_limit,
                None,
            )
        if request.get("ids_only"):  # the shared listing: the ids are all it asks for
            return {"ok": True, "ids": sorted(objects_by_id)}
        try:
            doc = compile_file(
                self.adapt(dags), file=display, dag_file=path, airflow_version=self.airflow_version
            )
        except BaseException as exc:  # a shim refusal met while rendering a value is a BaseException
            error = from_exception(exc, path)
            if error["origin"] != "unsupported":  # else: the shim's loud refusal, as at parse time
                error["message"] = f"compiling dag.json failed: {error['message']}"
                error["origin"], error["kind"] = "harness", "render"
            return {"ok": False, "error": error}
        return {"ok": True, "doc": doc}

    def _failed(self, error: dict[str, Any], memory_limit: float | None, now: str | None) -> dict[str, Any]:
        response: dict[str, Any] = {"ok": False, "error": error}
        if error.get("type") == "ParseTimeout":
            error["type"] = "Timeout"
            error["message"] = str(error.get("message")) + self.frozen_clock_note(now)
        if error.get("type") == "MemoryError":
            if memory_limit:
                error["message"] = (
                    f"the file allocated more than the {memory_limit:g} MB memory limit while it was parsed"
                )
                error["fix"] = "build less at the top level, or raise the limit (--memory-limit)"
        return response

    def frozen_clock_note(self, now: str | None) -> str:
        """What a time-limit message adds while the clock is frozen: a wait on the clock never ends.

        The clock stands still by design (both backends must see the same instant), so the harness
        does not make it advance on reads; the time limit, on real time, stops such a loop instead."""
        if now is None or self.freeze is None:
            return ""
        return (
            f" (the clock stands still at {now} while a file is parsed, so a loop waiting for "
            "time.time() or datetime.now() to pass a deadline never ends)"
        )


def user_folders(import_path: Iterable[str]) -> tuple[str, ...]:
    """The user's folders on a DAG file's sys.path (the DAG folder, the plugins folder, named
    roots), resolved and ending in a separator, for ``in_folders``."""
    return tuple(os.path.join(os.path.realpath(p), "") for p in import_path)


def in_folders(file: str, folders: tuple[str, ...], path: Sequence[str]) -> bool:
    """Whether the module at ``file`` (its ``__file__``) was found through one of
    ``user_folders``' folders: it lies in one, and no other entry of ``path`` (sys.path as it
    was before the DAG file ran) inside that folder holds it. A venv in the DAG folder holds
    libraries, not the user's modules: they are kept and warmed like any library."""
    real = os.path.realpath(file)
    if not real.startswith(folders):
        return False
    deepest = max(len(folder) for folder in folders if real.startswith(folder))
    libraries = _library_entries(tuple(path), folders)
    return not any(len(entry) > deepest and real.startswith(entry) for entry in libraries)


@functools.lru_cache(maxsize=16)
def _library_entries(path: tuple[str, ...], folders: tuple[str, ...]) -> tuple[str, ...]:
    """``path``'s entries, resolved and ending in a separator, but the user's ``folders``."""
    entries = (os.path.join(os.path.realpath(entry), "") for entry in path if entry)
    return tuple(entry for entry in entries if entry not in folders)


@contextlib.contextmanager
def _put_back(folders: tuple[str, ...]) -> Iterator[None]:
    """Undo what one DAG file changed in this process that the next file would see: the modules
    it imported from the user's ``folders`` (and its own), sys.path, the environment, the
    working directory. Library modules it imported stay, as in a warm worker."""
    # os.environ's own bytes dict: copied and compared at C speed (a copy of os.environ decodes
    # every variable, a third of a small file's parse).
    raw = getattr(os.environ, "_data", None)
    environ: dict[Any, Any] = dict(raw) if raw is not None else dict(os.environ)
    modules, path, cwd = set(sys.modules), sys.path[:], os.getcwd()
    try:
        yield
    finally:
        for name in set(sys.modules) - modules:
            file = getattr(sys.modules.get(name), "__file__", None)
            if name.startswith("unusual_prefix_") or (file and in_folders(file, folders, path)):
                sys.modules.pop(name, None)
        sys.path[:] = path
        if (raw if raw is not None else os.environ) != environ:
            os.environ.clear()
            if raw is not None:
                os.environb.update(environ)
            else:
                os.environ.update(environ)
        with contextlib.suppress(OSError):  # a folder the file removed: the next file finds out
            if os.getcwd() != cwd:
                os.chdir(cwd)


_WARM_UP = """
try:
    from airflow.sdk import DAG, task
except ImportError:
    from airflow import DAG
    from airflow.decorators import task

with DAG("dagfidelity_warm_up", schedule=None):
    @task
    def first():
        pass

    first() >> first()
"""


def _in_yaml(error: dict[str, Any], exc: BaseException | None, given: str) -> dict[str, Any]:
    """A YAML config's failure names the YAML's line and key, never the generated loader's."""
    if is_python(given) or error.get("origin") == "harness":
        return error
    from . import yaml_loading  # imported already: the YAML config was loaded with it

    return yaml_loading.locate(error, exc, given)


class _Reported(Exception):
    """A failure the loader has already turned into an error record."""

    def __init__(self, error: dict[str, Any], exc: BaseException | None = None) -> None:
        super().__init__(error.get("message"))
        self.error = error
        self.exc = exc  # what the file raised, where known


Reported = _Reported
