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
from pytest_dagfidelity.worker import landlock

from .conftest import RESOURCES

HOSTILE = RESOURCES / "hostile"
SENTINEL_TEXT = "the harness must leave this file alone\n"
LIMITS = {"timeout": 5.0, "memory_limit": 512.0}


@dataclass(frozen=True)
class Outcome:
    error: str | None  # the error type, or None: the file parses to its own DAGs
    says: str = ""
    dags: tuple[str, ...] = ()  # the DAGs it parses to (default: the one named like the file)
    origin: str | None = None  # where the error comes from, when that is the point
    landlock: int = 0  # the Landlock ABI that gives this outcome (see worker/landlock.py)
    af2: Outcome | None = None  # what Airflow 2 (and the shim emulating it) does instead
    in_plugin: str | None = None  # the plugin's verdict where it is not the one the error implies
    # What it gets where the sandbox scopes signals (Landlock ABI 6): its parser is forked with
    # no supervisor above it, and a signal to its parent is refused like any other.
    scoped: Outcome | None = None
    # What it gets instead when the race its forked copy runs is won by the parse process: the
    # copy's forged answer then arrives after the parse process's own (seen on a loaded machine).
    race: Outcome | None = None

    def seen_in(self, report: str) -> Outcome:
        """This outcome, or its race's where the report names the race's error."""
        return self.race if self.race is not None and f"{self.race.error}: " in report else self

    def on(self, major: int, scoped: bool) -> Outcome:
        chosen = self.scoped if scoped and self.scoped is not None else self
        return chosen.af2 if major == 2 and chosen.af2 is not None else chosen


