"""Goldens: missing, matching, differing, invalid, from an older schema."""

from __future__ import annotations

import json

import pytest

from .conftest import FILES, HAS_AIRFLOW, TARGET, Project


def test_dags_matching_their_goldens_pass(project: Project) -> None:
    ids = project.add_corpus_file(FILES[0])
    result = project.run("--dag-fidelity")
    result.assert_outcomes(passed=len(ids))
    result.stdout.fnmatch_lines(["*dag fidelity*", f"Airflow {TARGET}: {len(ids)} match"])


def test_a_missing_golden_fails_and_says_where_it_would_be_written(project: Project) -> None:
    (dag_id, *_) = project.add_corpus_file(FILES[0], with_goldens=False)
    result = project.run("--dag-fidelity", "-k", dag_id)
    result.assert_outcomes(failed=1)
    where = project.golden(FILES[0], dag_id)
    result.stdout.fnmatch_lines(
        [
            f"*no golden for Airflow {TARGET}: it would be written to {where}*",
            f"*pytest --dag-fidelity --dag-fidelity-update dags/{FILES[0]}::{dag_id}*",
        ]
    )


def test_a_golden_that_differs_fails_with_a_path_diff_and_the_command_that_regenerates(
    project: Project,
) -> None:
    (dag_id, *_) = project.add_corpus_file(FILES[0])
    path = project.golden(FILES[0], dag_id)
    golden = json.loads(path.read_text())
    task = sorted(golden["dag"]["tasks"])[0]
    golden["dag"]["tasks"][task]["trigger_rule"] = "one_failed"
    path.write_text(json.dumps(golden, indent=2))
    result = project.run("--dag-fidelity", "-k", dag_id)
    result.assert_outcomes(failed=1)
    # With real Airflow reachable, Airflow disagreeing with the golden makes the golden the stale side.
    side = f"real Airflow {TARGET} ≠ golden: the golden is stale" if HAS_AIRFLOW else "shim ≠ golden"
    actual = "real Airflow" if HAS_AIRFLOW else "shim"
    result.stdout.fnmatch_lines(
        [
            f"*{side}*",
            f"*(expected: golden {path}; actual: {actual})*",
            f'*    tasks/{task}/trigger_rule: "one_failed" → "*"*',
            "*regenerate the golden from real Airflow: pytest --dag-fidelity --dag-fidelity-update*",
        ]
    )


def test_a_golden_edited_into_invalid_json_is_reported_and_left_as_it_is(project: Project) -> None:
    (dag_id, *_) = project.add_corpus_file(FILES[0])
    path = project.golden(FILES[0], dag_id)
    path.write_text('{"schema_version": 1, "dag": {')
    result = project.run("--dag-fidelity", "-k", dag_id)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*golden {path} is not valid JSON (line 1*"])
    assert path.read_text() == '{"schema_version": 1, "dag": {'


def test_a_golden_from_another_schema_version_says_so(project: Project) -> None:
    (dag_id, *_) = project.add_corpus_file(FILES[0])
    path = project.golden(FILES[0], dag_id)
    golden = json.loads(path.read_text())
    golden["schema_version"] = 0
    path.write_text(json.dumps(golden))
    result = project.run("--dag-fidelity", "-k", dag_id)
    result.stdout.fnmatch_lines(["*has schema_version 0, this version of pytest-dagfidelity writes 1*"])


@pytest.mark.parametrize("workers", ["0", "2"])
def test_goldens_are_checked_under_xdist_too(project: Project, workers: str) -> None:
    ids = [i for name in FILES for i in project.add_corpus_file(name)]
    result = project.run("--dag-fidelity", "-n", workers)
    result.assert_outcomes(passed=len(ids))
    result.stdout.fnmatch_lines([f"Airflow {TARGET}: {len(ids)} match"])
