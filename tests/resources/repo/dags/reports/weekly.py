"""A second DAG folder file: two DAGs from one factory."""

import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator

for region in ("emea", "apac"):
    with DAG(f"weekly_{region}", start_date=datetime.datetime(2024, 1, 1), schedule="0 6 * * 1", catchup=False):
        EmptyOperator(task_id="collect") >> EmptyOperator(task_id="publish")
