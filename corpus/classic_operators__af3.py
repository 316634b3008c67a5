# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Classic operators: Empty, Bash, Python, BranchPython, ShortCircuit, LatestOnly, TriggerDagRun."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.latest_only import LatestOnlyOperator
from airflow.providers.standard.operators.python import (
    BranchPythonOperator,
    PythonOperator,
    ShortCircuitOperator,
)
from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sdk import DAG

START = pendulum.datetime(2024, 1, 1, tz="UTC")


def transform(table, *, limit, **context):
    return f"{table}:{limit}"


def choose_branch():
    return "fast_path"


def is_weekday():
    return True


with DAG(dag_id="classic_operators__af3__target", start_date=START, schedule=None, catchup=False):
    EmptyOperator(task_id="noop")

with DAG(dag_id="classic_operators__af3", start_date=START, schedule="@daily", catchup=False):
    latest_only = LatestOnlyOperator(task_id="latest_only")
    bash = BashOperator(
        task_id="bash",
        bash_command="echo $GREETING from $(pwd)",
        env={"GREETING": "hello"},
        append_env=True,
        cwd="/tmp",
    )
    python = PythonOperator(
        task_id="python",
        python_callable=transform,
        op_args=["orders"],
        op_kwargs={"limit": 10},
        templates_dict={"day": "{{ ds }}"},
    )
    branch = BranchPythonOperator(task_id="branch", python_callable=choose_branch)
    fast_path = EmptyOperator(task_id="fast_path")
    slow_path = EmptyOperator(task_id="slow_path")
    short_circuit = ShortCircuitOperator(
        task_id="short_circuit",
        python_callable=is_weekday,
        ignore_downstream_trigger_rules=False,
    )
    trigger = TriggerDagRunOperator(
        task_id="trigger",
        trigger_dag_id="classic_operators__af3__target",
        conf={"source": "classic_operators__af3"},
        wait_for_completion=False,
        reset_dag_run=True,
    )

    latest_only >> bash >> python >> branch >> [fast_path, slow_path]
    fast_path >> short_circuit >> trigger
