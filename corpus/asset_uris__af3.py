# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Asset URIs as Airflow sanitises them: scheme case, trailing slashes, an empty path,
query order, fragments, user info, private x- schemes and plain names."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Asset

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
    dag_id="asset_uris__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=Asset(uri="S3://asset-uris-bucket/upstream/"),
    catchup=False,
):
    EmptyOperator(
        task_id="produce",
        outlets=[Asset(uri=u) for u in URIS]
        + [Asset(name="asset_uris__af3__named", uri="S3://asset-uris-bucket/named/")],
    )
