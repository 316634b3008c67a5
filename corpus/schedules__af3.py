# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure 3.2 raises=AirflowTimetableInvalid uses what this Airflow version does not have
"""Schedules: cron, every preset, None, @once, @continuous, timedelta, relativedelta, none given."""

import datetime

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG
from dateutil.relativedelta import relativedelta

START = pendulum.datetime(2024, 1, 1, tz="UTC")

SCHEDULES = {
    "cron": "15 */4 * * 1-5",
    "hourly": "@hourly",
    "daily": "@daily",
    "weekly": "@weekly",
    "monthly": "@monthly",
    "quarterly": "@quarterly",
    "yearly": "@yearly",
    "none": None,
    "once": "@once",
    "timedelta": datetime.timedelta(hours=12),
    "relativedelta": relativedelta(months=1),
}

for name, schedule in SCHEDULES.items():
    with DAG(dag_id=f"schedules__af3__{name}", start_date=START, schedule=schedule, catchup=False):
        EmptyOperator(task_id="run")

# @continuous requires max_active_runs=1
with DAG(
    dag_id="schedules__af3__continuous",
    start_date=START,
    schedule="@continuous",
    max_active_runs=1,
    catchup=False,
):
    EmptyOperator(task_id="run")

# No schedule argument and no catchup argument: the version's defaults apply.
with DAG(dag_id="schedules__af3__defaults", start_date=START):
    EmptyOperator(task_id="run")

# A preset with catchup left to the default.
with DAG(dag_id="schedules__af3__daily_default_catchup", start_date=START, schedule="@daily"):
    EmptyOperator(task_id="run")
