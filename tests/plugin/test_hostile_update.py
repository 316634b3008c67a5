"""The hostile files through the plugin's update path: ``--dag-fidelity-update``, then a normal run.

One project holds every hostile file of tests/resources/hostile, each followed (in path
order, so in the order the plugin parses them) by a copy of the innocent file with a
dag_id of its own. For each hostile file:

- it gets one clear line: a failing item naming the file, its error type and a fix, or
  (where it parses) passing items whose goldens sit inside the golden folder;
- the innocent copy after it gets exactly what it gets in a run without any hostile file:
  the same outcome and a byte-identical golden;
- nothing outside the golden folder changed: the sentinel beside the DAG folder holds its
  text, and the project holds only what it held plus the goldens.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import RESOURCES
from ..test_hostile import CASES, HOSTILE, SENTINEL_TEXT, expected_outcome, signals_scoped
from .conftest import TARGET

pytestmark = pytest.mark.airflow

REPORTER = """
import json, os

def pytest_runtest_logreport(report):
    if report.when == "call" or (report.when == "setup" and not report.passed):
        with open(os.environ["HOSTILE_REPORTS"], "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"nodeid": report.nodeid, "outcome": report.outcome,
                                 "text": report.longreprtext}) + "\\n")
"""
LIMITS = ("--dag-fidelity-timeout", "5", "--dag-fidelity-memory-limit", "512")


def innocent_for(stem: str) -> str:
    source = (RESOURCES / "innocent.py").read_text(encoding="utf-8")
    assert source.count('DAG("innocent"') == 1
    return source.replace('DAG("innocent"', f'DAG("innocent_after_{stem}"')


@dataclass
class Run:
    reports: dict[str, list[dict[str, str]]]  # by file, relative to the project
    goldens: dict[str, bytes]  # relative to the golden folder
    listing: list[str]  # what the project holds outside the golden folder
    output: str = ""
    status: int = 0


class HostileProject:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "hostile"
        self.golden_root = root / "dag_goldens"
        self.folder.mkdir()
        (root / "pytest.ini").write_text("[pytest]\ndag_fidelity_paths = hostile\n")
        (root / "conftest.py").write_text(REPORTER)
        (root / "sentinel.txt").write_text(SENTINEL_TEXT)

    def add_innocents(self, names: list[str]) -> None:
        for name in names:
            stem = name[:-3]
            (self.folder / f"{stem}_innocent.py").write_text(innocent_for(stem), encoding="utf-8")

    def run(self, *args: str) -> Run:
        reports = self.root / "reports.jsonl"
        reports.unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "--dag-fidelity"]
            + [*LIMITS, *args],
            cwd=self.root,
            env={**os.environ, "HOSTILE_REPORTS": str(reports), "PYTHONDONTWRITEBYTECODE": "1"},
            capture_output=True,
            timeout=1200,
        )
        assert reports.exists(), done.stdout.decode()[-3000:] + done.stderr.decode()[-3000:]
        by_file: dict[str, list[dict[str, str]]] = {}
        for line in reports.read_text(encoding="utf-8").splitlines():
            report = json.loads(line)
            by_file.setdefault(report["nodeid"].split("::")[0], []).append(report)
        reports.unlink()
        goldens = {
            str(p.relative_to(self.golden_root)): p.read_bytes()
            for p in sorted(self.golden_root.rglob("*"))
            if p.is_file()
        }
        return Run(by_file, goldens, self.listing(), done.stdout.decode("utf-8", "replace"), done.returncode)

    def listing(self) -> list[str]:
        """Every path in the project outside the golden folder."""
        golden = self.golden_root
        return sorted(
            str(p.relative_to(self.root)) for p in self.root.rglob("*") if golden not in (p, *p.parents)
        )


def runnable_cases() -> list[str]:
    """The cases this kernel's sandbox can hold (the rest skip in tests/test_hostile.py too)."""
    from pytest_dagfidelity.worker import landlock

    scoped = signals_scoped()
    return sorted(n for n in CASES if CASES[n].on(int(TARGET[0]), scoped).landlock <= landlock.abi())


