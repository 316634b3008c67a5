"""Starts a thread that keeps trying to overwrite the sentinel once the harness stops watching."""

import os
import threading
import time

from airflow import DAG  # noqa: F401

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")


def overwrite():
    time.sleep(0.2)  # once the file has failed, and the harness stopped watching
    while True:
        try:
            with open(SENTINEL, "w") as fh:
                fh.write("overwritten by a hostile thread\n")
            return
        except BaseException:  # refused while the file is watched: try again later
            time.sleep(0.01)


threading.Thread(target=overwrite, daemon=True).start()
raise RuntimeError("hostile: a writing thread started")  # <- fails here
