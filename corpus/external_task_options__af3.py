# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""ExternalTaskSensor with execution_date_fn, task-group targets, allowed/skipped states; chained markers."""

import datetime

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.sensors.external_task import ExternalTaskMarker, ExternalTaskSensor
from airflow.sdk import DAG, TaskGroup

START = pendulum.datetime(2024, 1, 1, tz="UTC")


def previous_hours(logical_date, **context):
    return [logical_date - datetime.timedelta(hours=h) for h in (1, 2)]


def same_day_midnight(logical_date):
    return logical_date.replace(hour=0, minute=0, second=0, microsecond=0)


with DAG(dag_id="external_task_options__af3__upstream", start_date=START, schedule="@hourly", catchup=False):
    with TaskGroup(group_id="ingest"):
        EmptyOperator(task_id="pull") >> EmptyOperator(task_id="stage")
    publish = EmptyOperator(task_id="publish")
    clear_downstream = ExternalTaskMarker(
        task_id="clear_downstream",
        external_dag_id="external_task_options__af3__downstream",
        external_task_id="wait_hours",
        logical_date="{{ (logical_date + macros.timedelta(hours=1)).isoformat() }}",
        recursion_depth=2,
    )
    publish >> clear_downstream

with DAG(
    dag_id="external_task_options__af3__downstream", start_date=START, schedule="@hourly", catchup=False
):
    wait_hours = ExternalTaskSensor(
        task_id="wait_hours",
        external_dag_id="external_task_options__af3__upstream",
        external_task_id="publish",
        execution_date_fn=previous_hours,
        allowed_states=["success", "skipped"],
        failed_states=["failed", "upstream_failed"],
        check_existence=True,
        mode="reschedule",
        poke_interval=datetime.timedelta(minutes=5),
        timeout=datetime.timedelta(hours=2),
    )
    wait_group = ExternalTaskSensor(
        task_id="wait_group",
        external_dag_id="external_task_options__af3__upstream",
        external_task_group_id="ingest",
        execution_delta=datetime.timedelta(0),
        skipped_states=["skipped"],
        soft_fail=True,
    )
    wait_dag = ExternalTaskSensor(
        task_id="wait_whole_dag",
        external_dag_id="external_task_options__af3__upstream",
        external_task_id=None,
        execution_date_fn=same_day_midnight,
        allowed_states=["success"],
        exponential_backoff=True,
    )
    with TaskGroup(group_id="fan_in"):
        ExternalTaskMarker(
            task_id="clear_upstream",
            external_dag_id="external_task_options__af3__upstream",
            external_task_id="publish",
        )
    [wait_hours, wait_group, wait_dag] >> EmptyOperator(task_id="report")
