"""Sends SIGKILL to its parent process: it must not stop the run."""

import os
import signal

from airflow import DAG

os.kill(os.getppid(), signal.SIGKILL)
dag = DAG("signals_parent_sigkill", schedule=None)
