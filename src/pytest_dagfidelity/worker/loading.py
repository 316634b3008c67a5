"""What both backends do around one DAG file: paths, module hygiene, error capture."""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
import sysconfig
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..compile import compile_file
from .errors import from_exception


def library_roots(extra: Sequence[str] = ()) -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"], *extra}
    roots.update(p for p in sys.path if "site-packages" in p or "dist-packages" in p)
    return tuple(sorted(os.path.realpath(r) for r in roots if r))


class FileLoader:
    """Base of both loaders: runs ``load`` for one file and returns a response record."""

    airflow_version: str

    def __init__(self, extra_library_roots: Sequence[str] = ()) -> None:
        self._roots = library_roots(extra_library_roots)

    def load(self, path: str) -> list[Any]:
        raise NotImplementedError

    def adapt(self, dags: list[Any]) -> list[Any]:
        return dags

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        path = os.path.abspath(request["path"])
        display = request.get("file") or os.path.basename(path)
        before = set(sys.modules)
        added_paths = [p for p in (os.path.dirname(path), request.get("root")) if p and p not in sys.path]
        sys.path[:0] = added_paths
        sys.dont_write_bytecode = True  # no __pycache__ in the user's DAG folders
        try:
            return self._run(path, display, request.get("now"))
        finally:
            sys.dont_write_bytecode = False
            for p in added_paths:
                if p in sys.path:
                    sys.path.remove(p)
            self._forget(set(sys.modules) - before)

    def _run(self, path: str, display: str, now: str | None = None) -> dict[str, Any]:
        try:
            with frozen_clock(now):
                dags = self.load(path)
        except _Reported as reported:
            return {"ok": False, "error": reported.error}
        except BaseException as exc:  # the DAG file's own failure, SystemExit included
            if isinstance(exc, KeyboardInterrupt):
                raise
            return {"ok": False, "error": from_exception(exc, path)}
        try:
            doc = compile_file(
                self.adapt(dags), file=display, dag_file=path, airflow_version=self.airflow_version
            )
        except Exception as exc:
            error = from_exception(exc, path)
            error["message"] = f"compiling dag.json failed: {error['message']}"
            error["internal"] = True
            return {"ok": False, "error": error}
        return {"ok": True, "doc": doc}

    def _forget(self, names: set[str]) -> None:
        for name in names:
            if not self._is_library(sys.modules.get(name)):
                sys.modules.pop(name, None)

    def _is_library(self, module: Any) -> bool:
        file = getattr(module, "__file__", None)
        locations = [file] if file else list(getattr(module, "__path__", None) or [])
        return all(os.path.realpath(loc).startswith(self._roots) for loc in locations)


def _import_time_machine() -> Any:
    # time_machine imports pytest (for its fixture) when it can: ~70 ms and ~10 MB a worker
    # never needs. Hide pytest for that one import unless something already loaded it.
    hidden = "pytest" not in sys.modules
    if hidden:
        sys.modules["pytest"] = None  # type: ignore[assignment]
    try:
        import time_machine

        return time_machine
    except ImportError:  # an Airflow venv without the harness installed: the clock runs
        return None
    finally:
        if hidden:
            del sys.modules["pytest"]


time_machine = _import_time_machine()

CLOCK_FROZEN = time_machine is not None


@contextlib.contextmanager
def frozen_clock(now: str | None) -> Iterator[None]:
    """Both backends parse at the same instant, so files that read the clock stay comparable."""
    if now is None or time_machine is None:
        yield
        return
    with time_machine.travel(datetime.datetime.fromisoformat(now), tick=False):
        yield


class _Reported(Exception):
    """A failure the loader has already turned into an error record."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error.get("message"))
        self.error = error


Reported = _Reported
Adapter = Callable[[list[Any]], list[Any]]
