"""A draft the team's .airflowignore hides: it does not even parse."""

from airflow import DAG

with DAG("draft_orders"
