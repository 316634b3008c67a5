"""Writes a file while parsed, and even hides the failure: it is still refused."""

import tempfile

from airflow import DAG

dag = DAG("writes_at_import", schedule=None)
try:
    with open(tempfile.gettempdir() + "/dagfidelity-written-at-import.txt", "w") as fh:  # <- fails here
        fh.write("parsed")
except Exception:
    pass
