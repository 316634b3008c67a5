# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""TaskFlow decorators: @task.bash, .branch, .short_circuit, .sensor (poke and reschedule)."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import dag, task


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule="@daily", catchup=False)
def taskflow_decorators__af3():
    @task.sensor(poke_interval=30, timeout=3600, mode="poke")
    def wait_for_upstream():
        return True

    @task.sensor(poke_interval=600, timeout=6 * 3600, mode="reschedule", soft_fail=True)
    def wait_for_partner():
        return True

    @task.bash(env={"TARGET": "warehouse"}, append_env=True, cwd="/tmp")
    def export(day):
        return f"export.sh --day {day} --target $TARGET"

    @task.branch
    def pick(mode):
        return "full_load" if mode == "full" else "incremental_load"

    @task.short_circuit(ignore_downstream_trigger_rules=False)
    def has_changes():
        return True

    full = EmptyOperator(task_id="full_load")
    incremental = EmptyOperator(task_id="incremental_load")

    [wait_for_upstream(), wait_for_partner()] >> export("{{ ds }}") >> pick("full") >> [full, incremental]
    incremental >> has_changes() >> EmptyOperator(task_id="publish")


taskflow_decorators__af3()
