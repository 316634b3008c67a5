# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""ExternalTaskMarker in a parent DAG; ExternalTaskSensor in poke, reschedule and deferrable modes."""

import datetime

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.sensors.external_task import ExternalTaskMarker, ExternalTaskSensor
from airflow.sdk import DAG

START = pendulum.datetime(2024, 1, 1, tz="UTC")

with DAG(dag_id="external_task__af3__parent", start_date=START, schedule="0 1 * * *", catchup=False):
    produce = EmptyOperator(task_id="produce")
    marker = ExternalTaskMarker(
        task_id="clear_child",
        external_dag_id="external_task__af3__child",
        external_task_id="wait_poke",
        recursion_depth=3,
    )
    produce >> marker

with DAG(dag_id="external_task__af3__child", start_date=START, schedule="0 2 * * *", catchup=False):
    wait_poke = ExternalTaskSensor(
        task_id="wait_poke",
        external_dag_id="external_task__af3__parent",
        external_task_id="produce",
        execution_delta=datetime.timedelta(hours=1),
        timeout=3600,
    )
    wait_reschedule = ExternalTaskSensor(
        task_id="wait_reschedule",
        external_dag_id="external_task__af3__parent",
        external_task_ids=["produce", "clear_child"],
        allowed_states=["success", "skipped"],
        failed_states=["failed"],
        execution_delta=datetime.timedelta(hours=1),
        mode="reschedule",
        poke_interval=120,
    )
    wait_deferred = ExternalTaskSensor(
        task_id="wait_deferred",
        external_dag_id="external_task__af3__parent",
        external_task_id=None,
        execution_delta=datetime.timedelta(hours=1),
        deferrable=True,
    )
    consume = EmptyOperator(task_id="consume")
    [wait_poke, wait_reschedule, wait_deferred] >> consume
