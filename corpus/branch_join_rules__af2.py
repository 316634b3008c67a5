"""A join after a branch under every trigger rule common to 2.x and 3.x (enum), two branch styles."""

import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import BranchPythonOperator
from airflow.utils.task_group import TaskGroup
from airflow.utils.trigger_rule import TriggerRule

RULES = [
    TriggerRule.ALL_SUCCESS,
    TriggerRule.ALL_FAILED,
    TriggerRule.ALL_DONE,
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


def pick_left():
    return "left"


with DAG(
    dag_id="branch_join_rules__af2",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
):
    branch = BranchPythonOperator(task_id="branch", python_callable=pick_left)
    left = EmptyOperator(task_id="left")
    right = EmptyOperator(task_id="right")
    branch >> [left, right]
    for rule in RULES:
        [left, right] >> EmptyOperator(task_id=f"join_{rule.value}", trigger_rule=rule)

    # the join is also a direct downstream of the branch (branch -> join and branch -> path -> join)
    direct_join = EmptyOperator(task_id="direct_join", trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)
    branch >> direct_join
    left >> direct_join

    @task.branch
    def choose(mode):
        return ["fast.step"] if mode == "fast" else ["slow.step"]

    chosen = choose("fast")
    with TaskGroup(group_id="fast") as fast:
        EmptyOperator(task_id="step")
    with TaskGroup(group_id="slow") as slow:
        EmptyOperator(task_id="step")
    chosen >> [fast, slow]
    with TaskGroup(group_id="joins"):
        for rule in RULES:
            [fast, slow] >> EmptyOperator(task_id=rule.value, trigger_rule=rule)
