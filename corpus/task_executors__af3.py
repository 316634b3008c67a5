# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""A task's ``executor`` naming a configured executor, each way Airflow accepts it: the core
executor's name (``LocalExecutor``, the ``[core] executor`` default), its module path, and its
class name, also from ``default_args`` and on a mapped task. From 3.1 a DagBag checks it
(``unknown_task_executor__af3.py`` is the refusal)."""

import pendulum
from airflow.sdk import DAG, task
from airflow.providers.standard.operators.bash import BashOperator

with DAG(
    "task_executors__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
    default_args={"executor": "LocalExecutor"},
):
    by_default = BashOperator(task_id="by_default", bash_command="echo 1")
    by_path = BashOperator(
        task_id="by_path", bash_command="echo 2", executor="airflow.executors.local_executor.LocalExecutor"
    )

    @task(executor="LocalExecutor")
    def by_name(x):
        return x

    mapped = by_name.expand(x=[1, 2])
    by_default >> by_path >> mapped
