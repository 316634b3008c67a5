# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Names Airflow 3 serves through a module ``__getattr__`` (PEP 562) rather than binding them:
``AirflowException`` and the ``version`` module from the top-level package's lazy table, the task
SDK's exceptions that ``airflow.exceptions`` forwards from 3.2 (bound there on 3.0 and 3.1), and
``XCom`` from ``airflow.models.xcom``'s lazy table."""

import pendulum
from airflow.sdk import DAG, task
from airflow import AirflowException
from airflow import version as airflow_version
from airflow.exceptions import AirflowSensorTimeout, XComNotFound
from airflow.models.xcom import XCom


@task(retries=1)
def read_previous(ti=None):
    """Runs in the task, never at parse time."""
    try:
        return XCom.get_one(run_id=ti.run_id, key="return_value", task_id="produce")
    except (XComNotFound, AirflowSensorTimeout) as exc:
        raise AirflowException("nothing to read") from exc


@task
def produce():
    return 1


with DAG(
    dag_id="lazy_module_names__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    description=f"built on Airflow {airflow_version.version}",
    tags=["lazy", airflow_version.version.split(".")[0]],
):
    produce() >> read_previous()
