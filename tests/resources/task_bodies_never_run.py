"""Task bodies would write a marker file; parsing must never run them."""

import datetime
import os

from airflow import DAG

try:
    from airflow.providers.standard.operators.python import PythonOperator
    from airflow.sdk import task
except ImportError:
    from airflow.decorators import task
    from airflow.operators.python import PythonOperator

MARKER = os.environ.get("DAGFIDELITY_TEST_MARKER", "/tmp/dagfidelity-task-body-ran")


def write_marker():
    with open(MARKER, "w") as fh:
        fh.write("a task body ran at parse time")


with DAG("task_bodies_never_run", start_date=datetime.datetime(2024, 1, 1), schedule=None):

    @task
    def decorated():
        write_marker()

    decorated() >> PythonOperator(task_id="classic", python_callable=write_marker)
