"""Written for the Airflow 3 task SDK: on 2.x it fails, and says it is expected to."""

# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written for the Airflow 3 task SDK

import datetime

from airflow.sdk import dag, task


@dag(start_date=datetime.datetime(2024, 1, 1), schedule=None)
def sdk_only():
    @task
    def hello():
        raise RuntimeError("task bodies never run while parsing")

    hello()


sdk_only()