FAILS = Outcome("RuntimeError", "hostile: ")
PARSES = Outcome(None)
NO_ANSWER = Outcome("WorkerCrashed", "without an answer")
UNREADABLE = Outcome("WorkerCrashed", "answer the harness cannot read")
FORKED = Outcome("ForkAtImport", "forked its process")
REFUSED_WRITE = Outcome("PermissionError", "Permission denied", landlock=1)
FAILED_COMMAND = Outcome("CalledProcessError", "returned non-zero exit status", landlock=1)
REFUSED_SIGNAL = Outcome("PermissionError", "Operation not permitted", landlock=6)
REFUSED_KILL_COMMAND = Outcome("CalledProcessError", "kill", landlock=6)
SIGNALLED = Outcome("WorkerCrashed", "signalled its parent", scoped=REFUSED_SIGNAL)
NONDETERMINISTIC = Outcome(None, in_plugin="nondeterministic")
CASES = {
    # State a file leaves behind: it dies with the file's process.
    "patches_dag_init.py": FAILS,
    "patches_dag_init_quietly.py": PARSES,
    "replaces_builtins_open.py": FAILS,
    "replaces_builtins_open_quietly.py": PARSES,
    "adds_meta_path_hook.py": FAILS,
    "adds_meta_path_hook_quietly.py": PARSES,
    "adds_audit_hook.py": FAILS,
    "adds_audit_hook_quietly.py": PARSES,
    "poisons_sys_modules.py": FAILS,
    "poisons_json_module.py": PARSES,
    "plants_fake_colorsys.py": PARSES,
    "changes_signal_dispositions.py": PARSES,
    "thread_writes_later.py": FAILS,
    "thread_kills_process_group_later.py": PARSES,
    "registers_atexit.py": FAILS,
    # The channel to the harness: forged, broken or shifted answers are that file's error.
    "forks_and_returns.py": FORKED,
    "forks_child_that_answers.py": Outcome(UNREADABLE.error, UNREADABLE.says, race=FORKED),
    "forks_grandchild_that_writes_later.py": FORKED,
    "writes_to_every_pipe.py": UNREADABLE,
    "writes_forged_answer_to_every_fd.py": Outcome("WorkerCrashed", "more than one answer"),
    "writes_half_a_frame.py": NO_ANSWER,
    "closes_every_fd.py": NO_ANSWER,
    "dup2_devnull_over_every_fd.py": NO_ANSWER,
    "writes_garbage_to_stdout.py": PARSES,
    "replaces_json_dumps.py": PARSES,
    "replaces_json_encoder.py": PARSES,
    "replaces_os_write.py": PARSES,
    "leaves_processes_running.py": PARSES,
    "starts_daemon_that_writes_later.py": PARSES,
    # Signals: below Landlock ABI 6 the parent (its supervisor) may be hit, and that is
    # reported; from ABI 6 the sandbox refuses them; nothing beyond the parse process is hit.
    "signals_parent_sigterm.py": SIGNALLED,
    "signals_parent_sigkill.py": SIGNALLED,
    "signals_parent_sigstop.py": SIGNALLED,
    "signals_parent_by_command.py": Outcome(
        "WorkerCrashed", "signalled its parent", scoped=REFUSED_KILL_COMMAND
    ),
    "kills_its_process_group.py": Outcome(
        "WorkerCrashed",
        "signalled its parent",
        scoped=Outcome("WorkerCrashed", "os.kill(0, SIGKILL) at "),  # its group is its own then
    ),
    "stops_itself.py": Outcome(  # below ABI 6 its supervisor waits on: it runs out of time
        "Timeout",
        "did not stop when interrupted",
        origin="harness",
        scoped=Outcome("WorkerCrashed", "stopped its own parse process (SIGSTOP) at ", origin="harness"),
    ),
    "signals_worker_sigkill.py": REFUSED_SIGNAL,
    "signals_worker_sigstop.py": REFUSED_SIGNAL,
    "signals_worker_by_command.py": REFUSED_KILL_COMMAND,
    "signals_harness_sigkill.py": REFUSED_SIGNAL,
    # Out of the Python-level write guard's sight: the kernel's sandbox refuses them.
    "deletes_sentinel_by_subprocess.py": FAILED_COMMAND,
    "renames_sentinel_by_command.py": FAILED_COMMAND,
    "symlinks_beside_sentinel_by_command.py": FAILED_COMMAND,
    "plants_dag_file_by_command.py": FAILED_COMMAND,
    "truncates_sentinel_by_os_system.py": Outcome(None, landlock=1),  # it ignores that rm failed
    "writes_sentinel_by_ctypes.py": REFUSED_WRITE,
    "unlinks_sentinel_by_ctypes.py": REFUSED_WRITE,
    "writes_through_proc_fd.py": REFUSED_WRITE,
    "makes_fifo_beside_sentinel.py": REFUSED_WRITE,
    "makes_node_beside_sentinel.py": REFUSED_WRITE,
    "binds_unix_socket_beside_sentinel.py": REFUSED_WRITE,
    "writes_by_sqlite3.py": Outcome("OperationalError", "unable to open database file", landlock=1),
    "connects_tcp.py": Outcome("PermissionError", "Permission denied", landlock=4),
    "binds_tcp.py": Outcome("PermissionError", "Permission denied", landlock=4),
    "thread_deletes_sentinel_later.py": Outcome(None, landlock=1),
    "atexit_deletes_sentinel.py": PARSES,
    # Dag ids no file name can hold as they are (the goldens encode them: tests/plugin).
    "sets_dag_id_to_parent_path.py": Outcome(
        "ValueError", "has to be made of", af2=Outcome(None, dags=("../../../escaped/x",))
    ),
    "dot_dot_dag_id.py": Outcome(None, dags=("..",)),
    "longest_dag_id.py": Outcome(None, dags=("x" * 250,)),
    "case_folding_dag_ids.py": Outcome(None, dags=("Daily_Report", "daily_report")),
    # Harness limits: named as such, never the DAG's own error.
    "blocks_the_time_limit_signal.py": Outcome("Timeout", "did not stop when interrupted", origin="harness"),
    "waits_on_time_time.py": Outcome("Timeout", "the clock stands still", origin="harness"),
    "repr_raises.py": Outcome(
        "RenderLimit",
        "raised RuntimeError: no repr for you, at dags.repr_raises.template.user_defined_macros.thing",
        origin="harness",
    ),
    "repr_hangs.py": Outcome("Timeout", "did not stop when interrupted", origin="harness"),
    "five_thousand_digit_int.py": Outcome(
        "RenderLimit",
        "more than 4,300 digits) cannot be written, at dags.five_thousand_digit_int.template.",
        origin="harness",
    ),
    "aborts.py": Outcome("WorkerCrashed", "SIGABRT", origin="harness"),
    "segfaults.py": Outcome("WorkerCrashed", "SIGSEGV", origin="harness"),
    # The file's own exceptions, whatever their names: the DAG's error, not the harness's.
    "raises_own_timeout_class.py": Outcome("Timeout", "the file's own Timeout", origin="dag"),
    "raises_bdbquit.py": Outcome("BdbQuit", "quit the debugger", origin="dag"),
    "raises_custom_base_exception.py": Outcome("StopParsing", "of the file's own", origin="dag"),
    # Different on every parse: they parse, but the plugin, which parses twice where documents
    # differ, names them (as does dagfidelity check --determinism; tests/test_determinism.py).
    "random_task_ids.py": NONDETERMINISTIC,
    "uuid_in_description.py": NONDETERMINISTIC,
    "id_in_repr.py": NONDETERMINISTIC,
    "set_order_by_hash_seed.py": NONDETERMINISTIC,
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


def signals_scoped() -> bool:
    """Whether this run's sandbox scopes signals (Landlock ABI 6, as capped)."""
    return landlock.abi() >= landlock.SIGNAL_SCOPE_ABI


def expected_outcome(name: str, airflow_version: str, scoped: bool) -> Outcome:
    expected = CASES[name].on(int(airflow_version.split(".")[0]), scoped)
    if landlock.abi() < expected.landlock:
        pytest.skip(f"{name}: needs Landlock ABI {expected.landlock}, this kernel offers {landlock.abi()}")
    return expected


def check_case(backend: Backend, alone: str, scratch: Path, name: str, scoped: bool | None = None) -> None:
    path = scratch / "hostile" / name
    expected = expected_outcome(name, backend.airflow_version, signals_scoped() if scoped is None else scoped)
    result = backend.compile(str(path), file=f"hostile/{name}", import_path=[str(path.parent)])
    if expected.error is None:
        assert result.ok and result.doc is not None, result.error
        assert list(result.doc["dags"]) == list(expected.dags or [name[:-3]])
    else:
        assert not result.ok and result.error is not None, f"{name} parsed"
        line = explain(f"hostile/{name}", result.error)
        expected = expected.seen_in(line)
        assert "\n" not in line and line.startswith(f"hostile/{name}"), line
        assert f"{expected.error}: " in line and expected.says in line and ". Fix: " in line, line
        assert expected.origin in (None, result.error.origin), (expected.origin, result.error)

    after = compile_innocent(backend, scratch)
    assert after.ok and after.doc is not None, f"after {name}: {after.error}"
    assert canonical(after.doc) == alone, f"after {name}"
    assert processes_naming(str(scratch / "sentinel.txt")) == [], f"{name} left processes running"
    time.sleep(0.5)  # what a leftover thread or process would do, it would do by now
    assert (scratch / "sentinel.txt").read_text() == SENTINEL_TEXT, f"after {name}"
    assert sorted(p.name for p in scratch.iterdir()) == ["dags", "hostile", "sentinel.txt"]
    assert sorted(p.name for p in (scratch / "hostile").iterdir()) == sorted(CASES), f"after {name}"


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


# The cases whose outcome depends on whether the sandbox scopes signals.
SCOPE_DEPENDENT = sorted(name for name, outcome in CASES.items() if outcome.scoped is not None)


@pytest.fixture(scope="module")
def supervised_shim_worker(scratch: Path) -> Iterator[tuple[Backend, str]]:
    """The shim's worker with the sandbox capped below Landlock ABI 6, as on an older kernel:
    each parser is forked under a supervisor."""
    alone = innocent_alone({"name": "shim", "target": "3.3"}, scratch)
    below = {landlock.ABI_CAP_VARIABLE: str(landlock.SIGNAL_SCOPE_ABI - 1)}
    with start_backend("shim", target="3.3", env=below, **LIMITS) as backend:  # type: ignore[arg-type]
        yield backend, alone


@pytest.mark.parametrize("name", SCOPE_DEPENDENT)
def test_below_abi_6_a_signal_to_the_parent_hits_only_the_supervisor(
    supervised_shim_worker: tuple[Backend, str], scratch: Path, name: str
) -> None:
    backend, alone = supervised_shim_worker
    check_case(backend, alone, scratch, name, scoped=False)
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
