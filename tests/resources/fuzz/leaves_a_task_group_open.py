"""Found by fuzzing: a file that fails with a task group still open.

Airflow parses each file in a fresh process, so the open group dies with it; a worker
that parses many files must not let it leak into the next file.
"""

import pendulum
from airflow import DAG
from airflow.utils.task_group import TaskGroup

with DAG(dag_id="leaves_a_task_group_open", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    TaskGroup(group_id="never_closed").__enter__()
    raise RuntimeError("fails while a task group is open")
