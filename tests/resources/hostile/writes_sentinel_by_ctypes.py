"""Opens the sentinel for writing through libc (ctypes), past Python's audit hooks."""

import ctypes
import os

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

libc = ctypes.CDLL(None, use_errno=True)
fd = libc.open(SENTINEL.encode(), os.O_WRONLY | os.O_TRUNC)
if fd < 0:
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
libc.write(fd, b"overwritten through libc\n", 25)
dag = DAG("writes_sentinel_by_ctypes", schedule=None)
