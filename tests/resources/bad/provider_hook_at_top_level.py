"""A provider hook built at the top level: importing it is ordinary; the shim refuses to build
it (that runs provider code at parse time), real Airflow builds it."""

from airflow import DAG
from airflow.providers.http.hooks.http import HttpHook

hook = HttpHook(http_conn_id="api")  # <- fails here
dag = DAG("provider_hook_at_top_level", schedule=None)
