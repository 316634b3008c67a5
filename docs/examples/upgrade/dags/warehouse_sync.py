"""Syncs the warehouse at 06:00 on weekdays, with catchup explicitly off."""

import pendulum

from airflow import DAG
from airflow.decorators import task
from airflow.operators.empty import EmptyOperator

with DAG(
    dag_id="warehouse_sync",
    schedule="0 6 * * 1-5",
    start_date=pendulum.datetime(2024, 1, 1, tz="Europe/Amsterdam"),
    catchup=False,
    max_active_runs=1,
):

    @task
    def list_tables():
        return ["customers", "orders", "payments"]

    @task
    def sync(table):
        print(f"syncing {table}")

    start = EmptyOperator(task_id="start")
    start >> sync.expand(table=list_tables())
