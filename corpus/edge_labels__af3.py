# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Label edges: task to task, fan-out to a list, set_downstream(edge_modifier=), into a task group."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.python import BranchPythonOperator
from airflow.sdk import DAG, Label, TaskGroup


def route():
    return "valid"


with DAG(
    dag_id="edge_labels__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
):
    ingest = EmptyOperator(task_id="ingest")
    check = BranchPythonOperator(task_id="check", python_callable=route)
    valid = EmptyOperator(task_id="valid")
    invalid = EmptyOperator(task_id="invalid")
    quarantine = EmptyOperator(task_id="quarantine")
    notify = EmptyOperator(task_id="notify")

    with TaskGroup(group_id="publish") as publish:
        EmptyOperator(task_id="to_api") >> EmptyOperator(task_id="to_cache")

    ingest >> Label("raw rows") >> check
    check >> Label("schema ok") >> valid
    check >> Label("schema broken") >> invalid
    invalid >> Label("isolate") >> [quarantine, notify]
    valid.set_downstream(publish, edge_modifier=Label("into group"))
    quarantine << Label("backfill") << ingest
