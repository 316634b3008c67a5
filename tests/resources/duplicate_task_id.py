"""Two tasks with one task_id: both backends must reject it with the same exception type."""

import datetime

from airflow import DAG

try:
    from airflow.providers.standard.operators.empty import EmptyOperator
except ImportError:
    from airflow.operators.empty import EmptyOperator

with DAG("duplicate_task_id", start_date=datetime.datetime(2024, 1, 1), schedule=None):
    EmptyOperator(task_id="same")
    EmptyOperator(task_id="same")
