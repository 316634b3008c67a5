import sys

from airflow import DAG

dag = DAG("sys_exit", schedule=None)
sys.exit("no configuration found")  # <- fails here
