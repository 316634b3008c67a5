# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Task-group edges: Label on group edges, chain with lists of groups, cross_downstream with XComArgs."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Label, TaskGroup, chain, chain_linear, cross_downstream, task

with DAG(
    dag_id="group_edges__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
):
    start = EmptyOperator(task_id="start")

    def make_group(name, size=2):
        with TaskGroup(group_id=name) as group:
            previous = None
            for i in range(size):
                current = EmptyOperator(task_id=f"step_{i}")
                if previous is not None:
                    previous >> current
                previous = current
        return group

    ingest = make_group("ingest")
    clean_a = make_group("clean_a")
    clean_b = make_group("clean_b", size=3)
    publish = make_group("publish", size=1)

    # labels on task->group, group->group and group->task edges
    start >> Label("kick off") >> ingest
    ingest >> Label("partition A") >> clean_a
    ingest >> Label("partition B") >> clean_b
    publish >> Label("notify") >> EmptyOperator(task_id="notify")

    # chain with a list of groups in the middle: pairwise for equal-length lists
    audit_a = make_group("audit_a", size=1)
    audit_b = make_group("audit_b", size=1)
    chain(start, [clean_a, clean_b], [audit_a, audit_b], publish)

    # chain_linear: every element of one list to every element of the next
    report_x = make_group("report_x", size=1)
    report_y = make_group("report_y", size=1)
    chain_linear([audit_a, audit_b], [report_x, report_y], EmptyOperator(task_id="reports_done"))

    @task
    def fetch(source):
        return source

    @task
    def merge(*parts):
        return parts

    # cross_downstream between lists of XComArgs (and a plain operator)
    fetched = [fetch.override(task_id=f"fetch_{s}")(s) for s in ("db", "api")]
    merged = [merge.override(task_id="merge_one")(), merge.override(task_id="merge_two")()]
    cross_downstream(fetched, merged + [EmptyOperator(task_id="merge_classic")])
    chain(publish, fetched)
