"""A task argument whose __repr__ raises: the renderer, not the DAG, fails."""

from airflow import DAG
from airflow.operators.empty import EmptyOperator


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr for you")


with DAG("repr_raises", schedule=None, user_defined_macros={"thing": Unprintable()}) as dag:
    EmptyOperator(task_id="t")
