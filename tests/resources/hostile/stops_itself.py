"""Stops its own parse process with SIGSTOP: it must not hang the run."""

import os
import signal

from airflow import DAG

os.kill(os.getpid(), signal.SIGSTOP)
dag = DAG("stops_itself", schedule=None)
