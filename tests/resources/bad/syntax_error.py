from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("syntax_error", schedule=None) as dag  # <- fails here
    EmptyOperator(task_id="t")
