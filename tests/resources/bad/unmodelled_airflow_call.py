"""Real Airflow parses this; the shim does not model Connection objects, and refuses loudly."""

from airflow import DAG
from airflow.models.connection import Connection

api = Connection(conn_id="api", conn_type="http", host="example.com")  # <- fails here
dag = DAG("unmodelled_airflow_call", schedule=None)
