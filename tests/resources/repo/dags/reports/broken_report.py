"""A DAG with a syntax error: it must fail on every route, never pass."""

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("broken_report", schedule=None) as dag:
    EmptyOperator(task_id="start"))
