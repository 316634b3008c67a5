# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure 3.0 raises=ImportError uses what this Airflow version does not have
"""airflow.sdk.timezone.datetime: a datetime in Airflow's default timezone (UTC) unless
tzinfo is given, as start_date, end_date, in default_args and in a sensor's target time."""

import datetime

from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.sensors.date_time import DateTimeSensor
from airflow.sdk import DAG, timezone

with DAG(
    dag_id="timezone_datetime__af3",
    start_date=timezone.datetime(2024, 1, 1),
    end_date=timezone.datetime(2025, 6, 30, 12, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
    schedule="@daily",
    catchup=False,
    default_args={"start_date": timezone.datetime(2024, 2, 1, 6)},
):
    DateTimeSensor(task_id="wait", target_time=timezone.datetime(2024, 3, 1, 8, 15))
    EmptyOperator(task_id="later", start_date=timezone.datetime(2024, 4, 1))
