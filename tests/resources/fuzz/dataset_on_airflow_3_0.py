"""Found by fuzzing: ``from airflow import Dataset`` on Airflow 3.0 is the SDK's Dataset.

There it is an Asset whose group defaults to "dataset" (name and uri default to each
other); 3.1+ export Asset itself under that name, 2.x a URI-only Dataset.
"""

import pendulum
from airflow import DAG, Dataset
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="dataset_on_airflow_3_0", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=Dataset("s3://bucket/a")):
    EmptyOperator(task_id="only", outlets=[Dataset("s3://bucket/b")])
