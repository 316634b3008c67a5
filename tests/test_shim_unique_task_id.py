"""TaskFlow's ``<task_id>__<N>`` ids: the shim keeps each DAG's highest suffix per prefix instead
of matching every task id each time, and must name exactly what Airflow's full scan names: also
when a DAG file changes ``task_dict`` itself between calls, and for a task group's ids, whose
"." Airflow's pattern reads as any character."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_dagfidelity.backends import Result

SHIM = Path(__file__).parent.parent / "src/pytest_dagfidelity/shim"
PROBE = """
import json, random, re, sys
sys.path.insert(0, {shim!r})
from airflow._dagfidelity import runtime, taskflow

def scanned(task_id, dag):  # the full scan, as Airflow makes it (the prefix put in the pattern)
    tg_task_id = task_id
    if tg_task_id not in dag.task_dict:
        return task_id
    prefix = re.split(r"__\\d+$", tg_task_id)[0]
    suffixes = [0]
    for existing in dag.task_dict:
        match = re.match(rf"^{{prefix}}__(\\d+)$", existing)
        if match:
            suffixes.append(int(match.group(1)))
    core = re.split(r"__\\d+$", task_id)[0]
    return f"{{core}}__{{max(suffixes) + 1}}"

class Dag:  # what unique_task_id reads of a DAG: its tasks, and no task group (ids as given)
    def __init__(self):
        self.task_dict = {{}}
        self.task_group = None

names = ["a", "a__1", "b", "a__b", "a_", "x__2__3", "x__2", "a__007", "a___1"]
names += ["g.a", "g_a__3", "gXa", "g.a__2"]  # a task group's ids, and ids its "." matches
rng = random.Random(20261202)
checked = mismatches = 0
for _ in range(300):
    runtime.STATE = runtime.State()
    dag = Dag()
    for _ in range(rng.randrange(1, 40)):
        step = rng.random()
        if step < 0.15 and dag.task_dict:  # the file changes task_dict itself
            del dag.task_dict[rng.choice(list(dag.task_dict))]
            continue
        task_id = rng.choice(names)
        want, got = scanned(task_id, dag), taskflow.unique_task_id(task_id, dag, None)
        checked += 1
        if want != got:
            mismatches += 1
            print("MISMATCH", sorted(dag.task_dict), task_id, want, got, file=sys.stderr)
        dag.task_dict[got if step < 0.9 else rng.choice(names) + "__" + str(rng.randrange(30))] = object()
print(json.dumps({{"checked": checked, "mismatches": mismatches}}))
"""


def test_unique_task_ids_are_the_full_scans() -> None:
    code = PROBE.format(shim=str(SHIM))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["checked"] > 3000 and report["mismatches"] == 0, done.stderr[-3000:]


GROUPED = """
import pendulum
from airflow.sdk import DAG, TaskGroup, task
from airflow.providers.standard.operators.empty import EmptyOperator

with DAG(dag_id="group_suffix", schedule=None, start_date=pendulum.datetime(2024, 1, 1, tz="UTC")):
    EmptyOperator(task_id="grp_step__5")

    @task
    def step():
        return 1

    with TaskGroup("grp"):
        step()
        step()
"""


def test_a_task_group_s_dot_matches_any_character_as_in_airflow(
    compile_source: Callable[..., Result],
) -> None:
    """Measured on real Airflow 2.11 and 3.3: the second ``step`` in group ``grp`` counts
    ``grp_step__5`` ("." in ``grp.step`` matches "_") and is ``grp.step__6``."""
    result = compile_source(GROUPED, "3.3")
    assert result.ok and result.doc is not None, result.error
    tasks = result.doc["dags"]["group_suffix"]["tasks"]
    assert sorted(tasks) == ["grp.step", "grp.step__6", "grp_step__5"]


@pytest.mark.airflow
def test_a_task_group_s_suffixes_agree_with_real_airflow(
    tmp_path: Path, against_airflow: Callable[[Path], None]
) -> None:
    path = tmp_path / "group_suffix.py"
    path.write_text(GROUPED, encoding="utf-8")
    against_airflow(path)
