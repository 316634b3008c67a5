"""Turns an ObjectStoragePath into text at parse time, which the shim refuses by design (the
text depends on the universal-pathlib release Airflow installs): checked by real Airflow only,
as its marker says."""

# dagfidelity: airflow-only turns an ObjectStoragePath into text at parse time

import datetime

from airflow import DAG
from airflow.io.path import ObjectStoragePath
from airflow.operators.empty import EmptyOperator

EXPORTS = ObjectStoragePath("file:///tmp/exports")

with DAG("legacy_exports", start_date=datetime.datetime(2024, 1, 1), schedule=None, description=str(EXPORTS)):
    EmptyOperator(task_id="export")
