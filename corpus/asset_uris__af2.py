# dagfidelity: expect-failure >=3.2 raises=ModuleNotFoundError written in Airflow 2 style, which this Airflow 3 version refuses
"""Dataset URIs as Airflow sanitises them: scheme case, trailing slashes, an empty path,
query order, fragments, user info, private x- schemes and plain names."""

import pendulum
from airflow import DAG
from airflow.datasets import Dataset
from airflow.operators.empty import EmptyOperator

URIS = [
    "s3://asset-uris-bucket",
    "S3://asset-uris-bucket/Key/",
    "s3://asset-uris-bucket/k?b=2&a=1#fragment",
    "s3://user:secret@asset-uris-bucket/with-password",
    "s3://user@asset-uris-bucket/without-password",
    "gs://asset-uris-bucket//",
    "file:///tmp/asset_uris/",
    "postgres://db-host:5432/asset_uris",
    "x-custom://asset-uris/",
    "asset_uris_plain_name",
]

with DAG(
    dag_id="asset_uris__af2",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=Dataset("S3://asset-uris-bucket/upstream/"),
    catchup=False,
):
    EmptyOperator(task_id="produce", outlets=[Dataset(u) for u in URIS])
