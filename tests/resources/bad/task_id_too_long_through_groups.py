"""Each label is short, but the prefixed task id passes Airflow's 250-character limit."""

import contextlib

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.utils.task_group import TaskGroup

with DAG("task_id_too_long_through_groups", schedule=None) as dag:
    with contextlib.ExitStack() as stack:
        for level in range(30):
            stack.enter_context(TaskGroup(f"level_{level:02d}"))
        EmptyOperator(task_id="leaf")  # <- fails here
