"""Found by fuzzing: DAG.validate refuses a setup task followed by a normal task whose
trigger rule is not all_success (a teardown may follow it with any rule)."""

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="setup_followed_by_other_trigger_rule", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    setup = EmptyOperator(task_id="setup").as_setup()
    setup >> EmptyOperator(task_id="teardown", trigger_rule="all_done").as_teardown()
    setup >> EmptyOperator(task_id="work", trigger_rule="one_success")
