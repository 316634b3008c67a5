"""Found by fuzzing: a task already a teardown cannot become a setup (and the other way).

``as_teardown(setups=...)`` marks its setups as setups, which Airflow refuses for a task
that is already a teardown.
"""

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="teardown_named_as_setup", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    first = EmptyOperator(task_id="first").as_teardown()
    EmptyOperator(task_id="second").as_teardown(setups=first)
