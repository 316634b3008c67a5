"""Freezes the worker that forked its parse process with SIGSTOP."""

import os
import signal

from airflow import DAG


def parent_of(pid):
    with open(f"/proc/{pid}/stat") as fh:
        return int(fh.read().rsplit(")", 1)[1].split()[1])


os.kill(parent_of(os.getppid()), signal.SIGSTOP)
dag = DAG("signals_worker_sigstop", schedule=None)
