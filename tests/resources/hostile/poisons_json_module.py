"""Parses, after setting sys.modules['json'] to None (later imports of json fail)."""

import sys

from airflow import DAG

dag = DAG("poisons_json_module", schedule=None)
sys.modules["json"] = None
