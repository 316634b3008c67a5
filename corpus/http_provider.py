"""HttpOperator and HttpSensor (poke, reschedule, deferrable) from the http provider (style-neutral)."""

import json

import pendulum
from airflow import DAG
from airflow.providers.http.operators.http import HttpOperator
from airflow.providers.http.sensors.http import HttpSensor


def job_finished(response):
    return response.json().get("state") == "done"


with DAG(
    dag_id="http_provider",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@hourly",
    catchup=False,
    tags=["http", "provider"],
):
    health = HttpSensor(task_id="health", http_conn_id="jobs_api", endpoint="health", poke_interval=10)
    submit = HttpOperator(
        task_id="submit",
        http_conn_id="jobs_api",
        endpoint="v1/jobs",
        method="POST",
        data=json.dumps({"date": "{{ ds }}", "full": False}),
        headers={"Content-Type": "application/json", "X-Run": "{{ run_id }}"},
        log_response=True,
    )
    status = HttpOperator(
        task_id="status",
        http_conn_id="jobs_api",
        endpoint="v1/jobs/{{ ti.xcom_pull(task_ids='submit') }}",
        method="GET",
        response_check=job_finished,
        extra_options={"timeout": 30},
    )
    wait_reschedule = HttpSensor(
        task_id="wait_reschedule",
        http_conn_id="jobs_api",
        endpoint="v1/jobs/latest",
        request_params={"state": "done"},
        response_check=job_finished,
        mode="reschedule",
        poke_interval=60,
    )
    wait_deferred = HttpSensor(
        task_id="wait_deferred", http_conn_id="jobs_api", endpoint="v1/ping", deferrable=True
    )

    health >> submit >> [status, wait_reschedule] >> wait_deferred
