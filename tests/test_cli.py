from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_dagfidelity.versions import installed_airflow
from pytest_dagfidelity.worker import landlock

from .conftest import CORPUS, RESOURCES
from .test_hostile import signals_scoped


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_compile_writes_dag_json_for_every_dag_in_the_file(tmp_path: Path) -> None:
    out = tmp_path / "dag.json"
    done = cli(
        "compile", str(RESOURCES / "imports_sibling_helper.py"), "-o", str(out), "--airflow-version", "3.3"
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text())
    # Named relative to the project root (the working directory), as the plugin names it.
    assert doc["airflow_version"] == "3.3" and doc["file"] == "tests/resources/imports_sibling_helper.py"
    assert sorted(doc["dags"]) == ["sync_customers", "sync_orders", "sync_payments"]


def test_compile_prints_to_stdout_without_o() -> None:
    done = cli("compile", str(CORPUS / "edge_labels__af2.py"), "--airflow-version", "2.11")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["airflow_version"] == "2.11"


def test_compile_errors_name_the_file_line_and_cause() -> None:
    done = cli("compile", str(RESOURCES / "cycle.py"), "--airflow-version", "3.3")
    assert done.returncode == 1
    assert done.stderr.startswith(f"{RESOURCES / 'cycle.py'}")
    assert "AirflowDagCycleException" in done.stderr and "Cycle detected in DAG: cycle" in done.stderr


SIGNALLED_PARENT = "WorkerCrashed: the file signalled its parent process"  # its supervisor
REFUSED_SIGNAL = "PermissionError: [Errno 1] Operation not permitted"  # by the sandbox's scope


@pytest.mark.parametrize(
    ("name", "abi_cap", "says"),
    [
        ("writes_garbage_to_stdout.py", None, None),  # what it prints is not dag.json's
        (
            "signals_parent_sigkill.py",
            None,
            REFUSED_SIGNAL if signals_scoped() else SIGNALLED_PARENT,
        ),
        ("signals_parent_sigkill.py", "5", SIGNALLED_PARENT),  # below ABI 6: under a supervisor
        ("forks_and_returns.py", None, "ForkAtImport: the DAG file forked its process"),
    ],
)
def test_compile_parses_in_a_process_of_its_own(name: str, abi_cap: str | None, says: str | None) -> None:
    """With the shim, compile loads the shim in the CLI and forks the parse: the file can
    neither print into the output nor end or fork the CLI."""
    env = {landlock.ABI_CAP_VARIABLE: abi_cap} if abi_cap else None
    done = cli("compile", str(RESOURCES / "hostile" / name), "--airflow-version", "3.3", env=env)
    if says is None:
        assert done.returncode == 0, done.stderr
        assert list(json.loads(done.stdout)["dags"]) == [name[:-3]]
        assert "Forged" in done.stderr  # printed, to stderr
    else:
        assert done.returncode == 1 and done.stdout == ""
        # One line for the file (beside the run's line on what the sandbox does not enforce).
        lines = [line for line in done.stderr.splitlines() if not line.startswith("dagfidelity sandbox:")]
        assert says in done.stderr and len(lines) == 1, done.stderr


