"""Shared settings of the team's DAGs; imported from the DAG folder, as Airflow allows."""

import datetime

OWNER = "data-platform"
START = datetime.datetime(2024, 1, 1)
DEFAULT_ARGS = {"owner": OWNER, "retries": 2, "retry_delay": datetime.timedelta(minutes=5)}
