# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""A @task called several times (suffixes __1, __2), @task(task_id=...) and .override()."""

import pendulum
from airflow.sdk import dag, task


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule="@daily", catchup=False)
def taskflow_called_twice__af3():
    @task
    def fetch(region):
        return region

    @task(task_id="merge_all", retries=2)
    def merge(*parts):
        return list(parts)

    # same function called three times: fetch, fetch__1, fetch__2
    eu = fetch("eu")
    us = fetch("us")
    apac = fetch("apac")

    # .override() renames and changes operator arguments for one call
    latam = fetch.override(task_id="fetch_latam", retries=5, pool="api_pool")("latam")
    # override without task_id keeps the auto-suffixing (fetch__3)
    africa = fetch.override(owner="africa-team")("africa")

    merged = merge(eu, us, apac, latam, africa)
    # a task_id given in the decorator is suffixed too when called again: merge_all__1
    merge(merged)


taskflow_called_twice__af3()
