"""A DAG project inside pytester: DAG files, and goldens copied from the reviewed corpus goldens.

The goldens are the ones real Airflow wrote for the shipped corpus (see goldens/), so
tests without Airflow still hold the shim to real Airflow's output, never to its own.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_dagfidelity.versions import installed_airflow, resolve_target

REPO = Path(__file__).parent.parent.parent
HAS_AIRFLOW = installed_airflow() is not None
TARGET = resolve_target(None)
STYLE = "af2" if TARGET.startswith("2.") else "af3"
# Two corpus files with several DAGs between them, in the import style of the target.
FILES = (f"edge_labels__{STYLE}.py", f"taskflow_called_twice__{STYLE}.py")


class Project:
    def __init__(self, pytester: pytest.Pytester) -> None:
        self.pytester = pytester
        self.root = pytester.path
        self.dags = self.root / "dags"
        self.dags.mkdir()
        self.goldens = self.root / "dag_goldens" / TARGET

    def add_corpus_file(self, name: str, with_goldens: bool = True) -> list[str]:
        shutil.copy(REPO / "corpus" / name, self.dags / name)
        stem = name[:-3]
        source = REPO / "goldens" / TARGET / "corpus" / stem
        ids = sorted(p.stem for p in source.glob("*.json"))
        if with_goldens:
            shutil.copytree(source, self.goldens / "dags" / stem)
        return ids

    def golden(self, name: str, dag_id: str) -> Path:
        return self.goldens / "dags" / name[:-3] / f"{dag_id}.json"

    def goldens_snapshot(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.root)): p.read_bytes() for p in sorted(self.root.rglob("*.json"))}

    def run(self, *args: str) -> pytest.RunResult:
        return self.pytester.runpytest("-p", "no:cacheprovider", *args)


@pytest.fixture(autouse=True)
def _no_step_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs inside pytester must not append to the CI job's own $GITHUB_STEP_SUMMARY."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def project(pytester: pytest.Pytester) -> Project:
    return Project(pytester)


@pytest.fixture
def corpus_project(project: Project) -> Callable[[], dict[str, list[str]]]:
    def make() -> dict[str, list[str]]:
        return {name: project.add_corpus_file(name) for name in FILES}

    return make


needs_airflow = pytest.mark.airflow
without_airflow = pytest.mark.skipif(HAS_AIRFLOW, reason="about environments without Airflow")
PYTHON = sys.executable
