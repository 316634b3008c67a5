"""Closes every file descriptor above stderr, the answer pipe among them."""

import os

from airflow import DAG

dag = DAG("closes_every_fd", schedule=None)
os.closerange(3, 65536)
