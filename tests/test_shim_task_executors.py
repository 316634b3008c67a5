"""A task's ``executor`` checked against the ``[core] executor`` option, as a DagBag checks it
from Airflow 3.1 (``shim/airflow/_dagfidelity/task_executors.py``). The corpus files
``task_executors__af3.py`` and ``unknown_task_executor__af3.py`` hold the default configuration
against real Airflow; these pin how the option's other forms are read (aliases, module paths,
several executors, a team's executors), following ``ExecutorLoader`` of 3.3.2."""

from __future__ import annotations

import pytest

DAG_FILE = """\
import os
os.environ["AIRFLOW__CORE__EXECUTOR"] = {config!r}
import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

with DAG("d", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    BashOperator(task_id="t", bash_command="echo", executor={executor!r})
"""


@pytest.mark.parametrize(
    ("config", "executor"),
    [
        ("LocalExecutor", "LocalExecutor"),
        ("LocalExecutor", "airflow.executors.local_executor.LocalExecutor"),
        ("LocalExecutor,CeleryExecutor", "CeleryExecutor"),
        ("LocalExecutor,fast:CeleryExecutor", "fast"),
        ("LocalExecutor,fast:CeleryExecutor", "CeleryExecutor"),
        ("my.pkg.MyExecutor", "MyExecutor"),
        ("own:my.pkg.MyExecutor", "my.pkg.MyExecutor"),
    ],
)
@pytest.mark.parametrize("version", ["3.1", "3.3"])
def test_configured_executor(compile_source, version, config, executor):
    result = compile_source(DAG_FILE.format(config=config, executor=executor), version)
    assert result.ok, result.error


@pytest.mark.parametrize(
    ("config", "executor"),
    [
        ("LocalExecutor", "CeleryExecutor"),
        ("LocalExecutor", "fast"),
        ("LocalExecutor;team1=CeleryExecutor", "CeleryExecutor"),  # a team's: no parsed DAG has a team
    ],
)
@pytest.mark.parametrize("version", ["3.1", "3.3"])
def test_unknown_executor(compile_source, version, config, executor):
    result = compile_source(DAG_FILE.format(config=config, executor=executor), version)
    assert not result.ok
    assert result.error is not None
    assert result.error.type == "UnknownExecutorException"
    assert f"specifies executor '{executor}'" in result.error.message


def test_not_checked_before_3_1(compile_source):
    result = compile_source(DAG_FILE.format(config="LocalExecutor", executor="CeleryExecutor"), "3.0")
    assert result.ok, result.error
