"""Parses, after replacing os.write with one that writes nothing."""

import os

from airflow import DAG

os.write = lambda fd, data: len(data)
dag = DAG("replaces_os_write", schedule=None)
