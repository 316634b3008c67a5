"""Starts processes that would delete the sentinel a second later: one in its process group,
one in a session of its own, one double-forked daemon. None may outlive the file."""

import os
import subprocess
import sys

from airflow import DAG

SENTINEL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentinel.txt")
LATER = "import os, sys, time; time.sleep(1); os.remove(sys.argv[1])"
subprocess.Popen([sys.executable, "-c", LATER, SENTINEL])
subprocess.Popen([sys.executable, "-c", LATER, SENTINEL], start_new_session=True)
DAEMON = "import os, subprocess, sys; os.setsid(); subprocess.Popen(sys.argv[1:]); os._exit(0)"
subprocess.run([sys.executable, "-c", DAEMON, sys.executable, "-c", LATER, SENTINEL], check=True)
dag = DAG("leaves_processes_running", schedule=None)
