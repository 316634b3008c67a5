# dagfidelity: expect-failure >=3.0 raises=TypeError written in Airflow 2 style, which this Airflow 3 version refuses
"""Airflow-2-only arguments: schedule_interval, sla, sla_miss_callback, dummy/none_failed_or_skipped."""

import datetime

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.utils.trigger_rule import TriggerRule

START = pendulum.datetime(2024, 1, 1, tz="UTC")


def sla_missed(dag, task_list, blocking_task_list, slas, blocking_tis):
    return None


with DAG(
    dag_id="schedule_interval__af2__cron",
    start_date=START,
    schedule_interval="0 */6 * * *",
    catchup=False,
    sla_miss_callback=sla_missed,
):
    upstream = EmptyOperator(task_id="upstream", sla=datetime.timedelta(hours=1))
    # deprecated members: 2.x rewrites dummy -> always, none_failed_or_skipped -> none_failed_min_one_success
    upstream >> EmptyOperator(task_id="enum_dummy", trigger_rule=TriggerRule.DUMMY)
    upstream >> EmptyOperator(task_id="str_dummy", trigger_rule="dummy")
    upstream >> EmptyOperator(
        task_id="enum_none_failed_or_skipped", trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED
    )
    upstream >> EmptyOperator(task_id="str_none_failed_or_skipped", trigger_rule="none_failed_or_skipped")

with DAG(
    dag_id="schedule_interval__af2__timedelta",
    start_date=START,
    schedule_interval=datetime.timedelta(minutes=30),
    catchup=False,
):
    EmptyOperator(task_id="run")

with DAG(dag_id="schedule_interval__af2__preset", start_date=START, schedule_interval="@daily"):
    EmptyOperator(task_id="run")

with DAG(dag_id="schedule_interval__af2__none", start_date=START, schedule_interval=None):
    EmptyOperator(task_id="run")
