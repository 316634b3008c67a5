"""Stops its parent process with the kill command, out of reach of any Python-level guard."""

import os
import subprocess

from airflow import DAG

subprocess.run(["kill", "-STOP", str(os.getppid())], check=True)
dag = DAG("signals_parent_by_command", schedule=None)
