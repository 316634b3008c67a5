"""Mentions airflow and a DAG, so Airflow parses it, but defines none."""

from airflow import DAG

DAG_DEFAULTS = {"schedule": None}
