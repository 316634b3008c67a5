"""A DAG whose id is '..' (valid: dots are allowed)."""

from airflow import DAG

dag = DAG("..", schedule=None)
