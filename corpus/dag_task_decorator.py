"""``@dag.task``: the DAG object's own TaskFlow decorator (``functools.partial(task, dag=dag)`` in
Airflow), used without a ``with`` block (style-neutral: ``from airflow import DAG`` works on every
version)."""

import pendulum
from airflow import DAG

dag = DAG(
    dag_id="dag_task_decorator",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    tags=["taskflow"],
)


@dag.task
def extract():
    return {"rows": 3}


@dag.task(multiple_outputs=True, retries=2, task_id="shape")
def transform(payload):
    return {"count": payload["rows"], "ok": True}


@dag.task()
def load(count, ok):
    print(count, ok)


shaped = transform(extract())
load(shaped["count"], shaped["ok"])
