# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""Jinja: templated fields, a template file, template_searchpath, user macros/filters, native rendering."""

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, task


def partition_path(table, day):
    return f"/lake/{table}/dt={day}"


def takes(value, count):
    return value


with DAG(
    dag_id="templating__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    template_searchpath=["/opt/airflow/include/scripts", "/opt/airflow/include/sql"],
    user_defined_macros={"partition_path": partition_path, "warehouse": "analytics"},
    user_defined_filters={"shout": str.upper},
    render_template_as_native_obj=True,
    jinja_environment_kwargs={"trim_blocks": True},
    params={"limit": 10},
):
    bash = BashOperator(
        task_id="bash",
        bash_command="echo {{ params.limit }} {{ partition_path('orders', ds) }} {{ warehouse | shout }}",
        env={"RUN_ID": "{{ run_id }}", "LOGICAL": "{{ data_interval_start }}"},
    )
    # a command ending in .sh is a template *file*: Airflow replaces it with the file content at parse time
    script = BashOperator(task_id="script", bash_command="templates/templating_export.sh")
    native = PythonOperator(
        task_id="native",
        python_callable=takes,
        op_args=["{{ params.limit * 2 }}"],
        op_kwargs={"count": "{{ [1, 2, 3] | length }}"},
        templates_dict={"day": "{{ ds_nodash }}", "query": "select_orders.sql"},
        templates_exts=[".sql"],
    )

    @task(templates_dict={"window": "{{ data_interval_start }}..{{ data_interval_end }}"})
    def decorated(templates_dict=None):
        return templates_dict

    bash >> script >> native >> decorated()
