"""@dag features: docstring becomes doc_md, function arguments become params, dag_id from the name."""

import pendulum
from airflow.decorators import dag, task


@dag(
    start_date=pendulum.datetime(2024, 1, 1, tz="Europe/Amsterdam"),
    schedule="30 2 * * *",
    catchup=False,
    tags=["decorator"],
    default_args={"owner": "data-eng", "retries": 1},
)
def dag_decorator__af2(source: str = "s3://bucket/raw", batch_size: int = 500):
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


dag_decorator__af2()
