# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""XComArg.map and XComArg.zip feeding .expand() (Airflow 3 imports)."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import dag, task


def to_command(name):
    return f"echo {name}"


def to_env(pair):
    key, value = pair
    return {key: value}


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, catchup=False)
def xcomarg_map_zip__af3():
    @task
    def names():
        return ["alpha", "beta", "gamma"]

    @task
    def sizes():
        return [1, 2]

    @task
    def show(item):
        return item

    listed = names()
    counts = sizes()

    # .map transforms each element before mapping
    BashOperator.partial(task_id="echo_name").expand(bash_command=listed.map(to_command))
    show.override(task_id="show_upper").expand(item=listed.map(lambda n: n.upper()))

    # .zip pairs elements of several XComArgs (shortest wins, or padded with fillvalue)
    show.override(task_id="show_pairs").expand(item=listed.zip(counts))
    show.override(task_id="show_padded").expand(item=listed.zip(counts, fillvalue=0))

    # zip then map
    BashOperator.partial(task_id="echo_env", bash_command="env").expand(env=listed.zip(counts).map(to_env))


xcomarg_map_zip__af3()
