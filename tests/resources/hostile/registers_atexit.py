"""Registers an atexit handler that would delete the sentinel when the process exits, then fails."""

import atexit
import os

from airflow import DAG  # noqa: F401

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")
atexit.register(os.remove, SENTINEL)
raise RuntimeError("hostile: atexit handler registered")  # <- fails here
