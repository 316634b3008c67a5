"""A valid dag_id of 250 characters, longer than a file name may be."""

from airflow import DAG

dag = DAG("x" * 250, schedule=None)
