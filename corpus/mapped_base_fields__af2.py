"""Mapping over an operator argument that ``partial()`` keeps apart: ``params``. Airflow merges a
partial's ``params`` with the DAG's instead of storing them as a partial argument, so
``.partial(...).expand(params=...)`` maps them (a classic operator and a provider operator, over a
literal list and over an XCom ``.map``), with DAG-level params and ``default_args`` present."""

import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator


def as_params(row):
    return {"table": row[0], "column": row[1]}


with DAG(
    "mapped_base_fields__af2",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
    params={"schema": "doc"},
    default_args={"retries": 2, "owner": "data"},
):

    @task
    def policies():
        return [["t1", "day"], ["t2", "month"]]

    echo = BashOperator.partial(
        task_id="echo_table", bash_command="echo {{ params.schema }}.{{ params.table }}"
    ).expand(params=[{"table": "a"}, {"table": "b"}])

    delete = SQLExecuteQueryOperator.partial(
        task_id="delete_partition",
        conn_id="warehouse",
        sql="DELETE FROM {{ params.table }} WHERE {{ params.column }} = 1;",
    ).expand(params=policies().map(as_params))

    echo >> delete
