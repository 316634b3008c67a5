# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""LatestOnly, ShortCircuitOperator and @task.short_circuit with ignore_downstream_trigger_rules both ways."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.latest_only import LatestOnlyOperator
from airflow.providers.standard.operators.python import ShortCircuitOperator
from airflow.sdk import DAG, task


def has_new_files(prefix):
    return bool(prefix)


with DAG(
    dag_id="latest_only_short_circuit__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@hourly",
    catchup=True,
    max_active_runs=3,
):
    latest_only = LatestOnlyOperator(task_id="latest_only")
    notify = EmptyOperator(task_id="notify_latest")
    always_run = EmptyOperator(task_id="always_run", trigger_rule="all_done")
    latest_only >> notify >> always_run

    # ignore_downstream_trigger_rules=True (the default): every downstream task is skipped
    gate_all = ShortCircuitOperator(
        task_id="gate_all", python_callable=has_new_files, op_kwargs={"prefix": "incoming/"}
    )
    load = EmptyOperator(task_id="load")
    report = EmptyOperator(task_id="report", trigger_rule="none_failed")
    gate_all >> load >> report

    # ignore_downstream_trigger_rules=False: only direct downstream tasks are skipped
    gate_direct = ShortCircuitOperator(
        task_id="gate_direct",
        python_callable=has_new_files,
        op_args=["archive/"],
        ignore_downstream_trigger_rules=False,
    )
    archive = EmptyOperator(task_id="archive")
    cleanup = EmptyOperator(task_id="cleanup", trigger_rule="all_done")
    gate_direct >> archive >> cleanup

    @task.short_circuit
    def is_business_day(day):
        return day != "Sunday"

    @task.short_circuit(ignore_downstream_trigger_rules=False, retries=2)
    def has_quota():
        return True

    @task
    def publish():
        return "published"

    business = is_business_day("{{ logical_date.strftime('%A') }}")
    quota = has_quota()
    business >> quota >> publish() >> EmptyOperator(task_id="final", trigger_rule="one_success")
    notify >> [gate_all, gate_direct, business]
