"""Adds an audit hook (it cannot be removed) that breaks later imports of colorsys, then fails."""

import sys

from airflow import DAG  # noqa: F401


def hook(event, args):
    if event == "import" and args and args[0] == "colorsys":
        raise ImportError("hostile audit hook refuses colorsys")


sys.addaudithook(hook)
raise RuntimeError("hostile: audit hook added")  # <- fails here
