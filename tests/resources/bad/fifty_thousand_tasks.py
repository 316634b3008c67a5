"""50,000 tasks in one DAG: a chain of 500 steps, each 99 parallel tasks and a join."""

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("fifty_thousand_tasks", schedule=None) as dag:
    previous = None
    for step in range(500):
        join = EmptyOperator(task_id=f"join_{step:03d}")
        fan = [EmptyOperator(task_id=f"task_{step:03d}_{i:02d}") for i in range(99)]
        if previous is not None:
            previous >> fan
        fan >> join
        previous = join
