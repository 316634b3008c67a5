from airflow import DAG
from airflow.operators.empty import EmptyOperatr  # <- fails here

dag = DAG("missing_airflow_name", schedule=None)
