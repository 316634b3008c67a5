"""Found by fuzzing: an edge from a task group whose only leaf is a teardown of its setup.

Such a group has no leaves. Airflow 2 then adds no edge; the 3.x task SDK falls back to
the group's upstream tasks, else to its parent group's leaves, which here include the
target itself: a cycle.
"""

import pendulum
from airflow import DAG
from airflow.decorators import task, task_group
from airflow.operators.empty import EmptyOperator
from airflow.utils.task_group import TaskGroup


@task
def clean():
    return 2


@task_group
def work():
    with TaskGroup(group_id="inner"):
        setup = EmptyOperator(task_id="setup")
    clean().as_teardown(setups=setup)


with DAG(dag_id="edge_from_group_without_leaves", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    group = work()
    after = EmptyOperator(task_id="after")
    group >> after
