# dagfidelity: expect-failure >=3.2 raises=ModuleNotFoundError written in Airflow 2 style, which this Airflow 3 version refuses
"""get_parsing_context() to skip building DAGs the current parse does not need, in a generating loop."""

import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.utils.dag_parsing_context import get_parsing_context

current_dag_id = get_parsing_context().dag_id

for customer in ["acme", "globex", "initech", "umbrella"]:
    dag_id = f"parsing_context__af2__{customer}"
    if current_dag_id is not None and current_dag_id != dag_id:
        continue  # a task runner only needs its own DAG
    with DAG(
        dag_id=dag_id,
        start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
        schedule="@daily",
        catchup=False,
        tags=["per-customer", customer],
    ):
        BashOperator(task_id="sync", bash_command=f"sync --customer {customer}")
