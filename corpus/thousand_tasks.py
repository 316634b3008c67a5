"""A 1,000-task DAG built in a loop: 100 parallel chains of 10 HTTP calls (style-neutral)."""

import pendulum
from airflow import DAG
from airflow.providers.http.operators.http import HttpOperator

with DAG(
    dag_id="thousand_tasks",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    max_active_tasks=64,
    tags=["scale"],
):
    for shard in range(100):
        previous = None
        for step in range(10):
            call = HttpOperator(
                task_id=f"shard_{shard:03d}_step_{step}",
                http_conn_id="internal_api",
                endpoint=f"/shards/{shard}/steps/{step}",
                method="POST",
            )
            if previous is not None:
                previous >> call
            previous = call
