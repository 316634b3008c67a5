# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""@task, multiple_outputs; XComArgs (and .output) positional, keyword, nested, indexed."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import dag, task


def legacy_lookup():
    return {"region": "eu", "limit": 5}


@dag(start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, catchup=False)
def taskflow_xcomargs__af3():
    @task
    def extract():
        return [1, 2, 3]

    @task(multiple_outputs=True)
    def stats(values):
        return {"count": len(values), "total": sum(values)}

    @task
    def inferred() -> dict[str, int]:
        # multiple_outputs inferred from the dict return annotation
        return {"a": 1, "b": 2}

    @task
    def combine(first, second, *, scale, bundle, mapping):
        return [first, second, scale, bundle, mapping]

    values = extract()
    summary = stats(values)
    parts = inferred()
    result = combine(
        values,  # positional
        summary["count"],  # indexed, positional
        scale=parts["a"],  # indexed, keyword
        bundle=[values, summary["total"], 10],  # nested in a list
        mapping={"extra": parts, "inner": {"b": parts["b"]}},  # nested in dicts
    )

    # XComArg inside a classic operator's templated argument (creates the edge by itself)
    report = BashOperator(task_id="report", bash_command="echo $TOTAL", env={"TOTAL": summary["total"]})
    result >> report

    # a classic operator's .output is an XComArg too, also indexable
    legacy = PythonOperator(task_id="legacy_lookup", python_callable=legacy_lookup)
    combine.override(task_id="combine_legacy")(
        legacy.output, legacy.output["limit"], scale=1, bundle=[], mapping={}
    )


taskflow_xcomargs__af3()
