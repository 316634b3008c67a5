# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""ObjectStoragePath built at the top level (with a connection id in the URL, joined with /
and joinpath) and used inside task bodies and as a return annotation."""

import pendulum
from airflow.sdk import ObjectStoragePath, dag, task

base = ObjectStoragePath("s3://aws_default@dagfidelity-bucket/")
raw = base / "raw" / "events.parquet"
curated = ObjectStoragePath("file:///tmp/dagfidelity").joinpath("curated", "out.csv")


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, catchup=False)
def object_storage_path__af3():
    @task
    def extract() -> ObjectStoragePath:
        with raw.open("rb") as fh:
            fh.read()
        return raw

    @task
    def load(path: ObjectStoragePath) -> None:
        path.copy(curated)

    load(extract())


object_storage_path__af3()
