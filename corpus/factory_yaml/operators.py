"""A team's own operator, named in YAML by its dotted path (``factory_yaml.operators.GreetOperator``)."""

try:
    from airflow.sdk import BaseOperator
except ImportError:  # Airflow 2
    from airflow.models.baseoperator import BaseOperator


class GreetOperator(BaseOperator):
    template_fields = ("greeting",)

    def __init__(self, *, greeting, times=1, **kwargs):
        super().__init__(**kwargs)
        self.greeting = greeting
        self.times = times

    def execute(self, context):
        for _ in range(self.times):
            print(self.greeting)
