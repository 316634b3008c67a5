# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Setup/teardown as context managers: decorated pairs, several setups, nesting, mapped work inside."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, TaskGroup, setup, task, teardown

with DAG(
    dag_id="setup_teardown_contexts__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
):

    @setup
    def create_bucket(name):
        return name

    @teardown
    def delete_bucket(name):
        return name

    @setup
    def start_db():
        return "db"

    @teardown(on_failure_fail_dagrun=True)
    def stop_db(db):
        return db

    @task
    def copy(item):
        return item

    # decorated pair used as a context manager
    bucket = create_bucket("scratch")
    with delete_bucket(bucket):
        copy.override(task_id="copy_one")(bucket)
        copy.expand(item=["a", "b", "c"])

    # one teardown, several setups, tasks created inside the block
    db = start_db()
    cache = BashOperator(task_id="warm_cache", bash_command="warm-cache").as_setup()
    with stop_db(db).as_teardown(setups=[db, cache]):
        query = EmptyOperator(task_id="query")
        refresh = EmptyOperator(task_id="refresh")
        query >> refresh

    # nested scopes: the inner pair lives inside the outer one
    outer_setup = EmptyOperator(task_id="outer_setup").as_setup()
    with EmptyOperator(task_id="outer_teardown").as_teardown(setups=outer_setup):
        with TaskGroup(group_id="inner"):
            inner_setup = EmptyOperator(task_id="inner_setup").as_setup()
            with EmptyOperator(task_id="inner_teardown").as_teardown(setups=inner_setup):
                EmptyOperator(task_id="work")

    # a teardown with no setup of its own, and a setup with no teardown
    EmptyOperator(task_id="orphan_teardown").as_teardown()
    EmptyOperator(task_id="lonely_setup").as_setup() >> EmptyOperator(task_id="after_lonely_setup")
