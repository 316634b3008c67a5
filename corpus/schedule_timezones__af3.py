# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Schedules in local zones (Amsterdam cron, presets), timedelta, relativedelta, start via default_args."""

import datetime

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG
from dateutil.relativedelta import FR, relativedelta

AMSTERDAM = pendulum.timezone("Europe/Amsterdam")

CASES = {
    # cron at 02:30 local: a time that does not exist on the spring DST day
    "amsterdam_cron_dst": ("30 2 * * *", pendulum.datetime(2024, 3, 1, tz="Europe/Amsterdam")),
    "amsterdam_weekly": ("@weekly", pendulum.datetime(2024, 1, 1, tz=AMSTERDAM)),
    "amsterdam_monthly": ("@monthly", datetime.datetime(2024, 1, 1, tzinfo=AMSTERDAM)),
    "new_york_yearly": ("@yearly", pendulum.datetime(2024, 1, 1, tz="America/New_York")),
    "kolkata_cron": ("15 9 * * 1-5", pendulum.datetime(2024, 1, 1, tz="Asia/Kolkata")),
    "timedelta_local": (datetime.timedelta(hours=8), pendulum.datetime(2024, 1, 1, 6, tz="Europe/Amsterdam")),
    "pendulum_duration": (pendulum.duration(days=2, hours=3), pendulum.datetime(2024, 1, 1, tz="UTC")),
    "relativedelta_last_friday": (
        relativedelta(months=1, day=31, weekday=FR(-1)),
        pendulum.datetime(2024, 1, 1, tz="Europe/London"),
    ),
    "relativedelta_weeks": (relativedelta(weeks=2), pendulum.datetime(2024, 1, 1, tz="Australia/Sydney")),
}

for name, (schedule, start) in CASES.items():
    with DAG(
        dag_id=f"schedule_timezones__af3__{name}",
        start_date=start,
        schedule=schedule,
        catchup=False,
    ):
        EmptyOperator(task_id="run")

# start_date given only through default_args, with an end_date and catchup on
with DAG(
    dag_id="schedule_timezones__af3__default_args_start",
    schedule="0 6 * * *",
    catchup=True,
    end_date=pendulum.datetime(2024, 2, 1, tz="Europe/Amsterdam"),
    default_args={"start_date": pendulum.datetime(2024, 1, 1, tz="Europe/Amsterdam"), "owner": "nl"},
):
    EmptyOperator(task_id="run")
