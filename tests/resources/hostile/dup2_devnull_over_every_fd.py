"""Points every file descriptor above stderr at /dev/null, the answer pipe among them."""

import os

from airflow import DAG

dag = DAG("dup2_devnull_over_every_fd", schedule=None)
null = os.open(os.devnull, os.O_WRONLY)
for fd in range(3, 1024):
    if fd != null:
        try:
            os.dup2(null, fd)
        except OSError:
            pass
