"""Airflow 3 style: parses on 3.x, and fails on 2.x exactly as real Airflow 2 does."""

# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError airflow.sdk is Airflow 3 only

import pendulum
from airflow.sdk import dag, task


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule="@hourly", tags=["sdk"])
def sdk_on_any_version():
    @task
    def extract():
        return {"rows": 3}

    @task(retries=3)
    def load(payload):
        return payload["rows"]

    load(extract())


sdk_on_any_version()
