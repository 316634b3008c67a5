"""``@asset.multi``: one function that materialises several assets becomes a one-task DAG named
after the function; the result is all of its outlets, usable as a schedule. Over a plain
function (inlets from its parameters) and over ``@task`` (its arguments kept)."""

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


@asset.multi(
    outlets=[Asset("asset_multi__af3_summary_a"), Asset("asset_multi__af3_summary_b")],
    schedule=asset_multi__af3_load,
    dag_id="asset_multi__af3_summaries",
)
@task(retries=2)
def asset_multi__af3_summarise():
    pass


@dag(schedule=[asset_multi__af3_load], start_date=pendulum.datetime(2024, 1, 1, tz="UTC"))
def asset_multi__af3_after():
    @task
    def report():
        pass

    report()


asset_multi__af3_after()
