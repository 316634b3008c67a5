from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("duplicate_task_id", schedule=None) as dag:
    EmptyOperator(task_id="same")
    EmptyOperator(task_id="same")  # <- fails here
