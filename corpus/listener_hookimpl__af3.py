# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""A listener module next to DAGs: pluggy's hookimpl marker used at parse time (with and
without options), and a DAG in the same file."""

import pendulum
from airflow.listeners import hookimpl
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG


@hookimpl
def on_task_instance_running(previous_state, task_instance):
    print("running", task_instance)


@hookimpl(tryfirst=True)
def on_dag_run_success(dag_run, msg):
    print("success", dag_run)


with DAG(
    dag_id="listener_hookimpl__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    on_success_callback=on_dag_run_success,
):
    EmptyOperator(task_id="noop")
