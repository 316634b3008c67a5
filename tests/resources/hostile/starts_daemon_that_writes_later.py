"""Parses, leaving a new-session process that keeps trying to overwrite the sentinel."""

import os
import subprocess
import sys

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")

script = (
    "import sys, time\n"
    "while True:\n"
    "    time.sleep(0.05)\n"
    "    try:\n"
    "        open(sys.argv[1], 'w').write('overwritten by a daemon')\n"
    "    except OSError:\n"
    "        pass\n"
)
subprocess.Popen([sys.executable, "-c", script, SENTINEL], start_new_session=True)
dag = DAG("starts_daemon_that_writes_later", schedule=None)
