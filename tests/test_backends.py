from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_dagfidelity.backends import Backend, Registry, start_backend
from pytest_dagfidelity.exceptions import UsageError

SIMPLE = """
import datetime
from airflow.sdk import DAG
from airflow.providers.standard.operators.empty import EmptyOperator
with DAG("{dag_id}", start_date=datetime.datetime(2024, 1, 1), schedule=None):
    EmptyOperator(task_id="t")
"""


def write(folder: Path, name: str, source: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(source))
    return str(path)


def test_the_backend_comes_from_the_environment_and_unknown_names_are_refused() -> None:
    registry = Registry()
    assert registry.select(None, "--backend", {}).name == "shim"
    assert registry.select(None, "--backend", {"LEOFLOW_PARSER_BACKEND": "airflow"}).name == "airflow"
    assert registry.select("airflow", "--backend", {"LEOFLOW_PARSER_BACKEND": "shim"}).name == "airflow"
    said = r"'real' \(from \$LEOFLOW_PARSER_BACKEND\); valid values: shim, airflow"
    with pytest.raises(UsageError, match=said):
        registry.select(None, "--backend", {"LEOFLOW_PARSER_BACKEND": "real"})


def _version_or_refusal(python: str) -> str:
    from pytest_dagfidelity.backends.airflow import airflow_version_of
    from pytest_dagfidelity.exceptions import BackendUnavailable

    try:
        return airflow_version_of(python)
    except BackendUnavailable as exc:
        assert "has no apache-airflow installed" in str(exc), exc
        return "refused"


def _this_venv_by_another_name() -> str:
    here = os.path.abspath(sys.executable)
    names = ("python3", "python3.11", "python3.12", "python3.10")
    others = [os.path.join(os.path.dirname(here), name) for name in names]
    return next(p for p in others if os.path.exists(p) and p != here)  # a venv has several names


def test_this_interpreters_airflow_version_is_what_a_process_of_it_reports() -> None:
    """Asked of this interpreter, the version is read in-process; asked of the same venv under
    another name, a process of it answers. Both answers, or both refusals, must agree."""
    assert _version_or_refusal(sys.executable) == _version_or_refusal(_this_venv_by_another_name())


@pytest.mark.airflow
def test_with_airflow_here_both_ways_of_asking_give_the_version_its_worker_reports(
    airflow_backend: Backend,
) -> None:
    from pytest_dagfidelity.versions import resolve_target

    in_process = _version_or_refusal(sys.executable)
    assert in_process == _version_or_refusal(_this_venv_by_another_name())
    assert resolve_target(in_process) == airflow_backend.airflow_version  # the worker's X.Y


def test_one_worker_serves_many_files(tmp_path: Path) -> None:
    with start_backend("shim", target="3.3") as backend:
        pid = backend.worker.hello["pid"]
        for i in range(5):
            result = backend.compile(write(tmp_path, f"d{i}.py", SIMPLE.format(dag_id=f"d{i}")))
            assert result.dag_ids == [f"d{i}"]
        assert backend.worker.hello["pid"] == pid and backend.worker.restarts == 0


@pytest.mark.parametrize(
    ("call", "says", "line"),
    [
        ("os.kill(os.getpid(), signal.SIGKILL)", "os.kill(", 2),  # the guard sees it: its line is named
        ("signal.raise_signal(signal.SIGKILL)", "was killed by SIGKILL", None),  # no word left
    ],
)
def test_a_file_that_kills_its_process_is_reported_and_the_worker_lives_on(
    tmp_path: Path, call: str, says: str, line: int | None
) -> None:
    source = f"import os, signal\n{call}\n"
    with start_backend("shim", target="3.3") as backend:
        pid = backend.worker.hello["pid"]
        dead = backend.compile(write(tmp_path, "kills.py", source))
        assert not dead.ok and dead.error is not None
        assert dead.error.type == "WorkerCrashed" and says in dead.error.message, dead.error
        assert "SIGKILL" in dead.error.message and dead.error.line == line, dead.error
        assert backend.compile(write(tmp_path, "ok.py", SIMPLE.format(dag_id="after"))).dag_ids == ["after"]
        # Only the file's own process died: the warm worker that forked it serves the next file.
        assert backend.worker.restarts == 0 and backend.worker.hello["pid"] == pid


