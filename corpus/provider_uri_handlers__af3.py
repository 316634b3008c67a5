# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Asset URIs whose scheme an installed provider may normalise with its own handler (its
``asset-uris`` in get_provider_info): ftp:// gains its default port where the ftp provider is
installed, and a URI the handler rejects fails there; without it the URI is only sanitised."""

import pendulum

# The Airflow 3 task SDK first: on Airflow 2 the file fails here, as declared above.
from airflow.sdk import DAG, Asset
from airflow.providers.standard.operators.empty import EmptyOperator

URIS = [
    "ftp://ftp-host/data/file.csv",
    "ftp://ftp-host:2121/data/",
    "FTP://ftp-host/",
]

with DAG(
    dag_id="provider_uri_handlers__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=Asset(uri="ftp://ftp-host/upstream"),
    catchup=False,
):
    EmptyOperator(task_id="produce", outlets=[Asset(uri=u) for u in URIS])
