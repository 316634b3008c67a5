"""Replaces json.dumps and the JSON encoder's machinery before its DAG is serialised."""

import json
import json.encoder

from airflow import DAG

json.dumps = lambda *args, **kwargs: "not json"
json.JSONEncoder.encode = lambda self, obj: "not json either"
json.encoder.c_make_encoder = None
dag = DAG("replaces_json_dumps", schedule=None)
