# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure >=3.0,<=3.2 raises=ImportError uses what this Airflow version does not have
"""AssetAccessControl (Airflow 3.3): an asset that names its producer teams, produced by one
DAG and scheduling another."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, Asset, AssetAccessControl

shared = Asset(
    name="asset_access_control__af3__shared",
    uri="s3://lake/shared.csv",
    access_control=AssetAccessControl(producer_teams=["analytics"], allow_global=False),
)
open_asset = Asset("s3://lake/open.csv", access_control=AssetAccessControl())

with DAG(
    dag_id="asset_access_control__af3__producer",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
):
    BashOperator(task_id="produce", bash_command="echo produce", outlets=[shared, open_asset])

with DAG(dag_id="asset_access_control__af3__consumer", schedule=shared | open_asset, catchup=False):
    BashOperator(task_id="consume", bash_command="echo consume")
