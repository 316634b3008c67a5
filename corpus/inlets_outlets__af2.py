# dagfidelity: expect-failure >=3.2 raises=ModuleNotFoundError written in Airflow 2 style, which this Airflow 3 version refuses
"""Inlets and outlets with Dataset objects on classic operators and @task (Airflow 2 imports)."""

import pendulum
from airflow import DAG
from airflow.datasets import Dataset
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

raw = Dataset("s3://lake/raw/events")
clean = Dataset("s3://lake/clean/events", extra={"owner": "data-eng", "format": "parquet"})
report = Dataset("postgres://warehouse/analytics/public/daily_report")

with DAG(
    dag_id="inlets_outlets__af2",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
):
    land = EmptyOperator(task_id="land", outlets=[raw])
    transform = BashOperator(task_id="transform", bash_command="transform.py ", inlets=[raw], outlets=[clean])

    @task(inlets=[clean], outlets=[report, Dataset("file:///exports/daily.csv")])
    def build_report():
        return None

    land >> transform >> build_report()
