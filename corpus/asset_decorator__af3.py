# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""@asset: a materialising function becomes a one-task DAG named after the asset; parameters
without a default become inlets (self, context and outlet_events are run-time values), and
other DAGs schedule on the assets it defines."""

import pendulum
from airflow.sdk import DAG, Asset, asset, task


@asset(uri="s3://lake/raw_orders", schedule="@daily", tags=["lake"])
def asset_decorator__af3__raw():
    return None


@asset(
    name="asset_decorator__af3__clean",
    uri="s3://lake/clean",
    schedule=asset_decorator__af3__raw,
    group="lake",
    extra={"tier": 1},
)
def cleaning(self, context, asset_decorator__af3__raw, limit=10):
    return None


@asset(
    schedule=asset_decorator__af3__raw & Asset.ref(name="asset_decorator__af3__clean"),
    dag_id="asset_decorator__af3__report_dag",
    description="a report",
)
def order_report(context, outlet_events, asset_decorator__af3__clean):
    return None


with DAG(
    dag_id="asset_decorator__af3__consumer",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=cleaning | order_report,
    catchup=False,
):

    @task(inlets=[cleaning], outlets=[Asset(name="asset_decorator__af3__summary")])
    def summarise():
        return None

    summarise()
