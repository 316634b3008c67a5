"""DAG files the shim must fail (or refuse), and parse-time side effects it must not have.

Where the shim claims fidelity (error types of real DAG construction errors), each
expected type was confirmed by compiling the same source with real Apache Airflow
3.3.2 and 2.11.2. ``ShimUnsupported`` is the shim's own refusal, not a real-Airflow
error: those tests pin the shim's contract (fail loudly, name the construct, say how
to fix it).
"""

from __future__ import annotations

import textwrap

import pytest

VERSIONS = ("3.3", "2.11")
both = pytest.mark.parametrize("version", VERSIONS)

HEADER = {
    "3.3": """\
import pendulum
from airflow.sdk import DAG, TaskGroup, chain, task
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.python import PythonOperator
START = pendulum.datetime(2024, 1, 1, tz="UTC")
""",
    "2.11": """\
import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.models.baseoperator import chain
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator
from airflow.utils.task_group import TaskGroup
START = pendulum.datetime(2024, 1, 1, tz="UTC")
""",
}


def source(version: str, body: str) -> str:
    return HEADER[version] + textwrap.dedent(body)


def failure(compile_source, text: str, version: str) -> dict:
    result = compile_source(text, version)
    assert not result.ok, result.doc
    assert result.error is not None
    return result.error


# --------------------------------------------------------------------------------------
# Refusals: names and modules the shim does not model
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "module"),
    [("3.3", "airflow.sdk"), ("2.11", "airflow.decorators")],
)
def test_unknown_name_from_known_module_is_refused(compile_source, version, module):
    error = failure(compile_source, f"from {module} import NotAThing\n", version)
    assert error["type"] == "ShimUnsupported"
    assert f"{module}.NotAThing" in error["message"]
    assert "Fix:" in error["message"]
    assert error["line"] == 1


@both
def test_unknown_airflow_module_is_refused(compile_source, version):
    error = failure(compile_source, "import os\nfrom airflow.utils.nonexistent import x\n", version)
    assert error["type"] == "ShimUnsupported"
    assert "airflow.utils.nonexistent" in error["message"]
    assert "Fix:" in error["message"]
    assert error["line"] == 2


@both
def test_provider_hook_import_is_refused(compile_source, version):
    error = failure(compile_source, "from airflow.providers.http.hooks.http import HttpHook\n", version)
    assert error["type"] == "ShimUnsupported"
    assert "airflow.providers.http.hooks.http" in error["message"]
    assert "Fix:" in error["message"]


@both
def test_refusal_inside_try_except_exception_still_fails_the_file(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        try:
            from airflow.utils.nonexistent import helper
        except Exception:
            helper = None

        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert error["type"] == "ShimUnsupported"
    assert "airflow.utils.nonexistent" in error["message"]


@both
def test_refusal_swallowed_by_except_base_exception_still_fails_the_file(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        try:
            from airflow.utils.nonexistent import helper
        except BaseException:
            helper = None

        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert error["type"] == "ShimUnsupported"


# --------------------------------------------------------------------------------------
# Import errors real Airflow raises
# --------------------------------------------------------------------------------------


def test_import_airflow_sdk_on_2_11_is_module_not_found(compile_source):
    error = failure(compile_source, "import pendulum\nimport airflow.sdk\n", "2.11")
    assert error["type"] == "ModuleNotFoundError"
    assert error["message"] == "No module named 'airflow.sdk'"
    assert error["line"] == 2


def test_from_airflow_sdk_import_on_2_11_is_module_not_found(compile_source):
    error = failure(compile_source, "from airflow.sdk import DAG\n", "2.11")
    assert error["type"] == "ModuleNotFoundError"
    assert error["message"] == "No module named 'airflow.sdk'"


@both
def test_airflow_sdk_fallback_idiom_compiles(compile_source, version):
    result = compile_source(
        """
        import pendulum
        try:
            from airflow.sdk import DAG
        except ImportError:
            from airflow import DAG

        with DAG("d", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
            pass
    """,
        version,
    )
    assert result.ok, result.error
    assert list(result.doc["dags"]) == ["d"]


# --------------------------------------------------------------------------------------
# DAG construction errors (types confirmed with real Airflow 3.3 and 2.11)
# --------------------------------------------------------------------------------------


@both
def test_duplicate_task_id(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="a")
            EmptyOperator(task_id="a")
    """,
        ),
        version,
    )
    assert error["type"] == "DuplicateTaskIdFound"


@both
def test_duplicate_task_id_inside_task_group(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("g"):
                EmptyOperator(task_id="a")
                EmptyOperator(task_id="a")
    """,
        ),
        version,
    )
    assert error["type"] == "DuplicateTaskIdFound"


@both
def test_duplicate_task_group_id(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("g"):
                EmptyOperator(task_id="a")
            with TaskGroup("g"):
                EmptyOperator(task_id="b")
    """,
        ),
        version,
    )
    assert error["type"] == "DuplicateTaskIdFound"


@both
def test_cycle(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            a = EmptyOperator(task_id="a")
            b = EmptyOperator(task_id="b")
            c = EmptyOperator(task_id="c")
            a >> b >> c >> a
    """,
        ),
        version,
    )
    assert error["type"] == "AirflowDagCycleException"


@both
def test_cycle_through_xcomarg(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def one():
                return 1

            @task
            def two(x):
                return x

            first = one()
            second = two(first)
            second >> first
    """,
        ),
        version,
    )
    assert error["type"] == "AirflowDagCycleException"


@both
def test_list_rshift_list_is_type_error(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            a, b, c, d = [EmptyOperator(task_id=n) for n in "abcd"]
            [a, b] >> [c, d]
    """,
        ),
        version,
    )
    assert error["type"] == "TypeError"


@both
def test_chain_with_different_length_lists_fails(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            a, b, c = [EmptyOperator(task_id=n) for n in "abc"]
            chain([a, b], [c])
    """,
        ),
        version,
    )
    assert error["type"] == "AirflowException"


# --------------------------------------------------------------------------------------
# Task bodies never run at parse time
# --------------------------------------------------------------------------------------


@both
def test_taskflow_body_is_not_executed(compile_source, tmp_path, version):
    marker = tmp_path / "taskflow_ran.txt"
    result = compile_source(
        source(
            version,
            f"""
        with DAG("d", start_date=START, schedule=None):
            @task
            def write():
                open({str(marker)!r}, "w").write("ran")

            write()
    """,
        ),
        version,
    )
    assert result.ok, result.error
    assert not marker.exists()


@both
def test_python_callable_is_not_executed(compile_source, tmp_path, version):
    marker = tmp_path / "callable_ran.txt"
    result = compile_source(
        source(
            version,
            f"""
        def write():
            open({str(marker)!r}, "w").write("ran")


        with DAG("d", start_date=START, schedule=None):
            PythonOperator(task_id="write", python_callable=write)
    """,
        ),
        version,
    )
    assert result.ok, result.error
    assert not marker.exists()


@both
def test_mapped_taskflow_body_is_not_executed(compile_source, tmp_path, version):
    marker = tmp_path / "mapped_ran.txt"
    result = compile_source(
        source(
            version,
            f"""
        with DAG("d", start_date=START, schedule=None):
            @task
            def write(x):
                open({str(marker)!r}, "w").write(str(x))

            write.expand(x=[1, 2])
    """,
        ),
        version,
    )
    assert result.ok, result.error
    assert not marker.exists()
