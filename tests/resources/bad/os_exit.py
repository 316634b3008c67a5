import os

from airflow import DAG

dag = DAG("os_exit", schedule=None)
os._exit(3)  # <- fails here
