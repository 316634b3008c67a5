# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""DAG-as-config: tasks and their dependencies built from a dict (operator kind, arguments, upstream ids)."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG


def run_step(step, **context):
    return step


TASKS = {
    "start": {"kind": "empty", "upstream": []},
    "extract_orders": {"kind": "bash", "command": "extract orders", "upstream": ["start"]},
    "extract_users": {"kind": "bash", "command": "extract users", "upstream": ["start"], "retries": 3},
    "extract_items": {"kind": "bash", "command": "extract items", "upstream": ["start"], "pool": "api"},
    "join": {"kind": "python", "upstream": ["extract_orders", "extract_users", "extract_items"]},
    "score": {"kind": "python", "upstream": ["join"], "priority_weight": 10},
    "export_csv": {"kind": "bash", "command": "export csv", "upstream": ["score"]},
    "export_parquet": {"kind": "bash", "command": "export parquet", "upstream": ["score"]},
    "notify": {"kind": "empty", "upstream": ["export_csv", "export_parquet"], "trigger_rule": "all_done"},
    "audit": {"kind": "python", "upstream": ["join", "notify"]},
}
OPTIONAL_KEYS = ("retries", "pool", "priority_weight", "trigger_rule")


def make_task(task_id, spec):
    extra = {key: spec[key] for key in OPTIONAL_KEYS if key in spec}
    if spec["kind"] == "bash":
        return BashOperator(task_id=task_id, bash_command=spec["command"] + " {{ ds }}", **extra)
    if spec["kind"] == "python":
        return PythonOperator(task_id=task_id, python_callable=run_step, op_args=[task_id], **extra)
    return EmptyOperator(task_id=task_id, **extra)


with DAG(
    dag_id="dag_as_config__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
) as dag:
    built = {task_id: make_task(task_id, spec) for task_id, spec in TASKS.items()}
    for task_id, spec in TASKS.items():
        for upstream_id in spec["upstream"]:
            built[task_id].set_upstream(built[upstream_id])

# A second config: a list of edges, wired through dag.get_task() after creation.
EDGES = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"), ("a", "e")]

with DAG(
    dag_id="dag_as_config__af3__edges",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
) as edges_dag:
    for node in sorted({n for edge in EDGES for n in edge}):
        EmptyOperator(task_id=f"node_{node}")
    for left, right in EDGES:
        edges_dag.get_task(f"node_{left}") >> edges_dag.get_task(f"node_{right}")
