import os
import tempfile

from airflow import DAG

dag = DAG("creates_folders_at_import", schedule=None)
os.makedirs(os.path.join(tempfile.gettempdir(), "dagfidelity-made-at-import", "cache"), exist_ok=True)  # <- fails here
