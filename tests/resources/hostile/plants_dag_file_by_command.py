"""Writes a new DAG file into its own DAG folder with a shell, for the next scan to find."""

import os
import subprocess

from airflow import DAG

planted = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zz_planted_by_hostile.py")
subprocess.run(["sh", "-c", f"echo 'from airflow import DAG' > '{planted}'"], check=True)
dag = DAG("plants_dag_file_by_command", schedule=None)
