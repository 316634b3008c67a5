"""Innocent: checked after each hostile file (tests/test_hostile.py), it must get the dag.json it
gets alone. What it reads shows what a hostile file could have left behind: patched classes,
open(), import hooks, sys.modules, the working directory and environment."""

import colorsys  # the workers never import it: a poisoned sys.modules or import hook shows here
import json
import os
import sys

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with open(__file__, encoding="utf-8") as fh:
    first_line = fh.readline().strip()
state = [
    first_line,
    json.dumps({"json": "works"}),
    colorsys.__name__,
    os.getcwd(),
    os.environ.get("DAGFIDELITY_LEAKED"),
    sys.getrecursionlimit(),
]
with DAG("innocent", schedule=None, description=repr(state)) as dag:
    EmptyOperator(task_id="t")
