"""Provider modules in every import form, and provider hooks imported at the top but used only in
task bodies (style-neutral: the http and common-sql providers exist on every version)."""

import airflow.providers.common.sql.operators.sql
import airflow.providers.common.sql.sensors.sql as sql_sensors
import pendulum
from airflow import DAG
from airflow.providers.common.sql.hooks.sql import DbApiHook
from airflow.providers.http.hooks.http import HttpHook
from airflow.providers.http.operators import http
from airflow.providers.http.sensors import http as http_sensors


def fetch_rows():
    # Runs only when the task runs: the hooks are never built while the file is parsed.
    return DbApiHook.get_hook("warehouse").get_records("select 1"), HttpHook(http_conn_id="api")


with DAG(
    dag_id="provider_module_forms",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    tags=["provider", "imports"],
):
    ready = http_sensors.HttpSensor(task_id="ready", http_conn_id="api", endpoint="health")
    call = http.HttpOperator(task_id="call", http_conn_id="api", endpoint="v1/run", method="POST")
    load = airflow.providers.common.sql.operators.sql.SQLExecuteQueryOperator(
        task_id="load", conn_id="warehouse", sql="insert into t select 1"
    )
    check = sql_sensors.SqlSensor(task_id="check", conn_id="warehouse", sql="select count(*) from t")
    ready >> call >> load >> check