@dataclass
class Outcomes:
    alone: Run
    update: Run
    normal: Run
    before: list[str]  # what the project held before the update run
    root: Path


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory, airflow_backend: object) -> Outcomes:
    names = runnable_cases()
    project = HostileProject(tmp_path_factory.mktemp("hostile-update"))
    project.add_innocents(names)
    alone = project.run("--dag-fidelity-update")
    shutil.rmtree(project.golden_root)
    for name in names:
        shutil.copy(HOSTILE / name, project.folder / name)
    before = project.listing()
    update = project.run("--dag-fidelity-update")
    normal = project.run()
    return Outcomes(alone, update, normal, before, project.root)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_file_through_update_then_a_normal_run(outcomes: Outcomes, name: str) -> None:
    expected = expected_outcome(name, TARGET, signals_scoped())
    file, innocent = f"hostile/{name}", f"hostile/{name[:-3]}_innocent.py"
    for run in (outcomes.update, outcomes.normal):
        reports = run.reports.get(file, [])
        if expected.in_plugin is not None:  # it parses, yet fails with this verdict, and no golden
            assert reports and all(r["outcome"] == "failed" for r in reports), reports
            assert all(r["text"].startswith(expected.in_plugin) for r in reports), reports
        elif expected.error is None:  # it parses: its DAGs pass, their goldens in the golden folder
            assert reports and all(r["outcome"] == "passed" for r in reports), reports
            assert len(reports) == len(expected.dags or [name[:-3]])
        else:
            assert len(reports) == 1 and reports[0]["outcome"] == "failed", reports
            text = reports[0]["text"]
            seen = expected.seen_in(text)
            assert file in text and f"{seen.error}: " in text and "Fix: " in text, text
            assert seen.says in text, text
        # The innocent file after it: what it gets alone, and the same golden, byte for byte.
        assert (
            [r["outcome"] for r in run.reports[innocent]]
            == [r["outcome"] for r in outcomes.alone.reports[innocent]]
            == ["passed"]
        )
    innocent_goldens = {k: v for k, v in outcomes.update.goldens.items() if f"/{name[:-3]}_innocent/" in k}
    assert innocent_goldens and innocent_goldens == {
        k: v for k, v in outcomes.alone.goldens.items() if f"/{name[:-3]}_innocent/" in k
    }
    stem_goldens = [k for k in outcomes.update.goldens if f"/hostile/{name[:-3]}/" in k]
    parses = expected.error is None and expected.in_plugin is None
    assert len(stem_goldens) == (len(expected.dags or [name[:-3]]) if parses else 0), stem_goldens
    # Nothing changed outside the golden folder: the sentinel, the DAG folder, the project.
    assert outcomes.update.listing == outcomes.normal.listing == outcomes.before
    assert (outcomes.root / "sentinel.txt").read_text() == SENTINEL_TEXT


def test_files_discovery_must_not_read_are_reported_and_fail_the_run(
    tmp_path: Path, airflow_backend: object
) -> None:
    """A fifo, a link to /dev/zero, a dangling link, a huge file, a non-UTF-8 name and a
    symlink loop beside an innocent file: the update and the normal run finish, name each
    one, fail, and check the innocent file as they would alone."""
    from ..test_discovery import UNREADABLE, make_unreadable

    project = HostileProject(tmp_path)
    project.add_innocents(["discovery.py"])
    alone = project.run("--dag-fidelity-update")
    make_unreadable(project.folder)
    before = project.listing()
    for run in (project.run("--dag-fidelity-update"), project.run()):
        assert run.status == 1, run.output
        for name, reason in UNREADABLE.items():
            assert any(
                name in line and reason in line and "not checked" in line for line in run.output.splitlines()
            ), (
                name,
                run.output,
            )
        assert "hostile/discovery_innocent.py" in run.reports, (sorted(run.reports), run.output[-3000:])
        assert run.reports["hostile/discovery_innocent.py"] == alone.reports["hostile/discovery_innocent.py"]
        assert run.goldens == alone.goldens
        assert run.listing == before
    assert (tmp_path / "sentinel.txt").read_text() == SENTINEL_TEXT
