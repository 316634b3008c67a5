# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""@dag with render_template_as_native_obj, macro functions and filters, StrictUndefined, nested templates."""

import jinja2
import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import dag, task


def date_range(start, days):
    return [f"{start}+{i}" for i in range(days)]


def table_config(name):
    return {"name": name, "partitions": 4, "columns": ["id", "value"]}


def consume(values, config, **context):
    return values, config


@dag(
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@weekly",
    catchup=False,
    render_template_as_native_obj=True,
    user_defined_macros={
        "date_range": date_range,
        "table_config": table_config,
        "env": {"name": "prod", "buckets": ["raw", "clean"]},
        "max_days": 7,
    },
    user_defined_filters={"double": lambda x: x * 2, "prefixed": lambda s, p="x_": f"{p}{s}"},
    template_undefined=jinja2.StrictUndefined,
    jinja_environment_kwargs={"lstrip_blocks": True, "keep_trailing_newline": True},
    params={"days": 3},
)
def native_macros__af3():
    native_values = PythonOperator(
        task_id="native_values",
        python_callable=consume,
        op_kwargs={
            "values": "{{ date_range(ds, params.days) }}",
            "config": "{{ table_config('orders') }}",
        },
    )
    filters = BashOperator(
        task_id="filters",
        bash_command="echo {{ max_days | double }} {{ 'orders' | prefixed('stg_') }} {{ env.buckets[0] }}",
    )
    builtin_macros = BashOperator(
        task_id="builtin_macros",
        bash_command=(
            "echo {{ macros.ds_add(ds, -7) }} {{ macros.ds_format(ds, '%Y-%m-%d', '%d/%m/%Y') }} "
            "{% for b in env.buckets %}{{ b }} {% endfor %}"
        ),
    )

    @task
    def typed(values, n):
        return values, n

    native_values >> filters >> builtin_macros >> typed("{{ date_range(ds, 2) }}", "{{ max_days * 2 }}")


native_macros__af3()
