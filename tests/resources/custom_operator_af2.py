"""A custom operator defined in the DAG file, Airflow 2 imports."""

import datetime

from airflow import DAG
from airflow.models.baseoperator import BaseOperator


class GreetOperator(BaseOperator):
    template_fields = ("greeting",)

    def __init__(self, *, name, greeting="hello {{ ds }}", **kwargs):
        super().__init__(**kwargs)
        self.name = name
        self.greeting = greeting

    def execute(self, context):
        raise RuntimeError("task bodies never run while parsing")


with DAG("custom_operator_af2", start_date=datetime.datetime(2024, 1, 1), schedule=None,
         default_args={"name": "from-default-args", "retries": 2}):
    first = GreetOperator(task_id="first")
    second = GreetOperator(task_id="second", name="explicit", greeting=first.output)
