"""Creates a named pipe beside the sentinel (os.mkfifo has no audit event)."""

import os

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

os.mkfifo(SENTINEL + ".fifo")
dag = DAG("makes_fifo_beside_sentinel", schedule=None)
