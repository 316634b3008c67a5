# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""How DAGs reach the module: `if __name__ != "__main__":`, dict-only, globals().update(), no autoregister."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, dag

START = pendulum.datetime(2024, 1, 1, tz="UTC")

# Created only when the file is imported (as the DagBag does), never when run as a script.
if __name__ != "__main__":
    with DAG(dag_id="dag_registration__af3__not_main", start_date=START, schedule=None, catchup=False):
        EmptyOperator(task_id="run")

# Built without a context manager and kept only in a dict: no global name, never entered.
REGISTRY = {}
for name in ["alpha", "beta"]:
    built = DAG(dag_id=f"dag_registration__af3__dict_{name}", start_date=START, schedule=None)
    EmptyOperator(task_id="run", dag=built)
    REGISTRY[name] = built
del built

# Built without a context manager, then exported through globals().update().
EXPORTED = {}
for name in ["gamma", "delta"]:
    exported = DAG(dag_id=f"dag_registration__af3__exported_{name}", start_date=START, schedule="@daily")
    EmptyOperator(task_id="run", dag=exported)
    EXPORTED[f"exported_{name}"] = exported
globals().update(EXPORTED)
del exported

# Context manager with auto_register=False: one bound to a global, one kept only in a list.
with DAG(
    dag_id="dag_registration__af3__no_autoregister_global",
    start_date=START,
    schedule=None,
    auto_register=False,
) as no_autoregister_global:
    EmptyOperator(task_id="run")

HIDDEN = []
with DAG(
    dag_id="dag_registration__af3__no_autoregister_hidden",
    start_date=START,
    schedule=None,
    auto_register=False,
) as hidden:
    EmptyOperator(task_id="run")
HIDDEN.append(hidden)
del hidden


# A @dag-decorated function called once, its result kept only in a list.
@dag(start_date=START, schedule=None, catchup=False)
def dag_registration__af3__decorated(flavour="plain"):
    EmptyOperator(task_id="run")


DECORATED = [dag_registration__af3__decorated()]
