"""A template macro whose __repr__ never returns: the renderer, not the DAG, hangs."""

from airflow import DAG
from airflow.operators.empty import EmptyOperator


class Endless:
    def __repr__(self):
        while True:
            pass


with DAG("repr_hangs", schedule=None, user_defined_macros={"endless": Endless()}) as dag:
    EmptyOperator(task_id="t")
