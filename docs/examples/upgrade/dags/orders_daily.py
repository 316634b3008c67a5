"""Loads yesterday's orders every day: written for Airflow 2 (schedule_interval)."""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

with DAG(
    dag_id="orders_daily",
    schedule_interval="@daily",
    start_date=datetime(2024, 1, 1),
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["orders"],
):
    extract = BashOperator(task_id="extract", bash_command="extract_orders.sh {{ ds }}")
    load = BashOperator(task_id="load", bash_command="load_orders.sh {{ ds }}")
    done = EmptyOperator(task_id="done")
    extract >> load >> done
