"""SQLExecuteQueryOperator: dict/list parameters, split_statements, return_last, mapped (style-neutral)."""

import pendulum
from airflow import DAG
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

MULTI_STATEMENT = """
DELETE FROM staging.events WHERE day = %(day)s;
INSERT INTO staging.events SELECT * FROM raw.events WHERE day = %(day)s;
ANALYZE staging.events;
"""

with DAG(
    dag_id="sql_statements",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="0 4 * * *",
    catchup=False,
    default_args={"conn_id": "warehouse"},
):
    split = SQLExecuteQueryOperator(
        task_id="split",
        sql=MULTI_STATEMENT,
        parameters={"day": "{{ ds }}"},
        split_statements=True,
        autocommit=False,
        return_last=False,
    )
    positional = SQLExecuteQueryOperator(
        task_id="positional",
        sql="SELECT * FROM orders WHERE day BETWEEN %s AND %s AND status = %s",
        parameters=["{{ data_interval_start | ds }}", "{{ data_interval_end | ds }}", "paid"],
    )
    one_row = SQLExecuteQueryOperator(
        task_id="one_row",
        conn_id="reporting",
        sql="SELECT MAX(updated_at) FROM {{ params.table }}",
        params={"table": "orders"},
        do_xcom_push=True,
        show_return_value_in_logs=True,
    )
    no_results = SQLExecuteQueryOperator(
        task_id="no_results",
        sql=["TRUNCATE tmp.a", "TRUNCATE tmp.b"],
        do_xcom_push=False,
        split_statements=False,
    )
    mapped = SQLExecuteQueryOperator.partial(task_id="mapped", parameters={"day": "{{ ds }}"}).expand(
        sql=[
            "DELETE FROM mart.daily WHERE day = %(day)s",
            "DELETE FROM mart.weekly WHERE week = date_trunc('week', %(day)s::date)",
        ]
    )

    split >> [positional, one_row] >> no_results >> mapped
