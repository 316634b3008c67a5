"""Ignored by the top-level .airflowignore: it would fail if parsed."""

from airflow import DAG

raise RuntimeError("scratch files are never parsed")
DAG
