"""Found by fuzzing: from 2.10, a @task with trigger rule 'always' cannot expand over an
XCom (ValueError from the TaskFlow decorator's expand)."""

import pendulum
from airflow import DAG
from airflow.decorators import task


@task
def numbers():
    return [1, 2]


@task(trigger_rule="always")
def use(x=None):
    return x


with DAG(dag_id="mapped_over_xcom_always", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    use.expand(x=numbers())
