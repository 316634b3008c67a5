"""Found by fuzzing: a mapped @task with wait_for_downstream=True depends on past on every version.

TaskFlow's own expand() forces depends_on_past; a classic .partial() does not on 3.x.
"""

import pendulum
from airflow.decorators import dag, task
from airflow.operators.bash import BashOperator


@task(wait_for_downstream=True)
def explicit(x=None):
    return x


@task
def from_default_args(x=None):
    return x


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None)
def mapped_taskflow_wait_for_downstream():
    explicit.expand(x=[1, 2])
    from_default_args.override(default_args={"wait_for_downstream": True}).expand(x=[1, 2])
    BashOperator.partial(task_id="classic", wait_for_downstream=True).expand(bash_command=["a", "b"])


mapped_taskflow_wait_for_downstream()
