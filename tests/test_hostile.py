"""Hostile DAG files (tests/resources/hostile): whatever one does dies with its parse process.

For each file, with the shim and (in the integration sessions) real Airflow, in one
worker: the file gets its one outcome (an error line naming it, or its own dag.json);
an innocent file compiled right after it gets byte for byte what it gets alone; no
process it started is left; and the sentinel outside the DAG folder is untouched.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_dagfidelity.backends import Backend, Result, start_backend
from pytest_dagfidelity.causes import explain
from pytest_dagfidelity.compile import canonical

from .conftest import RESOURCES

HOSTILE = RESOURCES / "hostile"
SENTINEL_TEXT = "the harness must leave this file alone\n"
LIMITS = {"timeout": 10.0, "memory_limit": 512.0}


@dataclass(frozen=True)
class Outcome:
    error: str | None  # the error type, or None: the file parses to its own DAG
    says: str = ""


SIGNALLED = Outcome("WorkerCrashed", "signalled its parent")
FAILS = Outcome("RuntimeError", "hostile: ")
CASES = {
    "patches_dag_init.py": FAILS,
    "replaces_builtins_open.py": FAILS,
    "adds_meta_path_hook.py": FAILS,
    "adds_audit_hook.py": FAILS,
    "poisons_sys_modules.py": FAILS,
    "thread_writes_later.py": FAILS,
    "registers_atexit.py": FAILS,
    "forks_and_returns.py": Outcome("ForkAtImport", "forked its process"),
    "writes_to_every_pipe.py": Outcome("WorkerCrashed", "answer the harness cannot read"),
    "signals_parent_sigterm.py": SIGNALLED,
    "signals_parent_sigkill.py": SIGNALLED,
    "signals_parent_sigstop.py": SIGNALLED,
    "signals_parent_by_command.py": SIGNALLED,
    "kills_its_process_group.py": SIGNALLED,
    # What these do is out of the protocol's and the other files' reach: they parse.
    "writes_garbage_to_stdout.py": Outcome(None),
    "replaces_json_dumps.py": Outcome(None),
    "leaves_processes_running.py": Outcome(None),
}


def test_every_hostile_file_has_a_case() -> None:
    assert sorted(p.name for p in HOSTILE.glob("*.py")) == sorted(CASES)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile files and the innocent one in DAG folders; the sentinel beside them."""
    root = tmp_path_factory.mktemp("hostile-run")
    shutil.copytree(HOSTILE, root / "hostile")
    (root / "dags").mkdir()
    shutil.copy(RESOURCES / "innocent.py", root / "dags" / "innocent.py")
    (root / "sentinel.txt").write_text(SENTINEL_TEXT)
    return root


def innocent_alone(backend_args: dict[str, str], scratch: Path) -> str:
    with start_backend(**backend_args, **LIMITS) as fresh:  # type: ignore[arg-type]
        alone = compile_innocent(fresh, scratch)
    assert alone.ok and alone.doc is not None, alone.error
    return canonical(alone.doc)


def compile_innocent(backend: Backend, scratch: Path) -> Result:
    path = scratch / "dags" / "innocent.py"
    return backend.compile(str(path), file=path.name, import_path=[str(path.parent)])


def processes_naming(text: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if text.encode() in cmdline:
            found.append(int(pid))
    return found


def check_case(backend: Backend, alone: str, scratch: Path, name: str) -> None:
    path = scratch / "hostile" / name
    result = backend.compile(str(path), file=f"hostile/{name}", import_path=[str(path.parent)])
    expected = CASES[name]
    if expected.error is None:
        assert result.ok and result.doc is not None, result.error
        assert list(result.doc["dags"]) == [name[:-3]]
    else:
        assert not result.ok and result.error is not None, f"{name} parsed"
        line = explain(f"hostile/{name}", result.error)
        assert "\n" not in line and line.startswith(f"hostile/{name}"), line
        assert f"{expected.error}: " in line and expected.says in line and ". Fix: " in line, line

    after = compile_innocent(backend, scratch)
    assert after.ok and after.doc is not None, f"after {name}: {after.error}"
    assert canonical(after.doc) == alone, f"after {name}"
    assert processes_naming(str(scratch / "sentinel.txt")) == [], f"{name} left processes running"
    time.sleep(0.5)  # what a leftover thread or process would do, it would do by now
    assert (scratch / "sentinel.txt").read_text() == SENTINEL_TEXT, f"after {name}"
    assert sorted(p.name for p in scratch.iterdir()) == ["dags", "hostile", "sentinel.txt"]


@pytest.fixture(scope="module")
def shim_worker(scratch: Path) -> Iterator[tuple[Backend, str]]:
    alone = innocent_alone({"name": "shim", "target": "3.3"}, scratch)
    with start_backend("shim", target="3.3", **LIMITS) as backend:  # type: ignore[arg-type]
        yield backend, alone


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_changes_nothing_beyond_its_own_result_shim(
    shim_worker: tuple[Backend, str], scratch: Path, name: str
) -> None:
    backend, alone = shim_worker
    check_case(backend, alone, scratch, name)
    assert backend.worker.restarts == 0


@pytest.fixture(scope="module")
def airflow_worker(airflow_backend: Backend, scratch: Path) -> Iterator[tuple[Backend, str]]:
    alone = innocent_alone({"name": "airflow"}, scratch)
    with start_backend("airflow", **LIMITS) as backend:  # type: ignore[arg-type]
        yield backend, alone


@pytest.mark.airflow
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_changes_nothing_beyond_its_own_result_airflow(
    airflow_worker: tuple[Backend, str], scratch: Path, name: str
) -> None:
    backend, alone = airflow_worker
    check_case(backend, alone, scratch, name)
    assert backend.worker.restarts == 0
