"""A DAG file whose name is not a Python identifier (hyphens and a dot), defining its own operator
class and callable: DagBag names the module after the file, and classes defined in it carry that
name in their class path (2.9 keeps the file name as is; later versions replace ``-`` and ``.``
with ``_``). Style-neutral: ``from airflow import DAG`` and ``airflow.models.BaseOperator`` exist
on every version."""

import pendulum
from airflow import DAG
from airflow.models import BaseOperator


class ExportOperator(BaseOperator):
    template_fields = ("target",)

    def __init__(self, target, **kwargs):
        super().__init__(**kwargs)
        self.target = target

    def execute(self, context):
        return self.target


def on_failure(context):
    print(context)


with DAG(
    dag_id="non-identifier.module-name",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    on_failure_callback=on_failure,
):
    first = ExportOperator(task_id="first", target="s3://bucket/{{ ds }}")
    second = ExportOperator(task_id="second", target="s3://bucket/other", on_retry_callback=on_failure)
    first >> second
