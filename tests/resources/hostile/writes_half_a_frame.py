"""Writes the start of a frame that announces more than ever follows to every descriptor."""

import os

from airflow import DAG

for fd in range(3, 256):
    try:
        os.write(fd, b"R99999\n{")
    except OSError:
        pass
dag = DAG("writes_half_a_frame", schedule=None)
