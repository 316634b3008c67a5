"""Chains tasks in the iteration order of a set of strings: it follows the hash seed."""

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("set_order_by_hash_seed", schedule=None) as dag:
    previous = None
    names = {"extract", "transform", "load", "publish", "audit", "notify", "archive", "report", "clean", "index"}
    for name in names:
        task = EmptyOperator(task_id=name)
        if previous is not None:
            previous >> task
        previous = task
