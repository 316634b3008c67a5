"""Airflow 2 with the standard provider installed beside it (apache-airflow-providers-standard,
in the 2.x pins). Its operators and sensors are classes of their own, apart from core's
airflow.operators ones, with the provider's own fields. On Airflow 3 both paths name the
provider's classes. Every import form: a from-import, a module imported from its package, an
attribute chain after a plain import, and the try/except fallback real files write to run on
both majors."""

import datetime as dt

import airflow.providers.standard.sensors.time_delta
import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator as CoreBashOperator
from airflow.operators.python import PythonOperator as CorePythonOperator
from airflow.providers.standard.operators import python as standard_python
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.sensors.python import PythonSensor

try:
    from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
except ImportError:
    from airflow.operators.trigger_dagrun import TriggerDagRunOperator


def extract(table, **context):
    return table


def ready():
    return True


with DAG(
    dag_id="standard_provider__af2",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    tags=["standard-provider"],
):
    start = EmptyOperator(task_id="start")
    core_bash = CoreBashOperator(task_id="core_bash", bash_command="echo core")
    provider_bash = BashOperator(task_id="provider_bash", bash_command="echo {{ ds }}", env={"A": "1"})
    core_python = CorePythonOperator(task_id="core_python", python_callable=extract, op_args=["orders"])
    provider_python = standard_python.PythonOperator(
        task_id="provider_python", python_callable=extract, op_kwargs={"table": "users"}
    )
    branch = standard_python.BranchPythonOperator(task_id="branch", python_callable=lambda: "wait")
    wait = airflow.providers.standard.sensors.time_delta.TimeDeltaSensor(
        task_id="wait", delta=dt.timedelta(minutes=5), poke_interval=30
    )
    sensor = PythonSensor(task_id="sensor", python_callable=ready, timeout=600, mode="reschedule")
    trigger = TriggerDagRunOperator(task_id="trigger", trigger_dag_id="downstream", conf={"day": "{{ ds }}"})

    start >> [core_bash, provider_bash] >> core_python >> provider_python >> branch >> [wait, sensor]
    sensor >> trigger
