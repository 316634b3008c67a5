# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""BranchDateTimeOperator, BranchDayOfWeekOperator with WeekDay, DayOfWeekSensor and TimeSensor."""

import datetime

import pendulum
from airflow.providers.standard.operators.datetime import BranchDateTimeOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.weekday import BranchDayOfWeekOperator
from airflow.providers.standard.sensors.time import TimeSensor
from airflow.providers.standard.sensors.weekday import DayOfWeekSensor
from airflow.providers.standard.utils.weekday import WeekDay
from airflow.sdk import DAG

with DAG(
    dag_id="branch_datetime_weekday__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="0 * * * *",
    catchup=False,
):
    # time-of-day window, evaluated against the wall clock
    business_hours = BranchDateTimeOperator(
        task_id="business_hours",
        follow_task_ids_if_true=["in_hours"],
        follow_task_ids_if_false=["out_of_hours"],
        target_lower=datetime.time(9, 0),
        target_upper=datetime.time(17, 30),
    )
    # absolute datetime window, evaluated against the logical date; open upper bound
    after_cutover = BranchDateTimeOperator(
        task_id="after_cutover",
        follow_task_ids_if_true="new_system",
        follow_task_ids_if_false="old_system",
        target_lower=datetime.datetime(2024, 6, 1, 0, 0),
        target_upper=None,
        use_task_logical_date=True,
    )
    in_hours = EmptyOperator(task_id="in_hours")
    out_of_hours = EmptyOperator(task_id="out_of_hours")
    new_system = EmptyOperator(task_id="new_system")
    old_system = EmptyOperator(task_id="old_system")

    # weekday branches: one enum member, a set of members, a string, a list of strings
    is_monday = BranchDayOfWeekOperator(
        task_id="is_monday",
        week_day=WeekDay.MONDAY,
        follow_task_ids_if_true="weekly_report",
        follow_task_ids_if_false="daily_report",
    )
    is_weekend = BranchDayOfWeekOperator(
        task_id="is_weekend",
        week_day={WeekDay.SATURDAY, WeekDay.SUNDAY},
        follow_task_ids_if_true=["weekend_batch"],
        follow_task_ids_if_false=["weekday_batch", "weekday_extra"],
        use_task_logical_date=True,
    )
    is_friday = BranchDayOfWeekOperator(
        task_id="is_friday",
        week_day="Friday",
        follow_task_ids_if_true="friday_close",
        follow_task_ids_if_false="no_close",
    )
    midweek = BranchDayOfWeekOperator(
        task_id="midweek",
        week_day=["Tuesday", "Wednesday", "Thursday"],
        follow_task_ids_if_true="midweek_sync",
        follow_task_ids_if_false="edge_sync",
    )

    wait_weekday = DayOfWeekSensor(
        task_id="wait_weekday",
        week_day=[WeekDay.MONDAY, WeekDay.TUESDAY, WeekDay.WEDNESDAY, WeekDay.THURSDAY, WeekDay.FRIDAY],
        use_task_logical_date=True,
        mode="reschedule",
        poke_interval=3600,
    )
    wait_until_six = TimeSensor(task_id="wait_until_six", target_time=datetime.time(6, 0))
    wait_until_noon = TimeSensor(task_id="wait_until_noon", target_time=datetime.time(12, 0), deferrable=True)

    business_hours >> [in_hours, out_of_hours]
    after_cutover >> [new_system, old_system]
    is_monday >> [EmptyOperator(task_id="weekly_report"), EmptyOperator(task_id="daily_report")]
    is_weekend >> [
        EmptyOperator(task_id="weekend_batch"),
        EmptyOperator(task_id="weekday_batch"),
        EmptyOperator(task_id="weekday_extra"),
    ]
    is_friday >> [EmptyOperator(task_id="friday_close"), EmptyOperator(task_id="no_close")]
    midweek >> [EmptyOperator(task_id="midweek_sync"), EmptyOperator(task_id="edge_sync")]
    wait_weekday >> wait_until_six >> wait_until_noon >> [business_hours, after_cutover, is_monday]
    wait_until_noon >> [is_weekend, is_friday, midweek]
