# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Bash/Python sensors, @task.sensor: poke_interval, timeout, backoff, max_wait, soft/silent/never fail."""

import datetime

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.sensors.bash import BashSensor
from airflow.providers.standard.sensors.python import PythonSensor
from airflow.sdk import DAG, PokeReturnValue, task


def table_has_rows(table, min_rows=1, **context):
    return min_rows > 0 and bool(table)


with DAG(
    dag_id="sensor_options__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="30 6 * * *",
    catchup=False,
    default_args={"poke_interval": 120, "mode": "reschedule"},
):
    bash_defaults = BashSensor(task_id="bash_defaults", bash_command="test -f /data/{{ ds }}.done")
    bash_backoff = BashSensor(
        task_id="bash_backoff",
        bash_command="curl -sf http://localhost/ready",
        env={"HTTP_PROXY": ""},
        retry_exit_code=75,
        poke_interval=5,
        exponential_backoff=True,
        max_wait=datetime.timedelta(minutes=10),
        timeout=datetime.timedelta(hours=1),
        mode="poke",
    )
    bash_soft = BashSensor(task_id="bash_soft", bash_command="exit 1", timeout=60, soft_fail=True)
    python_float = PythonSensor(
        task_id="python_float",
        python_callable=table_has_rows,
        op_args=["orders"],
        op_kwargs={"min_rows": 10},
        poke_interval=30.5,
        timeout=900.0,
    )
    python_silent = PythonSensor(
        task_id="python_silent",
        python_callable=table_has_rows,
        op_kwargs={"table": "{{ params.table }}"},
        templates_dict={"day": "{{ ds }}"},
        silent_fail=True,
        params={"table": "customers"},
    )
    python_never = PythonSensor(
        task_id="python_never_fail",
        python_callable=table_has_rows,
        op_args=["refunds"],
        never_fail=True,
        timeout=datetime.timedelta(minutes=30),
        retries=0,
    )

    @task.sensor(poke_interval=datetime.timedelta(seconds=45), timeout=3600, exponential_backoff=True)
    def wait_for_payload(source):
        return PokeReturnValue(is_done=True, xcom_value={"source": source})

    @task.sensor(mode="poke", soft_fail=True, max_wait=600)
    def wait_for_flag():
        return True

    @task
    def consume(payload):
        return payload

    payload = wait_for_payload("s3://landing")
    [bash_defaults, bash_backoff, bash_soft] >> python_float >> [python_silent, python_never]
    [python_silent, python_never] >> wait_for_flag() >> payload
    consume(payload) >> EmptyOperator(task_id="done")
