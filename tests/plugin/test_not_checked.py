"""An item that stops before its verdict still fails, and every report of the run lists it.

A report that leaves out the items whose harness, backend or setup raised would read all
green beside a failed run. The faults are injected where they happen in real runs: inside the
item's check (any exception the harness or a backend raises), and in a setup hook of the
user's conftest (DAG items take no fixtures).
"""

from __future__ import annotations

import json

import pytest

from .conftest import FILES, Project

BROKEN_JUDGE = """
import pytest_dagfidelity.items as items


def _broken(*args, **kwargs):
    raise RuntimeError("the judge broke")


items.judge = _broken
items.compare = _broken
"""

BROKEN_SETUP = """
def pytest_runtest_setup(item):
    raise ConnectionError("no database here")
"""


def reported(project: Project, *args: str) -> tuple[pytest.RunResult, list[dict[str, object]]]:
    out = project.root / "out"
    result = project.run(
        "--dag-fidelity",
        "--dag-fidelity-results",
        str(out / "results.json"),
        "--dag-fidelity-html",
        str(out / "report.html"),
        *args,
    )
    return result, json.loads((out / "results.json").read_text())["results"]


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_an_item_whose_check_raises_fails_and_is_reported_not_checked(
    project: Project, workers: list[str]
) -> None:
    ids = project.add_corpus_file(FILES[0])
    (project.root / "conftest.py").write_text(BROKEN_JUDGE)
    result, records = reported(project, *workers)
    result.assert_outcomes(failed=len(ids))
    result.stdout.fnmatch_lines([f"*Airflow *: {len(ids)} not_checked*"])
    assert sorted((r["dag_id"], r["verdict"]) for r in records) == [(i, "not_checked") for i in ids]
    assert {r["file"] for r in records} == {f"dags/{FILES[0]}"}
    assert {r["error"] for r in records} == {"RuntimeError: the judge broke"}
    page = (project.root / "out" / "report.html").read_text()
    assert all(f'data-dag="{i}"' in page for i in ids) and "not_checked" in page


def test_an_item_whose_setup_fails_is_an_error_and_is_reported_not_checked(project: Project) -> None:
    ids = project.add_corpus_file(FILES[0])
    (project.root / "conftest.py").write_text(BROKEN_SETUP)
    result, records = reported(project)
    result.assert_outcomes(errors=len(ids))
    result.stdout.fnmatch_lines([f"*Airflow *: {len(ids)} not_checked*"])
    assert sorted((r["dag_id"], r["verdict"]) for r in records) == [(i, "not_checked") for i in ids]
    assert {r["error"] for r in records} == {"ConnectionError: no database here"}


def test_items_that_pass_are_not_marked_not_checked(project: Project) -> None:
    ids = project.add_corpus_file(FILES[0])
    result, records = reported(project)
    result.assert_outcomes(passed=len(ids))
    result.stdout.fnmatch_lines([f"Airflow *: {len(ids)} match"])
    assert {r["verdict"] for r in records} == {"match"}
