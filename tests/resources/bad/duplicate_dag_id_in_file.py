from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("duplicate_dag_id_in_file", schedule=None) as first:
    EmptyOperator(task_id="first")

with DAG("duplicate_dag_id_in_file", schedule=None) as second:
    EmptyOperator(task_id="second")
