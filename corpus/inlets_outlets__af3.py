# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Inlets and outlets with Asset objects (uri, name, group, extra) and an AssetAlias (Airflow 3 imports)."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Asset, AssetAlias, task

raw = Asset("s3://lake/raw/events")
clean = Asset(name="clean_events", uri="s3://lake/clean/events", group="lake", extra={"owner": "data-eng"})
report = Asset(name="daily_report")
dynamic = AssetAlias("daily_exports")

with DAG(
    dag_id="inlets_outlets__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
):
    land = EmptyOperator(task_id="land", outlets=[raw])
    transform = BashOperator(task_id="transform", bash_command="transform.py ", inlets=[raw], outlets=[clean])

    @task(inlets=[clean], outlets=[report, Asset("file:///exports/daily.csv")])
    def build_report():
        return None

    @task(outlets=[dynamic])
    def export():
        return None

    land >> transform >> build_report() >> export()
