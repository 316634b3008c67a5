"""The shim against real Airflow: tests/resources, the corpus, and Airflow's own example DAGs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_dagfidelity.versions import installed_airflow

from .conftest import CORPUS, RESOURCES

pytestmark = pytest.mark.airflow


def check(*paths: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", "check", "--json", *paths],
        capture_output=True,
        text=True,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert lines, done.stderr
    assert done.returncode == (0 if all(v["verdict"] in PASSING for v in lines) else 1)
    return lines


PASSING = ("match", "airflow_only", "expected_failure")
# By hand: the files of tests/resources that do not load in Airflow (both backends must say so).
BROKEN = {"cycle.py": "import_error", "duplicate_task_id.py": "import_error"}


def not_matching(verdicts: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['verdict']} {v['path']}: {v['error'] or ''} {v['diff'][:5]}"
        for v in verdicts
        if v["verdict"] not in PASSING
    ]


def test_every_file_in_tests_resources_matches_and_refusals_are_loud() -> None:
    verdicts = check(str(RESOURCES))
    refused = [v for v in verdicts if "/refused/" in v["path"]]
    assert refused and all(v["verdict"] == "unsupported" and "Fix:" in v["error"] for v in refused), refused
    gaps = [v for v in verdicts if "/fuzz/gaps/" in v["path"]]  # xfail in tests/test_fuzz.py
    broken = {Path(v["path"]).name: v["verdict"] for v in verdicts if Path(v["path"]).name in BROKEN}
    assert broken == BROKEN  # a DAG that does not load is never a match
    # Fuzzing's regression cases include files both sides reject; tests/test_fuzz.py checks they
    # reject them the same way.
    rejected = [v for v in verdicts if "/fuzz/" in v["path"] and v["verdict"] == "import_error"]
    rest = [
        v
        for v in verdicts
        if v not in refused and v not in gaps and v not in rejected and Path(v["path"]).name not in BROKEN
    ]
    assert [v for v in rest if v["verdict"] not in PASSING] == []
    assert {"path", "dag_ids", "verdict", "airflow_version", "diff", "error"} <= set(verdicts[0])


def test_every_corpus_file_matches() -> None:
    verdicts = check(str(CORPUS))
    assert len(verdicts) >= 50
    assert not_matching(verdicts) == []


def test_airflow_3_files_parse_on_3_and_fail_on_2_the_same_way() -> None:
    (verdict,) = check(str(RESOURCES / "sdk_on_any_version.py"))
    if installed_airflow().startswith("2."):  # type: ignore[union-attr]
        # Declared in the file: fails on 2.x, as declared, with the type declared.
        assert (
            verdict["verdict"] == "expected_failure" and "airflow.sdk is Airflow 3 only" in verdict["error"]
        )
    else:
        assert verdict["verdict"] == "match"
        assert verdict["dag_ids"] == ["sdk_on_any_version"] and verdict["error"] is None


def test_task_bodies_never_run_in_either_backend(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    os.environ["DAGFIDELITY_TEST_MARKER"] = str(marker)
    try:
        (verdict,) = check(str(RESOURCES / "task_bodies_never_run.py"))
    finally:
        del os.environ["DAGFIDELITY_TEST_MARKER"]
    assert verdict["verdict"] == "match" and verdict["dag_ids"] == ["task_bodies_never_run"]
    assert not marker.exists()


def test_airflows_own_example_dags() -> None:
    import airflow.example_dags  # noqa: PLC0415 - only the integration sessions have Airflow

    verdicts = check(os.path.dirname(airflow.example_dags.__file__))
    # Example DAGs real Airflow cannot load here (a database at parse time), and the example
    # plugins (no DAG), are not compared.
    parsed = [v for v in verdicts if v["verdict"] not in ("environment_error", "import_error", "no_dag")]
    matched = [v for v in parsed if v["verdict"] == "match"]
    assert [v["path"] for v in verdicts if v["verdict"] == "mismatch"] == []
    assert len(matched) / len(parsed) >= 0.95, not_matching(verdicts)
    for v in verdicts:
        if v["verdict"] != "match":
            assert v["error"], f"{v['path']} was refused without a reason"
