from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("defined_in_two_files", schedule=None) as dag:
    EmptyOperator(task_id="from_b")
