"""Writes garbage into every pipe it holds open, the one its answer goes back on included."""

import os
import stat

from airflow import DAG

for name in os.listdir("/proc/self/fd"):
    fd = int(name)
    try:
        if fd > 2 and stat.S_ISFIFO(os.fstat(fd).st_mode):
            os.write(fd, b"garbage\n{not json at all\n")
    except OSError:
        pass
dag = DAG("writes_to_every_pipe", schedule=None)
