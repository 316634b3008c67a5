"""Opens the sentinel read-only, then again for writing through /proc/self/fd (libc)."""

import ctypes
import os

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

readonly = os.open(SENTINEL, os.O_RDONLY)
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.open(f"/proc/self/fd/{readonly}".encode(), os.O_WRONLY | os.O_TRUNC)
if fd < 0:
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
dag = DAG("writes_through_proc_fd", schedule=None)
