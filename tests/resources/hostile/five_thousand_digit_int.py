"""A template macro holding a 5,000-digit int (past Python's int-to-str limit)."""

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("five_thousand_digit_int", schedule=None, user_defined_macros={"big": 10**5000}) as dag:
    EmptyOperator(task_id="t")
