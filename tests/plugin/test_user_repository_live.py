"""tests/resources/repo end to end against real Airflow: the plugin's update and check runs,
and ``dagfidelity check``, with the same ``file`` fields and the same verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import pytest

from .conftest import TARGET, Project
from .test_user_repository import copy_repo

pytestmark = pytest.mark.airflow
ON_2 = TARGET.startswith("2.")
# By hand: what real Airflow makes of each file of the repository.
EXPECTED = {
    "dags/team/orders.py": {"match"},
    "dags/reports/weekly.py": {"match"},
    "dags/legacy/exports_path.py": {"airflow_only"},
    "dags/reports/broken_report.py": {"import_error"},
    "dags/sdk/sdk_only.py": {"expected_failure" if ON_2 else "match"},
}


@pytest.fixture(autouse=True)
def _real_airflow(airflow_backend: object) -> None:
    """Skips (or, in CI, fails) without real Airflow in this environment."""


def check_cli(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """``dagfidelity check`` run from the project's root, as CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", "check", *args],
        capture_output=True,
        text=True,
        cwd=project.root,
    )


def plugin_verdicts(recorder: pytest.HookRecorder) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for report in recorder.getreports("pytest_runtest_logreport"):
        for name, value in report.user_properties:
            if name == "dag_fidelity_result" and report.when == "call":
                found[value["file"]].add(value["verdict"])
    return dict(found)


def test_the_repository_passes_end_to_end_through_the_plugin_and_check(project: Project) -> None:
    copy_repo(project)
    update = project.run("--dag-fidelity", "--dag-fidelity-update")
    # Every item counts exactly one golden outcome: the broken DAG's is "not recorded".
    update.stdout.fnmatch_lines(
        [f"*goldens in *{TARGET}: 5 created, 0 updated, 0 unchanged, 1 not recorded*"]
    )
    update.assert_outcomes(passed=4 if ON_2 else 5, failed=1, xfailed=1 if ON_2 else 0)

    again = project.pytester.inline_run("-p", "no:cacheprovider", "--dag-fidelity")
    assert plugin_verdicts(again) == EXPECTED
    passed, skipped, failed = again.listoutcomes()
    assert [r.nodeid for r in failed] == ["dags/reports/broken_report.py::@file"]
    assert len(skipped) == (1 if ON_2 else 0)  # the declared failure, as pytest's xfail

    goldens = {
        json.loads(p.read_text())["file"] for p in (project.root / "dag_goldens" / TARGET).rglob("*.json")
    }
    check = check_cli(project, "--json", "dags", "--import-root", ".")
    lines = [json.loads(line) for line in check.stdout.splitlines()]
    assert check.returncode == 1, check.stderr  # the broken DAG fails check too
    assert {v["file"]: {v["verdict"]} for v in lines} == EXPECTED
    assert goldens == set(EXPECTED) - {"dags/reports/broken_report.py"}  # the same file names


def test_a_missing_provider_is_an_environment_error_in_check_and_the_plugin(project: Project) -> None:
    (project.dags / "needs_provider.py").write_text(
        "from airflow import DAG\nfrom airflow.providers.nonexistent.operators.thing import ThingOperator\n"
        "dag = DAG('needs_provider', schedule=None)\n"
    )
    result = project.run("--dag-fidelity", "--dag-fidelity-update")
    result.stdout.fnmatch_lines(
        ["*Airflow*: 1 environment_error*", "*0 created, 0 updated, 0 unchanged, 1 not recorded*"]
    )
    check = check_cli(project, "--json", "dags")
    (line,) = [json.loads(text) for text in check.stdout.splitlines()]
    assert line["verdict"] == "environment_error" and check.returncode == 1


def test_an_error_mentioning_a_database_is_the_dags_not_the_environments(project: Project) -> None:
    (project.dags / "bad_uri.py").write_text(
        "from airflow import DAG\n"
        "raise ValueError('URI must contain database, schema, and table names')\n"
        "dag = DAG('bad_uri', schedule=None)\n"
    )
    check = check_cli(project, "dags")
    assert check.returncode == 1
    assert check.stdout.startswith("import_error") and "bad_uri.py:2: ValueError" in check.stdout


def test_check_on_a_folder_without_dag_files_fails_loudly(project: Project) -> None:
    (project.dags / "helper.py").write_text("VALUE = 1\n")
    check = check_cli(project, "dags")
    assert check.returncode == 2
    assert check.stderr.strip().splitlines() == [
        "dagfidelity: error: dags: no DAG file found (no .py file there mentions airflow and a DAG, or "
        ".airflowignore excludes them all); nothing to check"
    ]


def test_the_golden_a_message_names_is_the_one_an_update_writes(project: Project) -> None:
    (project.dags / "declared.py").write_text(
        "# dagfidelity: expect-failure * raises=ModuleNotFoundError imports what no Airflow has\n"
        "from airflow.operators.no_such_module import Nothing\nfrom airflow import DAG\n"
    )
    first = project.run("--dag-fidelity")
    first.assert_outcomes(failed=1)
    # The first mention (with CI set, pytest's short summary repeats the whole failure).
    line = next(text for text in first.outlines if "it would be written to " in text)
    named = line.split("it would be written to ", 1)[1].strip()
    assert named.endswith("dag_goldens/" + TARGET + "/dags/declared/@error.json")
    project.run("--dag-fidelity", "--dag-fidelity-update").stdout.fnmatch_lines(["*1 created*"])
    assert json.loads(open(named).read())["error"] == {"type": "ModuleNotFoundError"}
    project.run("--dag-fidelity").assert_outcomes(xfailed=1)
    again = project.pytester.inline_run("-p", "no:cacheprovider", "--dag-fidelity")
    (xfail,) = (r for r in again.getreports("pytest_runtest_logreport") if r.when == "call")
    # Its failure text is the reason, not a formatted traceback (pytest parses every frame's
    # source for one, and then shows only the reason).
    assert xfail.skipped and xfail.longreprtext.strip() == xfail.wasxfail, xfail.longreprtext
