"""DAGs generated from a config dict by a factory function in a loop, registered via globals()."""

import datetime

import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

CONFIG = {
    "orders": {"schedule": "@daily", "owner": "alice", "retries": 2, "tables": ["orders", "order_lines"]},
    "customers": {"schedule": "0 4 * * *", "owner": "bob", "retries": 0, "tables": ["customers"]},
    "payments": {
        "schedule": datetime.timedelta(hours=4),
        "owner": "carol",
        "retries": 1,
        "tables": ["payments"],
    },
    "inventory": {
        "schedule": None,
        "owner": "alice",
        "retries": 3,
        "tables": ["stock", "warehouses", "skus"],
    },
    "returns": {"schedule": "@weekly", "owner": "bob", "retries": 1, "tables": []},
}


def create_dag(name, cfg):
    generated = DAG(
        dag_id=f"dag_factory__af2__{name}",
        start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
        schedule=cfg["schedule"],
        catchup=False,
        tags=["factory", name],
        default_args={"owner": cfg["owner"], "retries": cfg["retries"]},
    )
    start = EmptyOperator(task_id="start", dag=generated)
    done = EmptyOperator(task_id="done", dag=generated)
    if not cfg["tables"]:
        start >> done
    for table in cfg["tables"]:
        sync = BashOperator(task_id=f"sync_{table}", bash_command=f"sync.sh {name} {table} ", dag=generated)
        start >> sync >> done
    return generated


for _name, _cfg in CONFIG.items():
    globals()[f"dag_{_name}"] = create_dag(_name, _cfg)
