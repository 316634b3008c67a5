# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure 3.0 raises=AirflowOptionalProviderFeatureException uses what this Airflow version does not have
"""Human-in-the-loop operators (standard provider, Airflow 3.1+) with BaseNotifier
subclasses from airflow.sdk.bases.notifier, and execution_timeout, which HITLOperator turns
into its response timeout."""

import datetime

import pendulum
from airflow.providers.standard.operators.hitl import (
    ApprovalOperator,
    HITLBranchOperator,
    HITLEntryOperator,
    HITLOperator,
)
from airflow.sdk import DAG, Param, task
from airflow.sdk.bases.notifier import BaseNotifier


class LogNotifier(BaseNotifier):
    template_fields = ("message",)

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def notify(self, context):
        print(self.message)


request = LogNotifier("Subject: {{ task.subject }}")

with DAG(
    dag_id="hitl_operators__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
):
    entry = HITLEntryOperator(
        task_id="entry",
        subject="Fill in",
        params={"information": Param("", type="string")},
        notifiers=[request],
    )
    choose = HITLOperator(
        task_id="choose",
        subject="Pick one",
        options=["a", "b"],
        defaults=["a"],
        execution_timeout=datetime.timedelta(minutes=10),
        notifiers=[request],
    )
    approve = ApprovalOperator(
        task_id="approve", subject="Approve?", defaults="Reject", on_failure_callback=request
    )
    # With response_timeout given, HITLOperator keeps execution_timeout as it is.
    both = HITLOperator(
        task_id="both_timeouts",
        subject="Both",
        options=["x"],
        execution_timeout=datetime.timedelta(minutes=5),
        response_timeout=datetime.timedelta(hours=1),
    )
    branch = HITLBranchOperator(task_id="branch", subject="Where next?", options=["left", "right"])

    @task
    def left():
        return None

    @task
    def right():
        return None

    entry >> choose >> approve >> both >> branch >> [left(), right()]
