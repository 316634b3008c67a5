"""Creates a symlink beside the sentinel with ln."""

import os
import subprocess

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

subprocess.run(["ln", "-s", SENTINEL, SENTINEL + ".link"], check=True)
dag = DAG("symlinks_beside_sentinel_by_command", schedule=None)
