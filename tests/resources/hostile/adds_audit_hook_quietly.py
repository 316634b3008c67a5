"""Parses, after adding an audit hook that refuses every later open()."""

import sys

from airflow import DAG

dag = DAG("adds_audit_hook_quietly", schedule=None)


def refuse(event, args):
    if event == "open" and str(args[0]).endswith(".py"):
        raise PermissionError("hostile audit hook")


sys.addaudithook(refuse)
