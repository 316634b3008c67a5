"""common-sql SQLExecuteQueryOperator, a provider operator captured generically (style-neutral)."""

import pendulum
from airflow import DAG
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

with DAG(
    dag_id="common_sql_provider",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    tags=["sql", "provider"],
):
    create = SQLExecuteQueryOperator(
        task_id="create",
        conn_id="warehouse",
        sql="CREATE TABLE IF NOT EXISTS daily_orders (day DATE, total NUMERIC)",
    )
    load = SQLExecuteQueryOperator(
        task_id="load",
        conn_id="warehouse",
        sql=[
            "DELETE FROM daily_orders WHERE day = '{{ ds }}'",
            "INSERT INTO daily_orders SELECT day, SUM(amount) FROM orders WHERE day = %(day)s GROUP BY day",
        ],
        parameters={"day": "{{ ds }}"},
        autocommit=True,
        split_statements=False,
        return_last=True,
    )
    check = SQLExecuteQueryOperator(
        task_id="check",
        conn_id="warehouse",
        database="analytics",
        sql="SELECT COUNT(*) FROM daily_orders WHERE day = '{{ ds }}'",
        show_return_value_in_logs=True,
        hook_params={"schema": "public"},
    )
    create >> load >> check
