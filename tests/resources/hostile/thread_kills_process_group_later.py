"""Parses, leaving a thread that SIGKILLs its process group (and its parent) later."""

import os
import signal
import threading
import time

from airflow import DAG


def later():
    time.sleep(0.2)
    os.kill(os.getppid(), signal.SIGKILL)
    os.killpg(0, signal.SIGKILL)


threading.Thread(target=later, daemon=True).start()
dag = DAG("thread_kills_process_group_later", schedule=None)
