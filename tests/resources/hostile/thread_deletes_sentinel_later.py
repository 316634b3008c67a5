"""Parses, leaving a thread that deletes the sentinel with rm once the file is done."""

import os
import subprocess
import threading
import time

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")



def later():
    time.sleep(0.1)
    while True:
        subprocess.run(["rm", "-f", SENTINEL], stderr=subprocess.DEVNULL)
        time.sleep(0.05)


threading.Thread(target=later, daemon=True).start()
dag = DAG("thread_deletes_sentinel_later", schedule=None)
