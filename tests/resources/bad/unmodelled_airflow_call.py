"""Real Airflow parses this; the shim does not model an ObjectStoragePath's text (it depends on
the universal-pathlib release Airflow installs), and refuses loudly."""

from airflow import DAG
from airflow.io.path import ObjectStoragePath

base = str(ObjectStoragePath("file:///tmp/exports"))  # <- fails here
dag = DAG("unmodelled_airflow_call", schedule=None, description=base)
