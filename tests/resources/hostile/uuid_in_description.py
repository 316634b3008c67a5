"""A description holding a fresh uuid4: different on every parse."""

import uuid

from airflow import DAG

dag = DAG("uuid_in_description", schedule=None, description=str(uuid.uuid4()))
