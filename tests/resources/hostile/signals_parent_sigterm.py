"""Sends SIGTERM to its parent process: it must not stop the run."""

import os
import signal

from airflow import DAG

os.kill(os.getppid(), signal.SIGTERM)
dag = DAG("signals_parent_sigterm", schedule=None)
