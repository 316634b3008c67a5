"""Daily orders: imports from the DAG folder (common), the plugins folder and include/."""

from airflow import DAG
from airflow.decorators import task
from airflow.operators.empty import EmptyOperator
from common.helpers import DEFAULT_ARGS, START
from include.sql import ORDERS_SQL
from audit_operator import AuditOperator

with DAG(
    "orders_daily",
    start_date=START,
    schedule="@daily",
    catchup=False,
    default_args=DEFAULT_ARGS,
    tags=["orders", "team"],
):
    wait = EmptyOperator(task_id="wait_for_file")

    @task
    def settle(sql: str) -> int:
        raise RuntimeError("task bodies never run while parsing")

    audit = AuditOperator(task_id="audit", query=ORDERS_SQL)
    archive = EmptyOperator(task_id="archive", trigger_rule="all_done")
    wait >> settle(ORDERS_SQL) >> [audit, archive]
