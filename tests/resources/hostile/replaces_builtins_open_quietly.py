"""Parses, after replacing builtins.open with one that returns poisoned text."""

import builtins
import io

from airflow import DAG

builtins.open = lambda *args, **kwargs: io.StringIO("poisoned by a hostile file\n")
dag = DAG("replaces_builtins_open_quietly", schedule=None)
