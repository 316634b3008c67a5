from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("invalid_task_id", schedule=None) as dag:
    EmptyOperator(task_id="load customers")  # <- fails here
