# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure >=3.1 raises=UnknownExecutorException a task names an executor the [core] executor option does not configure
"""A task whose ``executor`` is not configured (``CeleryExecutor`` while ``[core] executor`` is
the default ``LocalExecutor``): from 3.1 a DagBag refuses the DAG (``UnknownExecutorException``);
3.0 parses it."""

import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

with DAG(
    "unknown_task_executor__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
):
    local = BashOperator(task_id="local", bash_command="echo 1")
    celery = BashOperator(task_id="celery", bash_command="echo 2", executor="CeleryExecutor")
    local >> celery