@pytest.mark.parametrize(
    ("call", "line"),
    [
        ("os.kill(os.getpid(), signal.SIGSTOP)", 2),  # the guard sees it: its line is named
        ("signal.raise_signal(signal.SIGSTOP)", None),  # no word left
    ],
)
def test_a_file_that_stops_its_process_is_reported_at_its_line(
    tmp_path: Path, call: str, line: int | None
) -> None:
    from .test_hostile import signals_scoped

    if not signals_scoped():
        pytest.skip("below Landlock ABI 6 a supervisor waits on the stopped parser: the time limit ends it")
    source = f"import os, signal\n{call}\n"
    with start_backend("shim", target="3.3", timeout=30) as backend:
        stopped = backend.compile(write(tmp_path, "stops.py", source))
        assert not stopped.ok and stopped.error is not None
        assert (
            stopped.error.type == "WorkerCrashed"
            and "stopped its own parse process (SIGSTOP)" in stopped.error.message
        )
        assert stopped.error.line == line, stopped.error
        assert ("at " in stopped.error.message) == (line is not None), stopped.error
        assert backend.compile(write(tmp_path, "ok.py", SIMPLE.format(dag_id="after"))).dag_ids == ["after"]


def test_a_file_over_the_time_limit_is_stopped_and_the_next_file_still_runs(tmp_path: Path) -> None:
    with start_backend("shim", target="3.3", timeout=2) as backend:
        slow = backend.compile(write(tmp_path, "loops.py", "while True:\n    pass\n"))
        assert not slow.ok and slow.error is not None and slow.error.type == "Timeout"
        assert "2 s time limit" in slow.error.message
        assert backend.compile(write(tmp_path, "ok.py", SIMPLE.format(dag_id="after"))).dag_ids == ["after"]


def test_printing_dag_files_cannot_corrupt_the_protocol(tmp_path: Path) -> None:
    source = 'print("{\\"ok\\": false}")\nimport sys\nsys.stdout.write("noise\\n")\n' + SIMPLE.format(
        dag_id="loud"
    )
    with start_backend("shim", target="3.3") as backend:
        assert backend.compile(write(tmp_path, "loud.py", source)).dag_ids == ["loud"]


def test_what_a_dag_file_imports_from_its_folder_is_forgotten_after_it(tmp_path: Path) -> None:
    helper = 'NAME = "{name}"\n'
    dag = SIMPLE.replace('"{dag_id}"', "helper.NAME").replace(
        "import datetime", "import datetime\nimport helper"
    )
    one = write(tmp_path / "one", "dag.py", dag)
    write(tmp_path / "one", "helper.py", helper.format(name="first"))
    two = write(tmp_path / "two", "dag.py", dag)
    write(tmp_path / "two", "helper.py", helper.format(name="second"))
    with start_backend("shim", target="3.3") as backend:
        assert backend.compile(one, import_path=[str(tmp_path / "one")]).dag_ids == ["first"]
        assert backend.compile(two, import_path=[str(tmp_path / "two")]).dag_ids == ["second"]


def test_compiling_reads_the_clock_at_one_frozen_instant(compile_source: Callable[..., object]) -> None:
    result = compile_source(
        """
        import datetime
        from airflow.sdk import DAG
        with DAG("clock", start_date=datetime.datetime.now(datetime.timezone.utc), schedule=None):
            pass
        """
    )
    assert result.doc["dags"]["clock"]["start_date"] == {"$datetime": "2025-01-01T00:00:00+00:00"}  # type: ignore[attr-defined]


