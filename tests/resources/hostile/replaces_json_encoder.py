"""Parses, after breaking the json module's encoder classes and C accelerator."""

import json
import json.encoder

from airflow import DAG

json.JSONEncoder.encode = lambda self, obj: "garbage"
json.encoder.c_make_encoder = None
json.encoder.encode_basestring_ascii = lambda s: "garbage"
dag = DAG("replaces_json_encoder", schedule=None)
