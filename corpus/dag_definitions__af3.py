# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Several DAGs in one file: with airflow.sdk.DAG, dag= kwarg, @dag, and an unassigned DAG."""

import datetime

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, dag, task

START = pendulum.datetime(2024, 1, 1, tz="UTC")

# 1. `airflow.sdk.DAG` used as a context manager.
with DAG(
    dag_id="dag_definitions__af3__with_dag",
    start_date=START,
    schedule="0 6 * * 1-5",
    catchup=False,
    tags=["definitions", "context-manager"],
) as with_dag:
    extract = EmptyOperator(task_id="extract")
    load = BashOperator(task_id="load", bash_command="echo load")
    extract >> load

# 2. A DAG assigned to a variable, tasks attached with dag=.
kwarg_dag = DAG(
    dag_id="dag_definitions__af3__dag_kwarg",
    start_date=datetime.datetime(2024, 1, 1),
    schedule="@daily",
    catchup=False,
)
first = EmptyOperator(task_id="first", dag=kwarg_dag)
second = BashOperator(task_id="second", bash_command="echo second", dag=kwarg_dag)
third = EmptyOperator(task_id="third", dag=kwarg_dag)
second.set_upstream(first)
second.set_downstream(third)


# 3. @dag-decorated function, called once at module level.
@dag(dag_id="dag_definitions__af3__decorator", start_date=START, schedule=None, catchup=False)
def decorated():
    @task
    def hello():
        return "hello"

    hello() >> EmptyOperator(task_id="after_hello")


decorated()

# 4. A DAG that is never bound to a module global: auto-registered by the context manager.
with DAG(dag_id="dag_definitions__af3__unassigned", start_date=START, schedule="@weekly", catchup=False):
    EmptyOperator(task_id="only")
