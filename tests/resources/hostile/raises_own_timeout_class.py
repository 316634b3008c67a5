"""Raises an exception class of its own that happens to be called Timeout."""

from airflow import DAG  # noqa: F401


class Timeout(Exception):
    pass


raise Timeout("the file's own Timeout, not the harness's time limit")
