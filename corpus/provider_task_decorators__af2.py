"""Provider ``@task.<name>`` decorators in Airflow 2 style (``airflow.decorators``,
``airflow.utils.task_group``; Airflow 3 still serves both), from the docker and cncf.kubernetes
providers pinned in ``[tool.dagfidelity.matrix]``: each task is recorded with the operator class
the provider's decorator builds and what that class's constructor passes on (a placeholder
command, a pod name made from the function's name), with XComArgs, ``.override()``, a second call
(``__1``), a task group, ``default_args`` and ``multiple_outputs`` inferred from the return
annotation."""

import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.utils.task_group import TaskGroup


@task
def config() -> dict[str, str]:
    return {"image": "python:3.11-slim"}


@task.docker(image="python:3.11-slim", auto_remove="success", environment={"STAGE": "test"})
def transform(rows, scale=2) -> dict[str, int]:
    return {"rows": len(rows) * scale}


@task.kubernetes(image="python:3.11-slim", namespace="data", in_cluster=False, get_logs=True)
def train(summary):
    return summary


with DAG(
    dag_id="provider_task_decorators__af2",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    default_args={"retries": 2},
):
    cfg = config()
    first = transform([1, 2, 3], scale=cfg["image"])
    second = transform([4])
    with TaskGroup("ml"):
        train(first)
        train.override(task_id="train_named", name="fixed-pod-name", random_name_suffix=False)(second)
