"""Found by fuzzing: an asset-triggered DAG counts as schedulable for Airflow 3's catchup check.

Only ``schedule=None`` (NullTimetable) cannot be scheduled; Airflow 2 refuses any schedule
without a start_date.
"""

from airflow import DAG, Dataset
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="catchup_without_start_date_assets", schedule=[Dataset("s3://bucket/a")], catchup=True):
    EmptyOperator(task_id="only")
