"""Companion to catchup_without_start_date.py: catchup=True is fine where nothing is scheduled."""

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="unscheduled", schedule=None, catchup=True):
    EmptyOperator(task_id="only")

with DAG(dag_id="start_date_in_default_args", schedule="@daily", catchup=True, default_args={"start_date": pendulum.datetime(2024, 1, 1, tz="UTC")}):
    EmptyOperator(task_id="only")
