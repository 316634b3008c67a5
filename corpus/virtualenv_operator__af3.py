# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written in Airflow 3 style (the task SDK), which Airflow 2 cannot import
"""PythonVirtualenvOperator: requirements list/string/file, pip options, serializer, op_kwargs, mapped."""

import pendulum
from airflow.providers.standard.operators.python import PythonVirtualenvOperator
from airflow.sdk import DAG


def summarize(day, limit=10):
    import pandas  # noqa: F401  (installed in the virtualenv only)

    return f"{day}:{limit}"


def check_versions():
    import requests

    return requests.__version__


with DAG(
    dag_id="virtualenv_operator__af3",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
):
    pinned = PythonVirtualenvOperator(
        task_id="pinned",
        python_callable=summarize,
        requirements=["pandas==2.2.2", "pyarrow>=15,<17"],
        system_site_packages=False,
        op_kwargs={"day": "{{ ds }}", "limit": 50},
        pip_install_options=["--no-cache-dir"],
        expect_airflow=False,
    )
    from_string = PythonVirtualenvOperator(
        task_id="from_string",
        python_callable=check_versions,
        requirements="requests>=2.31\nurllib3<3",
        serializer="cloudpickle",
        index_urls=["https://pypi.org/simple"],
        skip_on_exit_code=99,
        env_vars={"TZ": "UTC"},
        inherit_env=False,
    )
    templated = PythonVirtualenvOperator(
        task_id="templated",
        python_callable=summarize,
        requirements="requirements/summarize.txt",
        op_args=["{{ ds_nodash }}"],
        templates_dict={"run": "{{ run_id }}"},
        venv_cache_path="/tmp/venvs",
    )
    mapped = PythonVirtualenvOperator.partial(
        task_id="mapped", python_callable=summarize, requirements=["pandas"]
    ).expand(op_kwargs=[{"day": "2024-01-01"}, {"day": "2024-01-02", "limit": 5}])

    pinned >> from_string >> templated >> mapped
