# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Callbacks on the DAG and on tasks (execute/success/failure/retry/skipped), lists, callable objects."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, task


def notify_success(context):
    return None


def notify_failure(context):
    return None


def page_oncall(context):
    return None


class SlackNotifier:
    """A callable object used as a callback, as notifiers are."""

    def __init__(self, channel):
        self.channel = channel

    def __call__(self, context):
        return None


with DAG(
    dag_id="callbacks__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    on_success_callback=notify_success,
    on_failure_callback=[notify_failure, page_oncall],
    default_args={"on_retry_callback": notify_failure},
):
    all_task_callbacks = BashOperator(
        task_id="all_task_callbacks",
        bash_command="exit 0",
        on_execute_callback=notify_success,
        on_success_callback=[notify_success, SlackNotifier("#data")],
        on_failure_callback=SlackNotifier("#alerts"),
        on_retry_callback=page_oncall,
        on_skipped_callback=notify_success,
    )
    inherits_retry_callback = EmptyOperator(task_id="inherits_retry_callback")
    no_callbacks = EmptyOperator(task_id="no_callbacks", on_retry_callback=None)

    @task(on_failure_callback=page_oncall)
    def decorated_with_callback():
        return None

    all_task_callbacks >> inherits_retry_callback >> no_callbacks >> decorated_with_callback()
