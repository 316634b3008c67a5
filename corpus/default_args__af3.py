# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""default_args precedence: DAG default_args < task-group default_args < explicit task arguments."""

import datetime

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, TaskGroup, task

DEFAULT_ARGS = {
    "owner": "data-platform",
    "retries": 3,
    "retry_delay": datetime.timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": datetime.timedelta(minutes=30),
    "execution_timeout": datetime.timedelta(hours=1),
    "pool": "etl",
    "pool_slots": 2,
    "queue": "etl_queue",
    "priority_weight": 5,
    "weight_rule": "upstream",
    "depends_on_past": True,
    "wait_for_downstream": True,
    "trigger_rule": "all_done",
    "unknown_setting": "is ignored by operators",
}

with DAG(
    dag_id="default_args__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    default_args=DEFAULT_ARGS,
):
    inherits = EmptyOperator(task_id="inherits_everything")
    overrides = BashOperator(
        task_id="overrides_some",
        bash_command="echo hi",
        owner="someone-else",
        retries=0,
        pool="default_pool",
        priority_weight=1,
        weight_rule="absolute",
        trigger_rule="all_success",
    )
    explicit_none = EmptyOperator(task_id="explicit_none", execution_timeout=None, max_retry_delay=None)
    with TaskGroup(
        group_id="group", default_args={"retries": 7, "queue": "group_queue", "owner": "group-owner"}
    ):
        in_group = EmptyOperator(task_id="in_group")
        in_group_override = EmptyOperator(task_id="in_group_override", retries=1)

    @task(retries=9, queue="decorated_queue")
    def decorated():
        return 1

    per_task_dict = EmptyOperator(
        task_id="task_default_args", default_args={"retries": 11, "pool": "task_pool"}
    )

    inherits >> overrides >> explicit_none >> [in_group, in_group_override] >> decorated() >> per_task_dict