def test_a_one_file_compile_imports_only_what_it_needs(tmp_path: Path) -> None:
    """Each of these costs a cold compile milliseconds, and none is needed to compile one file
    with the shim (it reads a plain function's parameters from its code object, and a provider's
    source only where a file imports one; its annotations need no typing at run time; nothing
    needs pathlib, dataclasses, a URL parser or Airflow). What the interpreter's start-up
    imported already (a venv's .pth files) is not the compile's."""
    unwanted = (
        "typing",
        "inspect",
        "ast",
        "pathlib",
        "dataclasses",
        "pytest",
        "time_machine",
        "subprocess",
        "importlib.metadata",
        "urllib.parse",
    )
    probe = (
        "import sys, runpy; sys.argv = ['dagfidelity', *sys.argv[1:]]; import atexit; "
        "before = set(sys.modules); "
        f"atexit.register(lambda: print(sorted(m for m in {unwanted!r} if m in set(sys.modules) - before), "
        "file=sys.stderr)); "
        "runpy.run_module('pytest_dagfidelity.cli', run_name='__main__')"
    )
    out = tmp_path / "dag.json"
    done = subprocess.run(
        [sys.executable, "-c", probe, "compile", str(CORPUS / "edge_labels__af2.py"), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["dags"]
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_compile_runs_the_file_with_the_cyclic_collector_on(tmp_path: Path) -> None:
    """The compile process keeps the collector off while it loads the shim; the file's own
    process must not inherit that (a file making cyclic garbage in a loop would grow unbounded)."""
    dag_file = tmp_path / "collector.py"
    dag_file.write_text(
        "import gc\n"
        "from airflow import DAG\n"
        "if not gc.isenabled():\n"
        "    raise RuntimeError('the cyclic collector is off while the DAG file runs')\n"
        "dag = DAG('collector', schedule=None)\n",
        encoding="utf-8",
    )
    done = cli("compile", str(dag_file), "--airflow-version", "3.3")
    assert done.returncode == 0, done.stderr
    assert list(json.loads(done.stdout)["dags"]) == ["collector"]


def test_a_file_making_cyclic_garbage_in_a_loop_stays_small(tmp_path: Path) -> None:
    """The shim collects the youngest objects less often than Python's default (a DAG's objects
    all live until the file ends), but still often: 2,000,000 self-referencing lists, ~170 MB
    uncollected, stay a few MB."""
    dag_file = tmp_path / "garbage.py"
    dag_file.write_text(
        "import resource\n"
        "from airflow import DAG\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "for _ in range(2_000_000):\n"
        "    cycle = []\n"
        "    cycle.append(cycle)\n"
        "grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024\n"
        "dag = DAG('garbage', schedule=None, description=str(grown))\n",
        encoding="utf-8",
    )
    done = cli("compile", str(dag_file), "--airflow-version", "3.3")
    assert done.returncode == 0, done.stderr
    grown_mb = int(json.loads(done.stdout)["dags"]["garbage"]["description"])
    assert grown_mb < 40, f"the file's cyclic garbage grew the process by {grown_mb} MB"


def test_an_unknown_backend_in_the_environment_names_the_valid_ones() -> None:
    done = cli("compile", str(CORPUS / "edge_labels__af3.py"), env={"LEOFLOW_PARSER_BACKEND": "nope"})
    assert done.returncode == 2
    assert "unknown DAG parser backend 'nope'" in done.stderr and "valid values: shim, airflow" in done.stderr


@pytest.mark.skipif(installed_airflow() is not None, reason="needs an environment without Airflow")
def test_the_airflow_backend_without_airflow_says_what_to_do() -> None:
    done = cli("compile", str(CORPUS / "edge_labels__af3.py"), "--backend", "airflow")
    assert done.returncode == 2
    assert "--airflow-python" in done.stderr


def test_compile_given_a_folder_points_to_check(tmp_path: Path) -> None:
    done = cli("compile", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"dagfidelity: error: {tmp_path} is a folder; compile takes one DAG file. To check every DAG file "
        f"in a folder, run: dagfidelity check {tmp_path}"
    ]


def test_check_on_a_path_that_does_not_exist_is_one_line_and_fails(tmp_path: Path) -> None:
    done = cli("check", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"dagfidelity: error: {tmp_path / 'nowhere'}: no such file or folder"
    ]


def test_compile_imports_from_the_dag_folder_and_named_roots(tmp_path: Path) -> None:
    repo = RESOURCES / "repo"
    orders = repo / "dags" / "team" / "orders.py"
    alone = cli("compile", str(orders), "--airflow-version", "3.3")
    assert alone.returncode == 1 and "No module named 'common'" in alone.stderr
    done = cli(
        "compile",
        str(orders),
        "--airflow-version",
        "3.3",
        "--dag-folder",
        str(repo / "dags"),
        "--plugins-folder",
        str(repo / "plugins"),
        "--import-root",
        str(repo),
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["file"] == "tests/resources/repo/dags/team/orders.py"
    assert doc["dags"]["orders_daily"]["tasks"]["audit"]["operator"] == "audit_operator.AuditOperator"


@pytest.mark.airflow
def test_check_says_when_a_provider_operators_arguments_were_not_validated(tmp_path: Path) -> None:
    if installed_airflow() is None:
        pytest.skip("real Airflow is not installed here; run `nox -s integration-3.3`")
    dag = tmp_path / "unval.py"
    dag.write_text(
        "import datetime\n"
        "from airflow import DAG\n"
        "from airflow.providers.nothere.operators.widget import WidgetOperator\n"
        "with DAG('unval', start_date=datetime.datetime(2024, 1, 1), schedule=None):\n"
        "    WidgetOperator(task_id='w', colour='blue')\n"
    )
    at = "unval.w (airflow.providers.nothere.operators.widget.WidgetOperator)"
    text = cli("check", str(dag))
    assert "    arguments not validated (provider not installed next to dagfidelity, " in text.stdout
    assert text.stdout.rstrip().endswith(at), text.stdout
    as_json = json.loads(cli("check", "--json", str(dag)).stdout.splitlines()[0])
    assert as_json["unvalidated"] == [at]
