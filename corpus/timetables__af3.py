# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure >=3.0,<=3.1 raises=ImportError uses what this Airflow version does not have
"""Timetable objects from airflow.sdk (3.2+): cron, delta, multiple cron, events, asset-or-time."""

import datetime

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import (
    DAG,
    Asset,
    AssetOrTimeSchedule,
    CronDataIntervalTimetable,
    CronTriggerTimetable,
    DeltaDataIntervalTimetable,
    DeltaTriggerTimetable,
    EventsTimetable,
    MultipleCronTriggerTimetable,
)

START = pendulum.datetime(2024, 1, 1, tz="UTC")

TIMETABLES = {
    "cron_trigger": CronTriggerTimetable(
        "0 9 * * 1-5", timezone="Europe/London", interval=datetime.timedelta(hours=1)
    ),
    "cron_data_interval": CronDataIntervalTimetable(
        "30 1 * * *", timezone=pendulum.timezone("America/New_York")
    ),
    "delta_data_interval": DeltaDataIntervalTimetable(datetime.timedelta(hours=3)),
    "delta_trigger": DeltaTriggerTimetable(datetime.timedelta(hours=6), interval=datetime.timedelta(hours=1)),
    "multiple_cron": MultipleCronTriggerTimetable("0 8 * * *", "30 18 * * 1-5", timezone="UTC"),
    "events": EventsTimetable(
        event_dates=[
            pendulum.datetime(2024, 3, 31, 8, tz="UTC"),
            pendulum.datetime(2024, 1, 15, 8, tz="UTC"),
            pendulum.datetime(2024, 6, 30, 8, tz="UTC"),
        ],
        restrict_to_events=True,
        description="Quarter closes",
    ),
    "asset_or_time": AssetOrTimeSchedule(
        timetable=CronTriggerTimetable("0 0 * * *", timezone="UTC"),
        assets=[Asset("s3://lake/orders"), Asset("s3://lake/customers")],
    ),
}

for name, timetable in TIMETABLES.items():
    with DAG(dag_id=f"timetables__af3__{name}", start_date=START, schedule=timetable, catchup=False):
        EmptyOperator(task_id="run")
