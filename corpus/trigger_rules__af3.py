# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
# dagfidelity: expect-failure 3.0 raises=ImportError uses what this Airflow version does not have
"""Every TriggerRule member, once as the enum and once as a string (sdk.TriggerRule: 3.1+)."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, TriggerRule

AS_ENUM = [
    TriggerRule.ALL_SUCCESS,
    TriggerRule.ALL_FAILED,
    TriggerRule.ALL_DONE,
    TriggerRule.ALL_DONE_MIN_ONE_SUCCESS,
    TriggerRule.ALL_DONE_SETUP_SUCCESS,
    TriggerRule.ONE_SUCCESS,
    TriggerRule.ONE_FAILED,
    TriggerRule.ONE_DONE,
    TriggerRule.NONE_FAILED,
    TriggerRule.NONE_SKIPPED,
    TriggerRule.ALWAYS,
    TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS,
    TriggerRule.ALL_SKIPPED,
]
AS_STRING = [
    "all_success",
    "all_failed",
    "all_done",
    "all_done_min_one_success",
    "all_done_setup_success",
    "one_success",
    "one_failed",
    "one_done",
    "none_failed",
    "none_skipped",
    "always",
    "none_failed_min_one_success",
    "all_skipped",
]

with DAG(
    dag_id="trigger_rules__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
):
    left = EmptyOperator(task_id="left")
    right = EmptyOperator(task_id="right")
    for rule in AS_ENUM:
        [left, right] >> EmptyOperator(task_id=f"enum_{rule.value}", trigger_rule=rule)
    for rule in AS_STRING:
        [left, right] >> EmptyOperator(task_id=f"str_{rule}", trigger_rule=rule)
    # no trigger_rule given: the default
    [left, right] >> EmptyOperator(task_id="default_rule")
