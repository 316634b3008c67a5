"""Waits for time.time() to pass a deadline: the frozen clock never gets there."""

import time

from airflow import DAG

deadline = time.time() + 0.5
while time.time() < deadline:
    pass
dag = DAG("waits_on_time_time", schedule=None)
