# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""An asset watched by a provider's event trigger (the http provider's HttpEventTrigger, read from
its source: positional and keyword arguments, its own argument check), scheduling a DAG."""

# The Airflow 3 task SDK first: on Airflow 2 the file fails here, as declared above.
from airflow.sdk import DAG, Asset, AssetWatcher
from airflow.providers.http.triggers.http import HttpEventTrigger
from airflow.providers.standard.operators.empty import EmptyOperator

api_ready = Asset(
    "provider_asset_watchers__af3__api",
    watchers=[
        # The response check path given positionally, as the trigger's first parameter.
        AssetWatcher(name="status", trigger=HttpEventTrigger("checks.api_ready", endpoint="status")),
        AssetWatcher(
            name="health",
            trigger=HttpEventTrigger(
                response_check_path="checks.healthy",
                http_conn_id="api",
                method="POST",
                headers={"Accept": "application/json"},
                poll_interval=30.0,
                max_consecutive_failures=3,
            ),
        ),
    ],
)

with DAG(dag_id="provider_asset_watchers__af3", schedule=[api_ready], catchup=False):
    EmptyOperator(task_id="react")
