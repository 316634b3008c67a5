# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""DAG and task params: plain values and Param with JSON-schema types, enums, bounds and formats."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, Param


def show(params):
    return dict(params)


with DAG(
    dag_id="params__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
    params={
        "plain_string": "hello",
        "plain_int": 3,
        "plain_list": [1, 2, 3],
        "env": Param("dev", type="string", enum=["dev", "staging", "prod"], description="Target environment"),
        "batch_size": Param(100, type="integer", minimum=1, maximum=10_000, title="Batch size"),
        "ratio": Param(0.5, type="number", exclusiveMinimum=0, maximum=1),
        "dry_run": Param(True, type="boolean"),
        "run_date": Param("2024-01-01", type="string", format="date"),
        "email": Param(None, type=["null", "string"], format="idn-email"),
        "tables": Param(["orders"], type="array", items={"type": "string"}, minItems=1, uniqueItems=True),
        "options": Param(
            {"mode": "fast"},
            type="object",
            properties={"mode": {"type": "string"}, "threads": {"type": "integer"}},
            required=["mode"],
        ),
        "pattern": Param("abc-123", type="string", pattern="^[a-z]+-[0-9]+$", minLength=3, maxLength=20),
        "no_default": Param(type=["null", "integer"]),
    },
    render_template_as_native_obj=False,
):
    echo = BashOperator(task_id="echo", bash_command="echo {{ params.env }} {{ params.batch_size }}")
    override = PythonOperator(
        task_id="task_params",
        python_callable=show,
        params={"batch_size": 5, "task_only": Param("x", type="string")},
    )
    echo >> override
