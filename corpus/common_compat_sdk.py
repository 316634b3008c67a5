# dagfidelity: expect-failure 2.9 raises=ModuleNotFoundError uses what this Airflow version does not have
"""Names taken from the common-compat provider's airflow.providers.common.compat.sdk, which
re-exports the right module of each Airflow version: TriggerRule, the timezone module, dag,
task and a BaseOperator subclass."""

from airflow import DAG
from airflow.providers.common.compat.sdk import BaseOperator, TriggerRule, task, timezone


class Report(BaseOperator):
    template_fields = ("target",)

    def __init__(self, *, target: str, **kwargs):
        super().__init__(**kwargs)
        self.target = target

    def execute(self, context):
        return self.target


with DAG(
    dag_id="common_compat_sdk",
    start_date=timezone.datetime(2024, 1, 1),
    schedule=None,
    catchup=False,
):

    @task
    def produce():
        return 1

    done = Report(task_id="report", target="{{ ds }}", trigger_rule=TriggerRule.ALL_DONE)
    failed = Report(task_id="on_failure", target="x", trigger_rule=TriggerRule.ONE_FAILED)
    produce() >> [done, failed]
