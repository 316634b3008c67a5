# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""TriggerDagRunOperator: templated conf, trigger_run_id, wait_for_completion, states, deferrable, mapped."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sdk import DAG, task

START = pendulum.datetime(2024, 1, 1, tz="UTC")

for region in ["eu", "us"]:
    with DAG(
        dag_id=f"trigger_dagrun__af3__load_{region}",
        start_date=START,
        schedule=None,
        catchup=False,
        params={"day": "2024-01-01", "full": False},
    ):
        EmptyOperator(task_id="load")

with DAG(
    dag_id="trigger_dagrun__af3__controller",
    start_date=START,
    schedule="@daily",
    catchup=False,
):
    fire_and_forget = TriggerDagRunOperator(
        task_id="fire_and_forget",
        trigger_dag_id="trigger_dagrun__af3__load_eu",
        conf={"day": "{{ ds }}", "full": False, "source": "{{ dag.dag_id }}"},
    )
    wait_eu = TriggerDagRunOperator(
        task_id="wait_eu",
        trigger_dag_id="trigger_dagrun__af3__load_eu",
        trigger_run_id="controller__{{ run_id }}",
        logical_date="{{ logical_date }}",
        conf={"day": "{{ ds }}", "full": True},
        reset_dag_run=True,
        wait_for_completion=True,
        poke_interval=30,
        allowed_states=["success"],
        failed_states=["failed"],
        skip_when_already_exists=True,
    )
    wait_us_deferred = TriggerDagRunOperator(
        task_id="wait_us_deferred",
        trigger_dag_id="trigger_dagrun__af3__load_us",
        conf={"day": "{{ ds }}"},
        wait_for_completion=True,
        deferrable=True,
        poke_interval=10,
        retries=2,
    )

    @task
    def regions():
        return [
            {"trigger_dag_id": "trigger_dagrun__af3__load_eu"},
            {"trigger_dag_id": "trigger_dagrun__af3__load_us"},
        ]

    fan_out = TriggerDagRunOperator.partial(
        task_id="fan_out", conf={"day": "{{ ds }}"}, wait_for_completion=False
    ).expand_kwargs(regions())

    fire_and_forget >> [wait_eu, wait_us_deferred] >> fan_out
