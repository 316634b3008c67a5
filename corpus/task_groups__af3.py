# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Task groups: context manager, nested, prefix_group_id=False, @task_group, edges, group default_args."""

import datetime

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, TaskGroup, task, task_group

with DAG(
    dag_id="task_groups__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    default_args={"retries": 1, "owner": "platform"},
):
    start = EmptyOperator(task_id="start")
    end = EmptyOperator(task_id="end")

    with TaskGroup(
        group_id="extract", tooltip="Pull raw data", default_args={"retries": 4, "pool": "extract_pool"}
    ) as extract:
        orders = EmptyOperator(task_id="orders")
        customers = EmptyOperator(task_id="customers", retries=0)  # task argument beats group default_args
        with TaskGroup(group_id="nested") as nested:
            EmptyOperator(task_id="deep_a") >> EmptyOperator(task_id="deep_b")
        [orders, customers] >> nested

    with TaskGroup(group_id="no_prefix", prefix_group_id=False) as no_prefix:
        EmptyOperator(task_id="unprefixed_a")
        EmptyOperator(task_id="unprefixed_b", execution_timeout=datetime.timedelta(minutes=5))

    @task_group(group_id="transform", default_args={"owner": "analytics"})
    def transform(label):
        @task
        def clean(value):
            return value

        @task
        def enrich(value):
            return value

        return enrich(clean(label))

    @task_group
    def report():
        EmptyOperator(task_id="render")

    # group-to-task, group-to-group and task-to-group edges
    start >> extract >> [no_prefix, transform("daily")]
    no_prefix >> report() >> end
    extract >> end
