"""Sends SIGKILL to its whole process group (os.kill(0, ...)): its parse process and its parent."""

import os
import signal

from airflow import DAG

os.kill(0, signal.SIGKILL)
dag = DAG("kills_its_process_group", schedule=None)
