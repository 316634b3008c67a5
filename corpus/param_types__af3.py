# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Param schemas: enum with values_display, arrays, nested objects, nullable, formats, const, examples."""

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Param, task

with DAG(
    dag_id="param_types__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
    params={
        "region": Param(
            "eu-west-1",
            type="string",
            enum=["eu-west-1", "us-east-1", "ap-south-1"],
            values_display={"eu-west-1": "Ireland", "us-east-1": "Virginia", "ap-south-1": "Mumbai"},
            section="Target",
        ),
        "level": Param(2, enum=[1, 2, 3], description="Integer enum without a type"),
        "tags": Param(["a", "b"], type="array", examples=["a", "b", "c", "d"], section="Target"),
        "numbers": Param([1, 2], type="array", items={"type": "integer", "minimum": 0}, maxItems=5),
        "matrix": Param([[0, 1], [1, 0]], type="array", items={"type": "array", "items": {"type": "number"}}),
        "config": Param(
            {"name": "job", "limits": {"cpu": 2, "memory": "4Gi"}, "labels": ["x"]},
            type="object",
            properties={
                "name": {"type": "string", "minLength": 1},
                "limits": {
                    "type": "object",
                    "properties": {"cpu": {"type": "integer"}, "memory": {"type": "string"}},
                    "additionalProperties": False,
                },
                "labels": {"type": "array", "items": {"type": "string"}},
            },
            required=["name"],
        ),
        "free_form": Param({}, type="object", description_md="Any **JSON** object"),
        "nullable_int": Param(None, type=["null", "integer"]),
        "nullable_enum": Param(None, type=["null", "string"], enum=[None, "low", "high"]),
        "day": Param("2024-01-31", type="string", format="date"),
        "moment": Param("2024-01-31T10:00:00+00:00", type="string", format="date-time"),
        "clock": Param("10:30:00", type="string", format="time"),
        "api_version": Param("v2", const="v2"),
        "multiline": Param("line one\nline two", type="string", format="multiline"),
        "one_of": Param(5, oneOf=[{"type": "integer", "multipleOf": 5}, {"type": "string"}]),
        "any_value": Param(3.5),
        "secret_like": Param("***", type="string", title="Token", description="Never logged"),
    },
):

    @task(params={"level": Param(3, enum=[1, 2, 3]), "task_flag": Param(False, type="boolean")})
    def use_params(params=None):
        return params

    use_params() >> EmptyOperator(task_id="done", params={"region": "us-east-1"})
