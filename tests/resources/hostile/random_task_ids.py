"""Task ids drawn from random: different on every parse."""

import random

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("random_task_ids", schedule=None) as dag:
    EmptyOperator(task_id=f"t_{random.randrange(10**9)}")
