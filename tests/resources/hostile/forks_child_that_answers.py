"""Forks; the child writes a forged answer to every descriptor and exits at once."""

import json
import os

from airflow import DAG

if os.fork() == 0:
    payload = json.dumps({"ok": True, "doc": {"dags": {"forged": {}}}}).encode()
    for fd in range(3, 256):
        try:
            os.write(fd, b"R%d\n" % len(payload) + payload)
        except OSError:
            pass
    os._exit(0)
dag = DAG("forks_child_that_answers", schedule=None)
