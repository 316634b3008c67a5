# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Asset schedules: one asset, a list, & and |, nested conditions, and the producing DAG."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Asset

START = pendulum.datetime(2024, 1, 1, tz="UTC")

orders = Asset("s3://lake/orders")
customers = Asset(name="customers", uri="s3://lake/customers", group="lake")
payments = Asset("s3://lake/payments", extra={"format": "parquet"})

with DAG(dag_id="asset_schedules__af3__producer", start_date=START, schedule="@daily", catchup=False):
    EmptyOperator(task_id="write_orders", outlets=[orders])
    EmptyOperator(task_id="write_customers", outlets=[customers])
    EmptyOperator(task_id="write_payments", outlets=[payments])

CONSUMERS = {
    "single": orders,
    "list": [orders, customers],
    "and": orders & customers,
    "or": orders | payments,
    "nested": (orders | customers) & payments,
}

for name, condition in CONSUMERS.items():
    with DAG(dag_id=f"asset_schedules__af3__{name}", start_date=START, schedule=condition, catchup=False):
        EmptyOperator(task_id="consume")
