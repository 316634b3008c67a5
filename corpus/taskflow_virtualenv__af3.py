# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""@task.virtualenv (Airflow 3 imports)."""

import pendulum
from airflow.sdk import dag, task


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, catchup=False)
def taskflow_virtualenv__af3():
    @task
    def rows():
        return [[1, 2], [3, 4]]

    @task.virtualenv(
        requirements=["tabulate==0.9.0"], system_site_packages=False, pip_install_options=["--quiet"]
    )
    def render_table(data):
        from tabulate import tabulate

        return tabulate(data)

    @task.virtualenv(task_id="render_plain", requirements="tabulate")
    def render_plain(data):
        return str(data)

    data = rows()
    render_table(data)
    render_plain(data)


taskflow_virtualenv__af3()
