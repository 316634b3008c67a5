# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""``@asset.multi``: one function that materialises several assets becomes a one-task DAG named
after the function; the result is all of its outlets, usable as a schedule (3.0's result has
no name; later versions name it after the function). ``@asset.multi`` over ``@task`` is left to
the unit tests: 3.0 wraps the TaskFlow task in the asset's operator, which the shim refuses."""

import pendulum
from airflow.sdk import Asset, asset, dag, task


@asset.multi(
    outlets=[Asset("asset_multi__af3_orders"), Asset("asset_multi__af3_customers", group="crm")],
    schedule="@daily",
    tags=["assets"],
    description="orders and customers in one load",
)
def asset_multi__af3_load(raw_events):
    pass


@dag(schedule=[asset_multi__af3_load], start_date=pendulum.datetime(2024, 1, 1, tz="UTC"))
def asset_multi__af3_after():
    @task
    def report():
        pass

    report()


asset_multi__af3_after()
