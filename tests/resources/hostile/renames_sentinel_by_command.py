"""Moves the sentinel away with mv."""

import os
import subprocess

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

subprocess.run(["mv", SENTINEL, SENTINEL + ".moved"], check=True)
dag = DAG("renames_sentinel_by_command", schedule=None)
