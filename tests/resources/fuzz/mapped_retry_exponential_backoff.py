"""Found by fuzzing: a mapped task's retry_exponential_backoff=True (3.2+ reads it as a 2.0 multiplier)."""

import pendulum
from airflow.decorators import dag, task
from airflow.operators.bash import BashOperator


@task.bash(retry_exponential_backoff=True)
def echo(x=None):
    return "echo 0"


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, default_args={"retry_exponential_backoff": False})
def mapped_retry_exponential_backoff():
    echo.expand(x=[1, 2, 3])
    echo()
    BashOperator.partial(task_id="classic", retry_exponential_backoff=True).expand(bash_command=["a", "b"])
    BashOperator.partial(task_id="from_default_args").expand(bash_command=["a", "b"])


mapped_retry_exponential_backoff()
