"""Raises a BaseException subclass of its own."""

from airflow import DAG  # noqa: F401


class StopParsing(BaseException):
    pass


raise StopParsing("a BaseException of the file's own")
