# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Assets watched by event triggers (AssetWatcher with FileDeleteTrigger and
DirectoryFileDeleteTrigger), scheduling a DAG and produced by a task."""

from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.triggers.file import DirectoryFileDeleteTrigger, FileDeleteTrigger
from airflow.sdk import DAG, Asset, AssetWatcher

landing = Asset(
    "asset_watchers__af3__landing",
    watchers=[AssetWatcher(name="landing_watcher", trigger=FileDeleteTrigger(filepath="/tmp/landing.flag"))],
)
flags = Asset(
    name="asset_watchers__af3__flags",
    uri="file://flags/",
    watchers=[
        AssetWatcher(
            name="us_flag",
            trigger=DirectoryFileDeleteTrigger(directory="/tmp/flags", filename="us.flag", poke_interval=5.0),
        ),
        AssetWatcher(
            name="eu_flag",
            trigger=DirectoryFileDeleteTrigger(directory="/tmp/flags", filename="eu.flag", poke_interval=5.0),
        ),
    ],
)

# The trigger's first parameter given positionally.
positional = Asset(
    "asset_watchers__af3__positional",
    watchers=[
        AssetWatcher(name="positional_watcher", trigger=FileDeleteTrigger("/tmp/positional.flag", 2.0))
    ],
)

with DAG(dag_id="asset_watchers__af3", schedule=[landing, flags, positional], catchup=False):
    EmptyOperator(task_id="react", outlets=[Asset("asset_watchers__af3__reacted")])
