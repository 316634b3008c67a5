# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""BaseNotifier subclasses as DAG and task callbacks, in lists mixed with functions, via default_args too."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, BaseNotifier, task


class ChatNotifier(BaseNotifier):
    """Post a templated message to a chat channel."""

    template_fields = ("message", "channel")

    def __init__(self, message: str, channel: str = "#data-alerts"):
        super().__init__()
        self.message = message
        self.channel = channel

    def notify(self, context):
        return None


def log_event(context):
    return None


with DAG(
    dag_id="notifier_callbacks__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    on_failure_callback=ChatNotifier("DAG {{ dag.dag_id }} failed on {{ ds }}"),
    on_success_callback=[log_event, ChatNotifier("done", channel="#data")],
    default_args={"on_failure_callback": [ChatNotifier("task {{ ti.task_id }} failed"), log_event]},
):
    step = BashOperator(
        task_id="step",
        bash_command="exit 0",
        on_retry_callback=ChatNotifier("retrying {{ ti.task_id }} (try {{ ti.try_number }})"),
        on_skipped_callback=[log_event],
    )
    no_failure_callback = EmptyOperator(task_id="no_failure_callback", on_failure_callback=None)

    @task(on_success_callback=ChatNotifier("decorated ok"), on_execute_callback=log_event)
    def decorated():
        return None

    step >> no_failure_callback >> decorated()
