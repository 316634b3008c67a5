# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""DAG arguments: datetime/pendulum start and end dates, catchup, tags, description, doc_md, limits."""

import datetime

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

DOC = """
# Finance close

Runs the **daily close**. Owner: finance-data.
"""

with DAG(
    dag_id="dag_arguments__af3__pendulum",
    description="Daily finance close",
    doc_md=DOC,
    start_date=pendulum.datetime(2024, 1, 1, 6, 30, tz="Europe/Berlin"),
    end_date=pendulum.datetime(2025, 12, 31, tz="Europe/Berlin"),
    schedule="30 6 * * *",
    catchup=True,
    tags=["finance", "daily", "finance"],
    max_active_runs=3,
    max_active_tasks=8,
    dagrun_timeout=datetime.timedelta(hours=2),
    is_paused_upon_creation=False,
    owner_links={"finance-data": "https://example.com/teams/finance"},
    default_args={"owner": "finance-data"},
):
    EmptyOperator(task_id="close") >> EmptyOperator(task_id="publish")

with DAG(
    dag_id="dag_arguments__af3__naive_datetime",
    description="Naive datetimes take the default timezone",
    start_date=datetime.datetime(2024, 2, 29, 12, 0),
    end_date=datetime.datetime(2024, 12, 31),
    schedule="@daily",
    catchup=False,
    tags=[],
    max_active_runs=1,
    dagrun_timeout=datetime.timedelta(minutes=45),
    is_paused_upon_creation=True,
):
    EmptyOperator(task_id="run")

with DAG(
    dag_id="dag_arguments__af3__aware_datetime",
    start_date=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))),
    schedule=datetime.timedelta(days=1),
    tags=["Mixed Case", "with space"],
    max_active_tasks=1,
):
    EmptyOperator(
        task_id="run", start_date=datetime.datetime(2024, 6, 1), end_date=datetime.datetime(2024, 7, 1)
    )
