"""50 nested task groups: ids stay under 250 characters, so Airflow accepts it."""

import contextlib
import string

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.utils.task_group import TaskGroup

with DAG("deep_task_groups", schedule=None) as dag:
    start = EmptyOperator(task_id="start")
    with contextlib.ExitStack() as stack:
        for label in string.ascii_letters[:50]:  # Airflow 2 refuses a label reused on the path
            stack.enter_context(TaskGroup(label))
        leaf = EmptyOperator(task_id="leaf")
    start >> leaf
