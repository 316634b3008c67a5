"""Found by fuzzing: what Airflow refuses inside a mapped task group.

Expanding an operator inside an expanded task group is not supported
(NotImplementedError), whichever way the group is mapped.
"""

import pendulum
from airflow import DAG
from airflow.decorators import task, task_group


@task
def use(x=None):
    return x


@task_group
def group(x=None):
    use.expand(x=[1, 2])


with DAG(dag_id="mapped_task_group_rules", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    group.expand(x=[1, 2])
