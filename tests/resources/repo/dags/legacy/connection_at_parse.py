"""Builds a Connection at parse time, which the shim refuses by design: checked by real
Airflow only, as its marker says."""

# dagfidelity: airflow-only builds a Connection object at parse time

import datetime

from airflow import DAG
from airflow.models.connection import Connection
from airflow.operators.empty import EmptyOperator

API = Connection(conn_id="api", conn_type="http", host="example.com")

with DAG("legacy_api_sync", start_date=datetime.datetime(2024, 1, 1), schedule=None):
    EmptyOperator(task_id=f"sync_{API.conn_id}")
