"""Double-forks a daemon that writes to every descriptor and the sentinel later."""

import os
import time

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(0.3)
        for fd in range(3, 256):
            try:
                os.write(fd, b"garbage\n")
            except OSError:
                pass
        try:
            with open(SENTINEL, "w") as fh:
                fh.write("overwritten by a daemon\n")
        except BaseException:
            pass
    os._exit(0)
dag = DAG("forks_grandchild_that_writes_later", schedule=None)
