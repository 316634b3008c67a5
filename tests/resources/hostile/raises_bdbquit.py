"""Raises bdb.BdbQuit, whose name ends in neither Error nor Exception."""

import bdb

from airflow import DAG  # noqa: F401

raise bdb.BdbQuit("quit the debugger at import")
