"""Top-level code that reads the clock: both backends parse at the same frozen instant."""

import datetime

from airflow import DAG

try:
    from airflow.providers.standard.operators.empty import EmptyOperator
except ImportError:
    from airflow.operators.empty import EmptyOperator

NOW = datetime.datetime.now(datetime.timezone.utc)

with DAG("reads_the_clock", start_date=NOW - datetime.timedelta(days=3), schedule="@daily",
         description=f"built at {NOW.isoformat()}"):
    EmptyOperator(task_id=f"made_{NOW:%Y%m%d}")
