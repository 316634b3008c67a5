# dagfidelity: expect-failure >=3.2 raises=ModuleNotFoundError written in Airflow 2 style, which this Airflow 3 version refuses
"""Dataset schedules: one dataset, a list, & and |, nested, dataset-or-time, and the producing DAG."""

import pendulum
from airflow import DAG
from airflow.datasets import Dataset
from airflow.operators.empty import EmptyOperator
from airflow.timetables.datasets import DatasetOrTimeSchedule
from airflow.timetables.trigger import CronTriggerTimetable

START = pendulum.datetime(2024, 1, 1, tz="UTC")

orders = Dataset("s3://lake/orders")
customers = Dataset("s3://lake/customers")
payments = Dataset("s3://lake/payments", extra={"format": "parquet"})

with DAG(dag_id="asset_schedules__af2__producer", start_date=START, schedule="@daily", catchup=False):
    EmptyOperator(task_id="write_orders", outlets=[orders])
    EmptyOperator(task_id="write_customers", outlets=[customers])
    EmptyOperator(task_id="write_payments", outlets=[payments])

CONSUMERS = {
    "single": orders,
    "list": [orders, customers],
    "and": orders & customers,
    "or": orders | payments,
    "nested": (orders | customers) & payments,
    "or_time": DatasetOrTimeSchedule(
        timetable=CronTriggerTimetable("0 0 * * *", timezone="UTC"), datasets=[orders, customers]
    ),
}

for name, condition in CONSUMERS.items():
    with DAG(dag_id=f"asset_schedules__af2__{name}", start_date=START, schedule=condition, catchup=False):
        EmptyOperator(task_id="consume")
