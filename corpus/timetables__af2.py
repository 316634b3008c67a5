"""Timetable objects from airflow.timetables: cron trigger, cron/delta data interval, events."""

import datetime

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.timetables.events import EventsTimetable
from airflow.timetables.interval import CronDataIntervalTimetable, DeltaDataIntervalTimetable
from airflow.timetables.trigger import CronTriggerTimetable

START = pendulum.datetime(2024, 1, 1, tz="UTC")

TIMETABLES = {
    "cron_trigger": CronTriggerTimetable(
        "0 9 * * 1-5", timezone="Europe/London", interval=datetime.timedelta(hours=1)
    ),
    "cron_data_interval": CronDataIntervalTimetable(
        "30 1 * * *", timezone=pendulum.timezone("America/New_York")
    ),
    "delta_data_interval": DeltaDataIntervalTimetable(datetime.timedelta(hours=3)),
    "events": EventsTimetable(
        event_dates=[
            pendulum.datetime(2024, 3, 31, 8, tz="UTC"),
            pendulum.datetime(2024, 1, 15, 8, tz="UTC"),
            pendulum.datetime(2024, 6, 30, 8, tz="UTC"),
        ],
        restrict_to_events=True,
        description="Quarter closes",
    ),
}

for name, timetable in TIMETABLES.items():
    with DAG(dag_id=f"timetables__af2__{name}", start_date=START, schedule=timetable, catchup=False):
        EmptyOperator(task_id="run")
