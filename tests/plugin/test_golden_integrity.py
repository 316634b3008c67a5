"""Goldens survive an update run killed with SIGKILL: each is old or new, never partial."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FILES, STYLE, Project

pytestmark = pytest.mark.airflow

UPDATE = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--dag-fidelity", "--dag-fidelity-update"]
KILLS = 3


@pytest.fixture(autouse=True)
def _real_airflow(airflow_backend: object) -> None:
    """Skips (or, in CI, fails) without real Airflow in this environment."""


def goldens(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("dag_goldens/**/*.json"))}


def test_an_update_killed_at_random_points_leaves_every_golden_old_or_new(project: Project) -> None:
    # Many goldens, one of them large, so that the kills land while files are being written.
    for name in (*FILES, f"dag_factory__{STYLE}.py", "thousand_tasks.py"):
        project.add_corpus_file(name)
    for path in project.root.rglob("dag_goldens/**/*.json"):  # make every golden stale
        doc = json.loads(path.read_text())
        doc["dag"]["description"] = "stale: the update must rewrite it"
        path.write_text(json.dumps(doc, indent=2) + "\n")
    old = goldens(project.root)

    reference = project.root.parent / "reference"
    shutil.copytree(project.root, reference)
    done = subprocess.run(UPDATE, cwd=reference, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    new = goldens(reference)
    assert set(new) == set(old) and all(new[p] != old[p] for p in old)

    rng = random.Random(20261121)
    mid_run = 0  # kills after some goldens were rewritten and before all were
    for _ in range(KILLS):
        for path, content in old.items():
            (project.root / path).write_bytes(content)
        process = subprocess.Popen(
            UPDATE,
            cwd=project.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_for_the_first_write(project.root, old, process)
        time.sleep(rng.uniform(0, 0.2))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        now = goldens(project.root)
        assert set(now) == set(old)
        assert all(now[p] in (old[p], new[p]) for p in old), [
            p for p in old if now[p] not in (old[p], new[p])
        ]
        mid_run += any(now[p] == new[p] for p in old) and any(now[p] == old[p] for p in old)
    assert mid_run > 0, "no kill landed while the update was writing: the test proved nothing"

    # The next complete run writes everything and sweeps the temporary files killed runs left.
    subprocess.run(UPDATE, cwd=project.root, capture_output=True, check=True)
    assert goldens(project.root) == new
    assert not list(project.root.rglob("dag_goldens/**/.*.tmp"))


def _wait_for_the_first_write(root: Path, old: dict[Path, bytes], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any((root / p).read_bytes() != content for p, content in old.items()):
            return
        time.sleep(0.01)
    pytest.fail("the update run wrote no golden within 120 s (or ended first)")
