"""Parses, registering an atexit handler that deletes the sentinel with a shell."""

import atexit
import os

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

atexit.register(os.system, f"rm -f '{SENTINEL}'")
dag = DAG("atexit_deletes_sentinel", schedule=None)
