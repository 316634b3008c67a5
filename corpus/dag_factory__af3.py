# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""24 DAGs generated from a config dict by a factory function, registered via globals()."""

import datetime

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

SCHEDULES = ["@daily", "@hourly", "0 3 * * *", None, datetime.timedelta(hours=6), "@weekly"]
OWNERS = ["alice", "bob", "carol"]

# One entry per source system; each becomes its own DAG.
CONFIG = {
    f"source_{i:02d}": {
        "schedule": SCHEDULES[i % len(SCHEDULES)],
        "owner": OWNERS[i % len(OWNERS)],
        "retries": i % 4,
        "tables": [f"table_{j}" for j in range(1 + i % 3)],
        "tags": ["factory", f"tier-{i % 3}"],
    }
    for i in range(24)
}


def create_dag(name, cfg):
    with DAG(
        dag_id=f"dag_factory__af3__{name}",
        start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
        schedule=cfg["schedule"],
        catchup=False,
        tags=cfg["tags"],
        default_args={"owner": cfg["owner"], "retries": cfg["retries"]},
    ) as generated:
        start = EmptyOperator(task_id="start")
        done = EmptyOperator(task_id="done")
        for table in cfg["tables"]:
            sync = BashOperator(task_id=f"sync_{table}", bash_command=f"sync.sh {name} {table} ")
            start >> sync >> done
    return generated


for _name, _cfg in CONFIG.items():
    globals()[f"dag_{_name}"] = create_dag(_name, _cfg)
