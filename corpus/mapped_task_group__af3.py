# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Mapped task groups: @task_group expand over literals and XComs, partial().expand(), expand_kwargs."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import dag, task, task_group


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, catchup=False)
def mapped_task_group__af3():
    @task
    def regions():
        return ["eu", "us"]

    @task
    def download(region, day="latest"):
        return f"{region}/{day}"

    @task
    def load(path):
        return path

    @task_group
    def per_region(region, day="latest"):
        load(download(region, day)) >> EmptyOperator(task_id="mark_done")

    @task_group(group_id="per_target")
    def per_target(target, mode):
        download.override(task_id="fetch_target")(target, mode)

    per_region.expand(region=["apac", "latam"])
    per_region.partial(day="{{ ds }}").expand(region=regions())
    per_target.expand_kwargs([{"target": "db", "mode": "full"}, {"target": "api", "mode": "delta"}])


mapped_task_group__af3()
