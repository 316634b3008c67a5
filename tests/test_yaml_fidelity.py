"""dag-factory YAML configs against real Airflow plus dag-factory: the corpus matches on this
version (or fails as declared), and broken configs fail in both, at the same YAML line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_dagfidelity.versions import installed_airflow

from .conftest import CORPUS, RESOURCES, needs_dag_factory
from .test_yaml_shim import BAD_CASES

pytestmark = pytest.mark.airflow


@pytest.fixture(scope="module", autouse=True)
def _needs_dag_factory() -> None:  # Airflow: the module's marker
    needs_dag_factory()


def check(*args: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", "check", "--json", *args],
        capture_output=True,
        text=True,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip().startswith("{")]
    assert lines, done.stderr
    return lines


def test_every_yaml_config_of_the_corpus_matches_real_airflow() -> None:
    verdicts = check("--import-root", str(CORPUS), str(CORPUS / "factory_yaml"))
    assert len(verdicts) >= 12
    assert all(v["path"].endswith(".yml") for v in verdicts)
    assert {v["verdict"] for v in verdicts} <= {"match", "expected_failure"}, [
        (v["path"], v["verdict"], v["summary"]) for v in verdicts if v["verdict"] != "match"
    ]
    # Exactly one config is declared to fail per major version: the other major's asset schedules.
    failing = [Path(v["path"]).name for v in verdicts if v["verdict"] == "expected_failure"]
    assert failing == (["assets__af3.yml"] if installed_airflow().startswith("2.") else ["datasets__af2.yml"])  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "line", "type_", "key"), BAD_CASES)
def test_a_broken_config_fails_in_real_airflow_at_the_same_yaml_line(
    name: str, line: int, type_: str | None, key: str | None
) -> None:
    (verdict,) = check(str(RESOURCES / "yaml" / "bad" / name))
    assert verdict["verdict"] == "import_error", verdict
    assert verdict["line"] == line
    if key:
        assert f"(YAML key {key})" in verdict["error"]