def test_a_dag_sees_the_same_temporary_folder_as_airflows_dag_processor(tmp_path: Path) -> None:
    """The sandbox gives each parse a scratch folder of its own, but a DAG that reads
    tempfile.gettempdir() (Airflow's example DAGs put it in task arguments) sees the
    environment's, the same for every parse and both backends: else the DAG would look
    nondeterministic, and differ from real Airflow."""
    import tempfile

    source = SIMPLE.replace("schedule=None", 'schedule=None, tags=[__import__("tempfile").gettempdir()]')
    path = write(tmp_path, "tmpdir_dag.py", source.format(dag_id="tmpdir_dag"))
    with start_backend("shim", target="3.3") as backend:
        docs = [backend.compile(path, file="tmpdir_dag.py").doc for _ in range(2)]
    assert docs[0] is not None and docs[1] is not None
    assert (
        docs[0]["dags"]["tmpdir_dag"]["tags"]
        == docs[1]["dags"]["tmpdir_dag"]["tags"]
        == [tempfile.gettempdir()]
    )


def test_workers_remove_the_airflow_home_they_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.delenv("AIRFLOW_HOME", raising=False)
    dag = write(tmp_path / "dags", "home.py", SIMPLE.format(dag_id="home"))
    with start_backend("shim", target="3.3") as backend:  # a worker process of its own
        assert backend.compile(dag).ok
        assert list(temp.glob("dagfidelity-shim-home-*"))  # it has one while it runs
    cli = [sys.executable, "-m", "pytest_dagfidelity.cli", "compile", dag, "-o", str(tmp_path / "o.json")]
    subprocess.run(cli, check=True, capture_output=True)  # the parse forked from the CLI's process
    assert not list(temp.glob("dagfidelity-*-home-*"))


_IN_PROCESS_COMPILES = """
import json, sys
from pytest_dagfidelity.backends import BackendOptions, Registry
from pytest_dagfidelity.compile import dumps

path, cycle = sys.argv[1:]
registry = Registry()
with registry.start("shim", BackendOptions(target="3.3", in_process=True)) as backend:
    plain = backend.compile(path, file="edge_labels__af2.py")
with registry.start("shim", BackendOptions(target="3.3", in_process=True, text=True)) as backend:
    text = backend.compile(path, file="edge_labels__af2.py")
    broken = backend.compile(cycle, file="cycle.py")
print(json.dumps({
    "plain_doc": plain.doc is not None, "plain_text": plain.text,
    "text_doc": text.doc, "same_text": text.text == dumps(plain.doc),
    "ids": [text.dag_ids, plain.dag_ids],
    "broken_error": broken.error is not None, "broken_text": broken.text,
}))
"""


def test_a_one_file_compile_gets_the_text_the_document_would_have_been_written_as() -> None:
    """In a process of its own: the in-process backend loads the shim's ``airflow`` into the
    process that asks (as the CLI does), which must not be this test process."""
    from .conftest import CORPUS, RESOURCES

    path, cycle = str(CORPUS / "edge_labels__af2.py"), str(RESOURCES / "cycle.py")
    done = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS_COMPILES, path, cycle], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["plain_doc"] and seen["plain_text"] is None
    assert seen["text_doc"] is None and seen["same_text"]
    assert seen["ids"][0] == seen["ids"][1] != []
    assert seen["broken_error"] and seen["broken_text"] is None  # a failure comes as it always did


def test_a_text_answer_whose_text_never_arrived_is_the_harness_s_failure() -> None:
    from pytest_dagfidelity.worker.forkserver import _Frames

    frames = _Frames()
    payload = b'{"ok": true, "text": true, "dag_ids": ["a"]}'
    frames.feed(b"R%d\n" % len(payload) + payload)
    assert frames.response is None and frames.error is not None and "text did not arrive" in frames.error
    frames = _Frames()
    frames.feed(b"T2\n{}" + b"R%d\n" % len(payload) + payload)
    assert frames.error is None and frames.decoded is not None and frames.decoded["text"] == "{}"
