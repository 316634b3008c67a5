"""Parses fine, but changes what the next file would see: the harness puts it all back."""

import os
import sys

from airflow import DAG
from airflow.operators.empty import EmptyOperator

os.chdir("/")
os.environ["DAGFIDELITY_LEAKED"] = "yes"
sys.path.insert(0, "/nonexistent-dagfidelity-path")
sys.setrecursionlimit(4321)

with DAG("changes_process_state", schedule=None) as dag:
    EmptyOperator(task_id="t")
