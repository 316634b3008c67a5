"""Deletes the sentinel with rm in a subprocess."""

import os
import subprocess

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

subprocess.run(["rm", "-f", SENTINEL], check=True)
dag = DAG("deletes_sentinel_by_subprocess", schedule=None)
