# dagfidelity: expect-failure >=3.2 raises=ModuleNotFoundError written in Airflow 2 style, which this Airflow 3 version refuses
"""Dataset URIs whose scheme an installed provider normalises with its own handler (its
``dataset-uris`` in get_provider_info): ftp:// gains its default port where the ftp provider
is installed (Airflow 2 ships it); a URI the handler rejects is kept, with a warning, on 2.x."""

import pendulum
from airflow import DAG
from airflow.datasets import Dataset
from airflow.operators.empty import EmptyOperator

URIS = [
    "ftp://ftp-host/data/file.csv",
    "ftp://ftp-host:2121/data/",
    "FTP://ftp-host/",
    "ftp:///no-host/path",
]

with DAG(
    dag_id="provider_uri_handlers__af2",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=Dataset("ftp://ftp-host/upstream"),
    catchup=False,
):
    EmptyOperator(task_id="produce", outlets=[Dataset(u) for u in URIS])
