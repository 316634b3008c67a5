"""Writes a forged protocol line to file descriptor 1 and sys.stdout: it must land on stderr."""

import os
import sys

from airflow import DAG

os.write(1, b'{"id": null, "response": {"ok": false, "error": {"type": "Forged", "message": "x"}}}\n')
sys.stdout.write('{"ok": true, "doc": {"dags": {}}}\n')
sys.stdout.flush()
dag = DAG("writes_garbage_to_stdout", schedule=None)
