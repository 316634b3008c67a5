"""--dag-fidelity-upgrade-to, -html, -sarif, -results and $GITHUB_STEP_SUMMARY, through pytester."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pytest_dagfidelity.upgrade import change_keys, compare, golden_outcome

from .conftest import REPO, Project, without_airflow

FILE = "schedules__af2.py"  # its DAGs' schedules change from 2.11 to 3.3, one of them to "never"
OLD, NEW = "2.11", "3.3"


def setup(project: Project) -> list[str]:
    shutil.copy(REPO / "corpus" / FILE, project.dags / FILE)
    source = REPO / "goldens" / OLD / "corpus" / FILE[:-3]
    shutil.copytree(source, project.root / "dag_goldens" / OLD / "dags" / FILE[:-3])
    return sorted(p.stem for p in source.glob("*.json"))


def run(project: Project, *args: str) -> pytest.RunResult:
    return project.run("--dag-fidelity", "--dag-fidelity-airflow-version", OLD, *args)


@without_airflow
@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_upgrade_changes_go_on_each_item_and_into_every_report(
    project: Project, workers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = setup(project)
    summary = project.root / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run(
        project,
        "-rA",
        "--dag-fidelity-upgrade-to",
        NEW,
        "--dag-fidelity-html",
        "out/report.html",
        "--dag-fidelity-sarif",
        "out/report.sarif",
        "--dag-fidelity-results",
        "out/results.json",
        *workers,
    )
    result.assert_outcomes(passed=len(ids))
    result.stdout.fnmatch_lines(
        [
            f"*dag fidelity upgrade {OLD} → {NEW}*",
            f"*schedule & catchup: no schedule given: {OLD} ran it daily with catchup; {NEW} never runs it*",
            f"*upgrade {OLD} → {NEW}: 1 of 1 files change*",
        ]
    )
    out = project.root / "out"
    document = json.loads((out / "results.json").read_text())
    assert sorted(r["dag_id"] for r in document["results"]) == ids
    assert {r["verdict"] for r in document["results"]} == {"match"}
    # The changes in the report are the ones between real Airflow's goldens of both versions.
    (upgrade,) = document["upgrades"]
    file = f"corpus/{FILE}"
    real = compare(golden_outcome(REPO / "goldens", OLD, file), golden_outcome(REPO / "goldens", NEW, file))  # type: ignore[arg-type]
    reported = {(c["dag_id"], c["path"]) for c in upgrade["changes"]}
    assert reported == {(c.dag_id, c.where) for c in real} and change_keys(real)
    page = (out / "report.html").read_text()
    assert all(f'data-dag="{d}"' in page for d in ids) and f'data-pair="{OLD}-{NEW}"' in page
    sarif = json.loads((out / "report.sarif").read_text())
    assert any(r["ruleId"] == "upgrade/schedule" for r in sarif["runs"][0]["results"])
    assert f"| {OLD} → {NEW} |" in summary.read_text()


@without_airflow
def test_the_options_have_ini_keys(project: Project) -> None:
    ids = setup(project)
    project.pytester.makeini(
        f"[pytest]\ndag_fidelity_upgrade_to = {NEW}\ndag_fidelity_results = results.json\n"
    )
    run(project).assert_outcomes(passed=len(ids))
    document = json.loads((project.root / "results.json").read_text())
    assert document["upgrades"][0]["to"] == NEW


def test_an_unknown_upgrade_version_is_a_usage_error(project: Project) -> None:
    setup(project)
    result = project.run("--dag-fidelity", "--dag-fidelity-upgrade-to", "4.7")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--dag-fidelity-upgrade-to*known versions*"])


def test_without_report_options_no_report_plugin_is_registered(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    setup(project)
    project.pytester.makeconftest(
        "def pytest_collection_finish(session):\n"
        "    assert not session.config.pluginmanager.has_plugin('dag-fidelity-report')\n"
    )
    result = project.run("--dag-fidelity", "--collect-only")
    assert result.ret == 0 and not list(Path(project.root).glob("*.html"))


UNVALIDATED_DAG = (
    "import datetime\n"
    "from airflow import DAG\n"
    "from airflow.providers.nothere.operators.widget import WidgetOperator\n"
    "with DAG('unval', start_date=datetime.datetime(2024, 1, 1), schedule=None):\n"
    "    WidgetOperator(task_id='w', colour='blue')\n"
)


def test_an_item_says_when_a_provider_operators_arguments_were_not_validated(project: Project) -> None:
    (project.dags / "unval.py").write_text(UNVALIDATED_DAG)
    result = project.run("--dag-fidelity", "--junitxml", "out.xml")
    # Whatever the verdict (no golden here; real Airflow lacks the provider too), the item says it.
    result.stdout.fnmatch_lines(
        [
            "*arguments not validated (provider not installed*): "
            "unval.w (airflow.providers.nothere.operators.widget.WidgetOperator)"
        ]
    )
    xml = (project.root / "out.xml").read_text()
    assert 'name="dag_fidelity_unvalidated"' in xml and "unval.w (airflow.providers.nothere" in xml
