# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Setup/teardown: @setup/@teardown, as_setup()/as_teardown(setups=), teardown context manager."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, TaskGroup, setup, task, teardown

with DAG(
    dag_id="setup_teardown__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
):

    @setup
    def create_cluster():
        return "cluster-1"

    @teardown(on_failure_fail_dagrun=True)
    def delete_cluster(cluster_id):
        return cluster_id

    @task
    def run_job(cluster_id):
        return cluster_id

    cluster = create_cluster()
    job = run_job(cluster)
    job >> delete_cluster(cluster)

    # classic operators turned into setup/teardown
    with TaskGroup(group_id="scratch"):
        make_dir = BashOperator(task_id="make_dir", bash_command="mkdir -p /tmp/scratch").as_setup()
        use_dir = EmptyOperator(task_id="use_dir")
        remove_dir = BashOperator(task_id="remove_dir", bash_command="rm -rf /tmp/scratch")
        make_dir >> use_dir >> remove_dir.as_teardown(setups=make_dir)

    # a teardown wired to two setups
    lock = EmptyOperator(task_id="acquire_lock").as_setup()
    token = EmptyOperator(task_id="fetch_token").as_setup()
    work = EmptyOperator(task_id="work")
    release = EmptyOperator(task_id="release_all")
    [lock, token] >> work >> release.as_teardown(setups=[lock, token])

    # context manager: tasks created inside run after the setup and before the teardown
    open_conn = EmptyOperator(task_id="open_conn")
    with EmptyOperator(task_id="close_conn").as_teardown(setups=open_conn):
        EmptyOperator(task_id="query_one")
        EmptyOperator(task_id="query_two")
