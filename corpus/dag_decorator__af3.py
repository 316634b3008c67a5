# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""@dag features: docstring becomes doc_md, function arguments become params, dag_id from the name."""

import pendulum
from airflow.sdk import dag, task


@dag(
    start_date=pendulum.datetime(2024, 1, 1, tz="Europe/Amsterdam"),
    schedule="30 2 * * *",
    catchup=False,
    tags=["decorator"],
    default_args={"owner": "data-eng", "retries": 1},
)
def dag_decorator__af3(source: str = "s3://bucket/raw", batch_size: int = 500):
    """
    ### Decorated DAG

    The docstring of the decorated function becomes the DAG's `doc_md`.
    """

    @task
    def read(src, size):
        return {"src": src, "size": size}

    @task
    def write(payload):
        return payload

    write(read(source, batch_size))


dag_decorator__af3()
