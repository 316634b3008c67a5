# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Task groups nested five deep, mixed prefix_group_id, @task_group in TaskGroup, cross-level edges."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, TaskGroup, task, task_group

with DAG(
    dag_id="deep_task_groups__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
):
    start = EmptyOperator(task_id="start")
    with TaskGroup(group_id="l1") as l1:
        EmptyOperator(task_id="t1")
        with TaskGroup(group_id="l2", prefix_group_id=False) as l2:
            EmptyOperator(task_id="t2")
            with TaskGroup(group_id="l3") as l3:
                EmptyOperator(task_id="t3")
                with TaskGroup(group_id="l4", prefix_group_id=False):
                    t4 = EmptyOperator(task_id="t4")
                    with TaskGroup(group_id="l5", default_args={"retries": 5}) as l5:
                        first = EmptyOperator(task_id="first")
                        last = EmptyOperator(task_id="last")
                        first >> last
                    t4 >> l5
            with TaskGroup(group_id="l3_sibling"):
                sibling = EmptyOperator(task_id="t3")  # same task_id, different group prefix
        l2_tail = EmptyOperator(task_id="l2_tail")
        l2 >> l2_tail

    @task_group(group_id="decorated", prefix_group_id=False)
    def decorated(depth):
        @task_group(group_id="inner")
        def inner(value):
            @task
            def leaf(v):
                return v

            with TaskGroup(group_id="innermost") as innermost:
                EmptyOperator(task_id="marker")
            out = leaf(value)
            out >> innermost
            return out

        return inner(depth)

    end = EmptyOperator(task_id="end")
    start >> l1 >> end
    start >> decorated(5) >> end
    # edges that cross levels
    l3 >> sibling
    last >> end
    start >> last
