"""Deletes the sentinel through libc's unlink (ctypes)."""

import ctypes
import os

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

libc = ctypes.CDLL(None, use_errno=True)
if libc.unlink(SENTINEL.encode()) != 0:
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
dag = DAG("unlinks_sentinel_by_ctypes", schedule=None)
