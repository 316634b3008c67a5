"""``pytest --dag-fidelity`` over the bad inputs: one failing item each, the rest unaffected.

Runs without Airflow (the shim alone) and, in the integration sessions, with real
Airflow beside it; the expectations are the hand-written ones of tests/bad_input.py.
"""

from __future__ import annotations

import shutil

import pytest

from ..bad_input import BAD, CASES, MEMORY_LIMIT, TIME_LIMIT, expected_line, expected_verdict
from .conftest import FILES, HAS_AIRFLOW, TARGET, Project

LIMITS = ("--dag-fidelity-timeout", f"{TIME_LIMIT:g}", "--dag-fidelity-memory-limit", f"{MEMORY_LIMIT:g}")
# They parse: without a golden their items fail for that alone, which other tests cover.
PARSES = {n for n, c in CASES.items() if c.error_on(TARGET, "shim") is None} - {
    "no_dag.py",
    "duplicate_dag_id_across_files_b.py",
}


def reports_by_file(result: pytest.HookRecorder) -> dict[str, list[pytest.TestReport]]:
    found: dict[str, list[pytest.TestReport]] = {}
    for report in result.getreports("pytest_runtest_logreport"):
        if report.when == "call" or (report.when == "setup" and not report.passed):
            found.setdefault(report.nodeid.split("::")[0], []).append(report)
    return found


@pytest.fixture
def bad_project(project: Project) -> Project:
    shutil.copytree(BAD, project.root / "bad")
    for name in FILES:
        project.add_corpus_file(name)
    project.pytester.makeini("[pytest]\ndag_fidelity_paths = dags bad\n")
    return project


@pytest.mark.parametrize(
    "backend", ["shim", pytest.param("airflow", marks=pytest.mark.airflow)], ids=["shim", "airflow"]
)
def test_each_bad_file_is_one_failing_item_naming_file_line_cause_and_fix(
    bad_project: Project, backend: str, request: pytest.FixtureRequest
) -> None:
    if backend == "airflow":
        request.getfixturevalue("airflow_backend")  # skips (fails in CI) without real Airflow
    before = bad_project.goldens_snapshot()
    recorder = bad_project.pytester.inline_run(
        "-p", "no:cacheprovider", "--dag-fidelity", "--dag-fidelity-backend", backend, *LIMITS
    )
    by_file = reports_by_file(recorder)

    for name in FILES:  # the good DAGs beside them are checked as ever, and pass
        reports = by_file[f"dags/{name}"]
        assert reports and all(r.passed for r in reports), [r.longreprtext for r in reports]
    for name in sorted(set(CASES) - PARSES):
        expected = CASES[name].error_on(TARGET, backend)
        if expected is None and name not in ("no_dag.py", "duplicate_dag_id_across_files_b.py"):
            continue  # the airflow backend parses what the shim does not model
        reports = by_file[f"bad/{name}"]
        assert len(reports) == 1 and reports[0].failed, (name, [r.nodeid for r in reports])
        text = reports[0].longreprtext
        if name == "no_dag.py":
            assert "bad/no_dag.py: defines no DAG. Fix: " in text
            continue
        if name == "duplicate_dag_id_across_files_b.py":
            assert "AirflowDagDuplicatedIdException" in text and "duplicate_dag_id_across_files_a.py" in text
            continue
        line = expected_line(name)
        where = f"bad/{name}:{line}: " if isinstance(line, int) else f"bad/{name}"
        assert where in text and f"{expected}: " in text and "Fix: " in text, text
        verdict = expected_verdict(name, TARGET) if HAS_AIRFLOW else None
        assert text.startswith(f"{verdict}") if verdict else True, text  # pytest's summary line names it
        if verdict == "import_error":
            assert f"does not load in real Airflow {TARGET}" in text and "--dag-fidelity-update" not in text
    assert bad_project.goldens_snapshot() == before  # a normal run never writes goldens


# One of each failure the harness imposes, and two that are Airflow's verdict on the file.
UPDATED = (
    "infinite_loop.py",
    "os_exit.py",
    "unbounded_memory.py",
    "writes_at_import.py",
    "duplicate_dag_id_in_file.py",
    "syntax_error.py",
    "cycle.py",
)
DECLARED = "cycle.py"  # declared expected to fail, in the test


@pytest.mark.airflow
def test_an_update_records_airflows_verdicts_but_never_a_harness_limit(
    bad_project: Project, airflow_backend: object
) -> None:
    for path in (bad_project.root / "bad").iterdir():
        if path.name not in UPDATED:
            path.unlink()
    declared = bad_project.root / "bad" / DECLARED
    declared.write_text(
        "# dagfidelity: expect-failure * raises=AirflowDagCycleException kept on purpose\n"
        + declared.read_text()
    )
    update = ("-p", "no:cacheprovider", "--dag-fidelity", "--dag-fidelity-update", *LIMITS)
    first = bad_project.pytester.inline_run(*update, "dags")  # the good DAGs' goldens, written here
    assert not first.getfailures() and first.countoutcomes()[0] >= len(FILES)
    before = bad_project.goldens_snapshot()
    recorder = bad_project.pytester.inline_run(*update)
    by_file = reports_by_file(recorder)
    after = bad_project.goldens_snapshot()
    assert {k: v for k, v in after.items() if k in before} == before  # the good goldens: byte-identical
    written = {k.split("/")[-2] for k in set(after) - set(before)}
    for name, reports in ((n, by_file[f"bad/{n}"]) for n in UPDATED):
        expected = CASES[name].error_on(TARGET, "airflow")
        if name == DECLARED:  # "fails on this version", declared so: a verdict worth keeping
            assert name[:-3] in written, name
            assert reports[0].skipped and hasattr(reports[0], "wasxfail"), reports[0].longreprtext
        elif expected is not None:
            # A harness limit, or a failure nobody declared expected: never a golden.
            assert name[:-3] not in written, name
            assert reports[0].failed and "no golden was written" in reports[0].longreprtext
            assert "--dag-fidelity-update" not in reports[0].longreprtext
