"""Found by fuzzing: a task group mapped over an XCom has its producer upstream of the group.

``MappedTaskGroup.__exit__`` sets every task its expand input refers to upstream of the
group (its roots), even when no task inside uses the mapped argument.
"""

import pendulum
from airflow import DAG
from airflow.decorators import task, task_group
from airflow.operators.empty import EmptyOperator


@task
def numbers():
    return [1, 2]


@task
def use(x=None):
    return x


@task_group
def unused(x=None):
    EmptyOperator(task_id="first") >> EmptyOperator(task_id="second")


@task_group
def used(x=None):
    use(x)


with DAG(dag_id="mapped_task_group_over_xcom", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    made = numbers()
    unused.expand(x=made)
    used.expand(x=made)
