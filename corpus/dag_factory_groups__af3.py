# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""A factory function called in a loop; each DAG gets nested task groups built from its config."""

import datetime

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, TaskGroup, task

PIPELINES = [
    {"name": "sales", "schedule": "0 2 * * *", "sources": {"crm": ["accounts", "deals"], "shop": ["orders"]}},
    {"name": "marketing", "schedule": "@daily", "sources": {"ads": ["campaigns", "clicks", "spend"]}},
    {"name": "finance", "schedule": None, "sources": {"erp": ["ledger"], "bank": ["statements"], "fx": []}},
]


def build_dag(pipeline):
    name = pipeline["name"]
    dag = DAG(
        dag_id=f"dag_factory_groups__af3__{name}",
        start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
        schedule=pipeline["schedule"],
        catchup=False,
        tags=["factory", name],
        default_args={"owner": name, "retries": 1, "retry_delay": datetime.timedelta(minutes=5)},
    )
    with dag:
        start = EmptyOperator(task_id="start")
        end = EmptyOperator(task_id="end", trigger_rule="none_failed")
        for source, tables in pipeline["sources"].items():
            with TaskGroup(group_id=source, tooltip=f"{name} from {source}") as source_group:
                if not tables:
                    EmptyOperator(task_id="nothing_to_do")
                for table in tables:
                    with TaskGroup(group_id=table):
                        extract = BashOperator(task_id="extract", bash_command=f"extract {source} {table}")
                        load = BashOperator(task_id="load", bash_command=f"load {table} {{{{ ds }}}}")
                        extract >> load

                @task(task_id="validate")
                def validate(src):
                    return src

                validate(source)
            start >> source_group >> end
    return dag


for pipeline in PIPELINES:
    globals()[f"dag_{pipeline['name']}"] = build_dag(pipeline)
