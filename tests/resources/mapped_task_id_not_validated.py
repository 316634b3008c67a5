"""Airflow validates a classic task's id, but never a mapped task's: both parse this."""

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("mapped_task_id_not_validated", schedule=None) as dag:
    BashOperator.partial(task_id="has a space").expand(bash_command=["echo a", "echo b"])
