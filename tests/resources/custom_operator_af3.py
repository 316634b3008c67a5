"""A custom operator defined in the DAG file, with its own signature and template fields."""

# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written for the Airflow 3 task SDK

import pendulum
from airflow.sdk import DAG, BaseOperator


class GreetOperator(BaseOperator):
    template_fields = ("greeting",)

    def __init__(self, *, name, greeting="hello {{ ds }}", **kwargs):
        super().__init__(**kwargs)
        self.name = name
        self.greeting = greeting

    def execute(self, context):
        raise RuntimeError("task bodies never run while parsing")


with DAG("custom_operator_af3", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None,
         default_args={"name": "from-default-args", "retries": 2}):
    first = GreetOperator(task_id="first")
    second = GreetOperator(task_id="second", name="explicit", greeting=first.output)
