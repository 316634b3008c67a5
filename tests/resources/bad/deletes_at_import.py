import os
import tempfile

from airflow import DAG

dag = DAG("deletes_at_import", schedule=None)
os.remove(os.path.join(tempfile.gettempdir(), "dagfidelity-no-such-file"))  # <- fails here
