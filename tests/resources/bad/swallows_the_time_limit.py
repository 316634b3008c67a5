"""Catches everything, the time limit's interruption included: the worker must be killed."""

import time

from airflow import DAG

dag = DAG("swallows_the_time_limit", schedule=None)
while True:
    try:
        time.sleep(60)  # <- fails here
    except BaseException:
        pass
