# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""A join after a branch under every trigger rule common to 3.x (strings), two branch styles."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.python import BranchPythonOperator
from airflow.sdk import DAG, TaskGroup, task

RULES = [
    "all_success",
    "all_failed",
    "all_done",
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


def pick_left():
    return "left"


with DAG(
    dag_id="branch_join_rules__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
):
    branch = BranchPythonOperator(task_id="branch", python_callable=pick_left)
    left = EmptyOperator(task_id="left")
    right = EmptyOperator(task_id="right")
    branch >> [left, right]
    for rule in RULES:
        [left, right] >> EmptyOperator(task_id=f"join_{rule}", trigger_rule=rule)

    # the join is also a direct downstream of the branch (branch -> join and branch -> path -> join)
    direct_join = EmptyOperator(task_id="direct_join", trigger_rule="none_failed_min_one_success")
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
            [fast, slow] >> EmptyOperator(task_id=rule, trigger_rule=rule)
