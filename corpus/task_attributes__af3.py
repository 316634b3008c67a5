# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Task attributes: doc_* fields, pools, weight rules, executor_config, concurrency, retries, timeouts."""

import datetime

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, task


def alert(context):
    return None


def log_retry(context):
    return None


with DAG(
    dag_id="task_attributes__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    dagrun_timeout=datetime.timedelta(hours=3, minutes=30),
    owner_links={"ingest": "mailto:ingest@example.com", "airflow": "https://airflow.apache.org"},
    on_failure_callback=[alert, log_retry],
    default_args={
        "owner": "ingest",
        "retries": 4,
        "retry_delay": datetime.timedelta(seconds=30),
        "retry_exponential_backoff": True,
        "max_retry_delay": datetime.timedelta(minutes=20),
        "execution_timeout": datetime.timedelta(minutes=45),
        "email": ["oncall@example.com"],
        "email_on_failure": True,
        "email_on_retry": False,
    },
):
    documented = EmptyOperator(
        task_id="documented",
        doc_md="## Markdown\nExplains **why** this task exists.",
        task_display_name="Documented step",
    )
    doc_variants = [
        EmptyOperator(task_id="doc_plain", doc="Plain text documentation"),
        EmptyOperator(task_id="doc_rst", doc_rst="Title\n=====\n\n*rst* body"),
        EmptyOperator(task_id="doc_json", doc_json='{"purpose": "json doc"}'),
        EmptyOperator(task_id="doc_yaml", doc_yaml="purpose: yaml doc\nowner: ingest"),
    ]
    heavy = BashOperator(
        task_id="heavy",
        bash_command="run-heavy",
        pool="heavy_pool",
        pool_slots=4,
        priority_weight=50,
        weight_rule="absolute",
        queue="highmem",
        executor_config={"KubernetesExecutor": {"request_memory": "8Gi", "request_cpu": "2"}},
        max_active_tis_per_dag=1,
        execution_timeout=datetime.timedelta(hours=2),
        retries=0,
    )
    light = BashOperator(
        task_id="light",
        bash_command="run-light",
        priority_weight=3,
        weight_rule="upstream",
        max_active_tis_per_dagrun=2,
        retry_exponential_backoff=False,
        retry_delay=120,
        on_retry_callback=[log_retry, alert],
        depends_on_past=True,
        wait_for_downstream=True,
        run_as_user="etl",
        do_xcom_push=False,
    )
    downstream_weighted = EmptyOperator(task_id="downstream_weighted", weight_rule="downstream")

    @task(
        pool="api_pool",
        priority_weight=7,
        retries=6,
        retry_delay=datetime.timedelta(seconds=10),
        max_retry_delay=datetime.timedelta(minutes=5),
        retry_exponential_backoff=True,
        execution_timeout=datetime.timedelta(seconds=90),
        doc_md="Calls the API with backoff.",
        executor_config={"resources": {"gpu": 0}},
    )
    def call_api():
        return "ok"

    documented >> doc_variants >> heavy >> [light, downstream_weighted] >> call_api()
