# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""File/TimeDelta/DateTime/Bash/Python sensors in poke and reschedule modes, and deferrable."""

import datetime

import pendulum
from airflow.providers.standard.sensors.bash import BashSensor
from airflow.providers.standard.sensors.date_time import DateTimeSensor, DateTimeSensorAsync
from airflow.providers.standard.sensors.filesystem import FileSensor
from airflow.providers.standard.sensors.python import PythonSensor
from airflow.providers.standard.sensors.time_delta import TimeDeltaSensor
from airflow.sdk import DAG


def partition_ready(table):
    return table is not None


with DAG(
    dag_id="sensors__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
):
    file_poke = FileSensor(task_id="file_poke", filepath="/data/{{ ds }}/_SUCCESS", poke_interval=30)
    file_reschedule = FileSensor(
        task_id="file_reschedule",
        fs_conn_id="fs_landing",
        filepath="landing/*.csv",
        mode="reschedule",
        poke_interval=300,
        timeout=6 * 60 * 60,
    )
    file_deferred = FileSensor(task_id="file_deferred", filepath="/data/marker", deferrable=True)

    delta_reschedule = TimeDeltaSensor(
        task_id="delta_reschedule", delta=datetime.timedelta(minutes=15), mode="reschedule"
    )
    delta_deferred = TimeDeltaSensor(
        task_id="delta_deferred", delta=datetime.timedelta(hours=1), deferrable=True
    )

    datetime_poke = DateTimeSensor(task_id="datetime_poke", target_time="{{ data_interval_end }}")
    datetime_deferred = DateTimeSensorAsync(
        task_id="datetime_deferred", target_time=datetime.datetime(2024, 1, 1, 12, 0)
    )

    bash_sensor = BashSensor(
        task_id="bash_sensor",
        bash_command="test -e /data/ready",
        mode="reschedule",
        soft_fail=True,
        timeout=600,
    )
    python_sensor = PythonSensor(
        task_id="python_sensor",
        python_callable=partition_ready,
        op_kwargs={"table": "orders"},
        exponential_backoff=True,
        max_wait=datetime.timedelta(minutes=30),
    )

    [file_poke, file_reschedule, file_deferred] >> delta_reschedule >> delta_deferred
    delta_deferred >> [datetime_poke, datetime_deferred] >> bash_sensor >> python_sensor
