"""Writes a framed, valid-looking answer naming another DAG to every open file descriptor."""

import json
import os

from airflow import DAG

payload = json.dumps({"ok": True, "doc": {"dags": {"forged": {}}}}).encode()
for fd in range(3, 256):
    try:
        os.write(fd, b"R%d\n" % len(payload) + payload)
    except OSError:
        pass
dag = DAG("writes_forged_answer_to_every_fd", schedule=None)
