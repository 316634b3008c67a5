"""Compare the shim with real Airflow on DAG files: one verdict per file."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from .backends import Backend, Result
from .causes import MACHINE_LIMITS, NO_DAG_FIX, own_fix
from .compile import canonical
from .diff import diff
from .discovery import dag_files

MATCH, MISMATCH, SHIM_ERROR, AIRFLOW_ERROR = "match", "mismatch", "shim_error", "airflow_error"
VERDICTS = (MATCH, MISMATCH, SHIM_ERROR, AIRFLOW_ERROR)

# Failures that say something about the Airflow environment or the machine, not about the DAG.
_ENVIRONMENT_TYPES = MACHINE_LIMITS | {
    "ModuleNotFoundError",
    "ImportError",
    "OperationalError",
    "ProgrammingError",
}
_ENVIRONMENT_WORDS = (
    "no such table",
    "SUPERVISOR_COMMS",
    "database",
    "could not connect",
    "Connection refused",
)


@dataclass
class FileVerdict:
    path: str
    verdict: str
    airflow_version: str
    dag_ids: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def is_environmental(error: dict[str, Any]) -> bool:
    message = str(error.get("message", ""))
    return error.get("type") in _ENVIRONMENT_TYPES or any(w in message for w in _ENVIRONMENT_WORDS)


def describe(error: dict[str, Any] | None) -> str:
    if not error:
        return ""
    where = f" (line {error['line']})" if error.get("line") else ""
    message = " ".join(str(error.get("message", "")).split())
    fix = own_fix(message, error)
    return f"{error.get('type')}{where}: {message}" + (f" Fix: {fix}" if fix else "")


def judge(path: str, shim: Result, real: Result, airflow_version: str) -> FileVerdict:
    v = FileVerdict(path, MATCH, airflow_version, dag_ids=real.dag_ids or shim.dag_ids)
    if shim.ok and real.ok:
        assert shim.doc is not None and real.doc is not None
        if canonical(shim.doc) != canonical(real.doc):
            v.verdict, v.diff = MISMATCH, diff(real.doc, shim.doc)
        elif not v.dag_ids:
            v.error = f"neither backend finds a DAG in it. Fix: {NO_DAG_FIX}"
        return v
    if not shim.ok and not real.ok:
        assert shim.error is not None and real.error is not None
        if shim.error["type"] == real.error["type"]:
            v.error = f"both rejected it: {describe(real.error)}"
            return v
        if is_environmental(real.error):
            v.verdict, v.error = AIRFLOW_ERROR, describe(real.error)
        elif shim.error.get("unsupported"):
            v.verdict, v.error = SHIM_ERROR, describe(shim.error)
        else:
            v.verdict = MISMATCH
            v.error = f"rejected differently: airflow {describe(real.error)} | shim {describe(shim.error)}"
        return v
    if not real.ok:
        assert real.error is not None
        if is_environmental(real.error):
            v.verdict, v.error = AIRFLOW_ERROR, describe(real.error)
        else:
            v.verdict, v.error = (
                MISMATCH,
                f"airflow rejected it, the shim accepted it: {describe(real.error)}",
            )
        return v
    v.verdict, v.error = SHIM_ERROR, describe(shim.error)
    return v


def iter_dag_files(paths: Iterable[str], airflow_version: str) -> Iterator[tuple[str, str]]:
    """(file, root) pairs: what Airflow would parse below each folder, sorted; files as given."""
    for given in paths:
        if os.path.isdir(given):
            root = os.path.abspath(given)
            for path in dag_files(root, airflow_version):
                yield str(path), root
        else:
            yield os.path.abspath(given), os.path.dirname(os.path.abspath(given))


def check_files(paths: Iterable[str], shim: Backend, real: Backend) -> Iterator[FileVerdict]:
    first_seen: dict[str, str] = {}  # dag_id -> the file that defined it first
    for path, root in iter_dag_files(paths, real.airflow_version):
        display = os.path.relpath(path, os.getcwd()) if path.startswith(os.getcwd()) else path
        name = os.path.relpath(path, root)
        real_result = real.compile(path, file=name, root=root)
        shim_result = shim.compile(path, file=name, root=root)
        clash = duplicate_error(display, [*real_result.dag_ids, *shim_result.dag_ids], first_seen)
        if clash is not None:  # as a DagBag over the folder: the later file is refused, by both
            real_result = shim_result = Result(False, error=clash)
        yield judge(display, shim_result, real_result, real.airflow_version)


def duplicate_error(file: str, dag_ids: Iterable[str], first_seen: dict[str, str]) -> dict[str, Any] | None:
    """Airflow's DagBag refuses a file whose dag_id an earlier file (in path order) defined."""
    clashes = {d: first_seen[d] for d in dag_ids if first_seen.get(d, file) != file}
    for dag_id in dag_ids:
        first_seen.setdefault(dag_id, file)
    if not clashes:
        return None
    found = ", ".join(f"{d!r} (also in {f})" for d, f in sorted(clashes.items()))
    return {
        "type": "AirflowDagDuplicatedIdException",
        "line": None,
        "unsupported": False,
        "message": f"dag_id {found}: Airflow loads the first file and reports this one as an import error",
        "fix": "give each DAG its own dag_id across the DAG folder",
    }
