"""What both backends do around one DAG file: paths, limits, error capture."""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

from ..compile import compile_file
from . import guard
from .errors import from_exception


class FileLoader:
    """Base of both loaders: runs ``load`` for one file and returns a response record."""

    airflow_version: str

    def warm_up(self) -> None:
        """Parse one small DAG before the first file, so what Airflow imports lazily on its first
        parse is not counted against that file's time limit."""
        with tempfile.TemporaryDirectory(prefix="dagfidelity-warm-up-") as folder:
            path = os.path.join(folder, "dagfidelity_warm_up.py")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(_WARM_UP)
            self.handle({"path": path, "now": None})

    def load(self, path: str) -> list[Any]:
        raise NotImplementedError

    def adapt(self, dags: list[Any]) -> list[Any]:
        return dags

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        path = os.path.abspath(request["path"])
        display = request.get("file") or os.path.basename(path)
        # Airflow's sys.path for DAG files: the DAG folder, the plugins folder and the roots the
        # user names, appended as Airflow appends them; never the file's own folder.
        added_paths = [p for p in request.get("import_path") or () if p and p not in sys.path]
        sys.path.extend(added_paths)
        sys.dont_write_bytecode = True  # no __pycache__ in the user's DAG folders
        try:
            return self._run(path, display, request)
        finally:
            sys.dont_write_bytecode = False
            for p in added_paths:
                if p in sys.path:
                    sys.path.remove(p)

    def _run(self, path: str, display: str, request: dict[str, Any]) -> dict[str, Any]:
        memory_limit = request.get("memory_limit")
        try:
            with (
                frozen_clock(request.get("now")),
                guard.memory_limit(memory_limit),
                guard.watching(path),
                guard.time_limit(request.get("timeout")),
            ):
                dags = self.load(path)
        except _Reported as reported:
            return _failed(reported.error, memory_limit, request.get("now"))
        except BaseException as exc:  # the DAG file's own failure: SystemExit, KeyboardInterrupt too
            return _failed(from_exception(exc, path), memory_limit, request.get("now"))
        objects_by_id: dict[str, set[int]] = {}
        for dag in dags:  # the same object can be listed twice (a global, and auto-registered)
            objects_by_id.setdefault(dag.dag_id, set()).add(id(dag))
        duplicated = sorted(dag_id for dag_id, objects in objects_by_id.items() if len(objects) > 1)
        if duplicated:
            return _failed(
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


def _failed(error: dict[str, Any], memory_limit: float | None, now: str | None) -> dict[str, Any]:
    response: dict[str, Any] = {"ok": False, "error": error}
    if error.get("type") == "ParseTimeout":
        error["type"] = "Timeout"
        error["message"] = str(error.get("message")) + frozen_clock_note(now)
    if error.get("type") == "MemoryError":
        if memory_limit:
            error["message"] = (
                f"the file allocated more than the {memory_limit:g} MB memory limit while it was parsed"
            )
            error["fix"] = "build less at the top level, or raise the limit (--memory-limit)"
    return response


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


def frozen_clock_note(now: str | None) -> str:
    """What a time-limit message adds while the clock is frozen: a wait on the clock never ends.

    The clock stands still by design (both backends must see the same instant), so the harness
    does not make it advance on reads; the time limit, on real time, stops such a loop instead."""
    if now is None or time_machine is None:
        return ""
    return (
        f" (the clock stands still at {now} while a file is parsed, so a loop waiting for "
        "time.time() or datetime.now() to pass a deadline never ends)"
    )


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
