"""Imports a helper package from the DAG folder and builds one DAG per table."""

import datetime

from airflow import DAG
from helpers.factory import TABLES

try:
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:
    from airflow.operators.bash import BashOperator

for table, cron in TABLES.items():
    with DAG(f"sync_{table}", start_date=datetime.datetime(2024, 1, 1), schedule=cron, tags=["sync", table]):
        BashOperator(task_id="extract", bash_command=f"extract {table}") >> BashOperator(
            task_id="load", bash_command=f"load {table}"
        )
