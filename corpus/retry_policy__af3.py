# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure >=3.0,<=3.2 raises=ImportError uses what this Airflow version does not have
"""Retry policies (Airflow 3.3): ExceptionRetryPolicy with RetryRule entries (dotted paths,
classes, lists, every RetryAction) on a TaskFlow task, a classic operator and default_args."""

from datetime import timedelta

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, ExceptionRetryPolicy, RetryAction, RetryRule, task

NETWORK = ExceptionRetryPolicy(
    rules=[
        RetryRule(
            exception="requests.exceptions.HTTPError", retry_delay=timedelta(minutes=5), reason="rate limit"
        ),
        RetryRule(
            exception=[ConnectionError, TimeoutError], action=RetryAction.RETRY, match_subclasses=False
        ),
        RetryRule(exception=ValueError, action=RetryAction.FAIL),
    ],
    default=RetryAction.FAIL,
)
QUIET = ExceptionRetryPolicy(rules=[RetryRule(exception=KeyError, action=RetryAction.DEFAULT)])

with DAG(
    dag_id="retry_policy__af3",
    schedule=None,
    catchup=False,
    default_args={"retries": 3, "retry_policy": QUIET},
):

    @task(retries=5, retry_policy=NETWORK)
    def call_api():
        return None

    call_api() >> BashOperator(task_id="shell", bash_command="echo hi", retry_policy=NETWORK)
    BashOperator(task_id="from_default_args", bash_command="echo default")
