from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("indentation_error", schedule=None) as dag:
    EmptyOperator(task_id="a")
      EmptyOperator(task_id="b")  # <- fails here
