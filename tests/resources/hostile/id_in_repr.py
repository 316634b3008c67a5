"""A template macro object whose repr holds id(self) in decimal (no 0x address to strip)."""

from airflow import DAG
from airflow.operators.empty import EmptyOperator


class Marker:
    def __repr__(self):
        return f"Marker#{id(self)}"


with DAG("id_in_repr", schedule=None, user_defined_macros={"marker": Marker()}) as dag:
    EmptyOperator(task_id="t")
