"""Found by fuzzing: a Label edge whose far end is a task group counts that group's parent group.

Airflow's EdgeModifier collects the group each end belongs to; a TaskGroup end belongs to
its parent, so a task and a sibling group (same parent) are wired directly, while a task
at the top level and a nested group are wired through the nested group's parent.
"""

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.utils.edgemodifier import Label
from airflow.utils.task_group import TaskGroup

with DAG(dag_id="label_to_nested_group", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    top = EmptyOperator(task_id="top")
    with TaskGroup(group_id="outer"):
        sibling = EmptyOperator(task_id="sibling")
        with TaskGroup(group_id="inner") as inner:
            EmptyOperator(task_id="deep")
        sibling >> Label("to a sibling group") >> inner
    with TaskGroup(group_id="other"):
        with TaskGroup(group_id="nested") as nested:
            EmptyOperator(task_id="deeper")
    top >> Label("to a nested group") >> nested
