"""Parses, ignoring whether os.system managed to empty the sentinel."""

import os

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

os.system(f": > '{SENTINEL}' 2>/dev/null")
dag = DAG("truncates_sentinel_by_os_system", schedule=None)
