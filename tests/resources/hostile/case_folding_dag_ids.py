"""Two DAGs whose ids differ only in case (one file on a case-insensitive file system)."""

from airflow import DAG

upper = DAG("Daily_Report", schedule=None)
lower = DAG("daily_report", schedule=None)
