"""Under pytest-xdist, real Airflow is imported once per run: every xdist worker is served by
a fork of the one warm worker the controller started (backends/shared.py)."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import Project

pytestmark = pytest.mark.airflow

# Checked by real Airflow only, so its golden records what real Airflow's process saw: whether
# the worker it was forked from is the run's shared one (a fork of a listening worker) or one
# of an xdist worker's own. An update parses each file twice (another hash seed, another
# worker), so both parses must say the same for a golden to be written at all.
PROBE = """# dagfidelity: airflow-only records which kind of Airflow worker parsed it
import os

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator


def parent(pid):
    with open(f"/proc/{{pid}}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[1])


def command(pid):
    with open(f"/proc/{{pid}}/cmdline", "rb") as fh:
        return fh.read().split(b"\\0")


def ancestors(pid):
    while (pid := parent(pid)) > 0:  # 0: the top of this PID namespace
        yield pid


# Parsed in a process forked (under a supervisor, below Landlock ABI 6) by a worker that the
# run's one listening Airflow forked for this xdist worker: that listener is an ancestor.
SHARED = any(b"--listen" in command(pid) for pid in ancestors(os.getpid()))
with DAG("{dag_id}", tags=[f"shared={{SHARED}}"], start_date=pendulum.datetime(2024, 1, 1), schedule=None):
    EmptyOperator(task_id="t")
"""


@pytest.fixture(autouse=True)
def _real_airflow(airflow_backend: object) -> None:
    """Skips (or, in CI, fails) without real Airflow in this environment."""


def test_every_xdist_worker_uses_the_one_real_airflow_of_the_run(project: Project) -> None:
    pytest.importorskip("xdist")
    names = [f"probe_{i}" for i in range(6)]
    for name in names:
        (project.dags / f"{name}.py").write_text(PROBE.format(dag_id=name))
    result = project.run("--dag-fidelity", "--dag-fidelity-update", "-n", "2", "--dist", "loadfile", "-v")
    assert result.ret == 0, result.stdout.str()
    workers = set(re.findall(r"\[(gw\d+)\]", result.stdout.str()))
    assert workers == {"gw0", "gw1"}, result.stdout.str()  # both xdist workers parsed some
    said = {json.loads(project.golden(f"{n}.py", n).read_text())["dag"]["tags"][0] for n in names}
    assert said == {"shared=True"}, said
