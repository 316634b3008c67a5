# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Several DAGs in one file reusing the same task ids and group ids, built by a shared helper."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, TaskGroup, dag, task

START = pendulum.datetime(2024, 1, 1, tz="UTC")


def standard_steps(source):
    extract = BashOperator(task_id="extract", bash_command=f"extract {source}")
    with TaskGroup(group_id="transform") as transform:
        EmptyOperator(task_id="clean") >> EmptyOperator(task_id="dedupe")
    load = BashOperator(task_id="load", bash_command=f"load {source}")
    extract >> transform >> load
    return load


with DAG(dag_id="same_task_ids__af3__orders", start_date=START, schedule="@daily", catchup=False):
    standard_steps("orders") >> EmptyOperator(task_id="notify")

with DAG(dag_id="same_task_ids__af3__users", start_date=START, schedule="@hourly", catchup=False):
    last = standard_steps("users")
    last >> EmptyOperator(task_id="notify", trigger_rule="all_done")

with DAG(dag_id="same_task_ids__af3__flat", start_date=START, schedule=None) as flat:
    # the same ids without the helper, different wiring
    EmptyOperator(task_id="load") >> EmptyOperator(task_id="extract")


@dag(dag_id="same_task_ids__af3__taskflow", start_date=START, schedule=None, catchup=False)
def taskflow_variant():
    @task
    def extract():
        return 1

    @task
    def load(value):
        return value

    load(extract())


@dag(dag_id="same_task_ids__af3__taskflow_twice", start_date=START, schedule=None, catchup=False)
def taskflow_variant_twice():
    @task
    def extract():
        return 1

    @task
    def load(value):
        return value

    load(extract()) >> load(extract())


taskflow_variant()
taskflow_variant_twice()
