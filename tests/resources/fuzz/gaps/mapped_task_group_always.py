"""Found by fuzzing: a mapped task group whose dependencies are computed refuses a child
with trigger rule 'always' (ValueError, from MappedTaskGroup.__iter__)."""

import pendulum
from airflow import DAG
from airflow.decorators import task, task_group
from airflow.operators.empty import EmptyOperator


@task
def numbers():
    return [1, 2]


@task_group
def group(x=None):
    EmptyOperator(task_id="always", trigger_rule="always")


with DAG(dag_id="mapped_task_group_always", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    group.expand(x=numbers())
