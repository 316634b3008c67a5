"""Forks, and both processes carry on parsing: two would answer for one file."""

import os

from airflow import DAG

os.fork()  # <- fails here
dag = DAG("forks_and_returns", schedule=None)
