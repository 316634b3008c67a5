# dagfidelity: expect-failure >=3.0 raises=ModuleNotFoundError written in Airflow 2 style, which this Airflow 3 version refuses
"""Deprecated module paths Airflow 2 still serves through its deprecation redirects
(``airflow.operators.python_operator``, ``bash_operator``, ``dummy_operator``,
``airflow.sensors.external_task_sensor``), a standard-library name reached through an Airflow
module (``airflow.utils.dates.datetime``) and ``apply_defaults`` on a custom operator. Airflow 3
removed them: the file fails there with ModuleNotFoundError, and the goldens record it."""

from airflow import DAG
from airflow.models import BaseOperator
from airflow.operators.bash_operator import BashOperator
from airflow.operators.dummy_operator import DummyOperator
from airflow.operators.python_operator import BranchPythonOperator, PythonOperator
from airflow.sensors.external_task_sensor import ExternalTaskSensor
from airflow.utils.dates import datetime, timedelta
from airflow.utils.decorators import apply_defaults


class CopyOperator(BaseOperator):
    template_fields = ("source",)

    @apply_defaults
    def __init__(self, source, **kwargs):
        super().__init__(**kwargs)
        self.source = source


def pick():
    return "copy"


with DAG(
    dag_id="deprecated_paths__af2",
    start_date=datetime(2024, 1, 1),
    schedule_interval=timedelta(hours=6),
    catchup=False,
):
    start = DummyOperator(task_id="start")
    upstream = ExternalTaskSensor(task_id="upstream", external_dag_id="other", external_task_id=None)
    branch = BranchPythonOperator(task_id="branch", python_callable=pick)
    copy = CopyOperator(task_id="copy", source="s3://bucket/{{ ds }}")
    report = PythonOperator(task_id="report", python_callable=print, op_args=["done"])
    done = BashOperator(task_id="done", bash_command="echo done", trigger_rule="none_failed")
    start >> upstream >> branch >> [copy, report] >> done
