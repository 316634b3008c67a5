"""Monthly finance reports: no schedule given, so Airflow's default applies."""

from datetime import datetime

from airflow import DAG
from airflow.operators.python import BranchPythonOperator, PythonOperator
from airflow.operators.empty import EmptyOperator


def pick_report(**context):
    return "full_report" if context["logical_date"].day == 1 else "delta_report"


def build(kind):
    print(f"building the {kind} report")


with DAG(dag_id="finance_reports", start_date=datetime(2024, 1, 1), tags=["finance"]):
    branch = BranchPythonOperator(task_id="pick_report", python_callable=pick_report)
    full = PythonOperator(task_id="full_report", python_callable=build, op_args=["full"])
    delta = PythonOperator(task_id="delta_report", python_callable=build, op_args=["delta"])
    publish = EmptyOperator(task_id="publish", trigger_rule="none_failed_min_one_success")
    branch >> [full, delta] >> publish
