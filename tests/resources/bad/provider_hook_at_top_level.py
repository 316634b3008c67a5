"""A provider hook at the top level: the shim refuses it, real Airflow builds it."""

from airflow import DAG
from airflow.providers.http.hooks.http import HttpHook  # <- fails here

hook = HttpHook(http_conn_id="api")
dag = DAG("provider_hook_at_top_level", schedule=None)
