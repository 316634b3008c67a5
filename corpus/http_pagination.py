"""HttpOperator with response_check/filter, pagination_function, retry_args; mapped (style-neutral)."""

import json

import pendulum
import tenacity
from airflow import DAG
from airflow.providers.http.operators.http import HttpOperator
from airflow.providers.http.sensors.http import HttpSensor


def is_ok(response):
    return response.status_code == 200 and "error" not in response.text


def only_ids(responses):
    if not isinstance(responses, list):
        responses = [responses]
    return [item["id"] for r in responses for item in r.json()["items"]]


def next_page(response):
    cursor = response.json().get("next_cursor")
    if not cursor:
        return None
    return {"data": {"cursor": cursor, "limit": 100}}


def next_link(response):
    link = response.links.get("next", {}).get("url")
    return {"endpoint": link} if link else None


with DAG(
    dag_id="http_pagination",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
):
    wait_api = HttpSensor(
        task_id="wait_api",
        http_conn_id="catalog_api",
        endpoint="status",
        response_check=lambda response: response.json()["ready"] is True,
        extra_options={"check_response": False},
        poke_interval=15,
        timeout=300,
    )
    cursor_pages = HttpOperator(
        task_id="cursor_pages",
        http_conn_id="catalog_api",
        endpoint="v2/items",
        method="GET",
        data={"limit": 100, "updated_since": "{{ ds }}"},
        response_check=is_ok,
        response_filter=only_ids,
        pagination_function=next_page,
        retry_args={
            "wait": tenacity.wait_exponential(multiplier=1, max=30),
            "stop": tenacity.stop_after_attempt(5),
            "retry": tenacity.retry_if_exception_type(Exception),
        },
    )
    link_pages = HttpOperator(
        task_id="link_pages",
        http_conn_id="catalog_api",
        endpoint="v2/categories",
        method="GET",
        pagination_function=next_link,
        response_filter=lambda responses: [r.json() for r in responses],
        tcp_keep_alive=False,
        deferrable=True,
    )
    post_batch = HttpOperator(
        task_id="post_batch",
        http_conn_id="catalog_api",
        endpoint="v2/batches",
        method="PUT",
        data=json.dumps({"ids": "{{ ti.xcom_pull(task_ids='cursor_pages') }}"}),
        headers={"Content-Type": "application/json"},
        extra_options={"verify": False, "timeout": 60},
    )
    per_category = HttpOperator.partial(
        task_id="per_category", http_conn_id="catalog_api", method="DELETE", log_response=True
    ).expand(endpoint=["v2/cache/a", "v2/cache/b"])

    wait_api >> [cursor_pages, link_pages] >> post_batch >> per_category
