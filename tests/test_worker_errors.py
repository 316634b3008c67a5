"""worker/errors: where a failure comes from, by the exception's type and origin, never its words."""

from __future__ import annotations

import sqlite3

import pytest

from pytest_dagfidelity.worker import guard
from pytest_dagfidelity.worker.errors import classify, from_exception, from_import_error


def raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (ModuleNotFoundError("No module named 'pandas'", name="pandas"), ("environment", "missing_module")),
        (
            ModuleNotFoundError(
                "No module named 'airflow.providers.nope'", name="airflow.providers.nope.hooks"
            ),
            ("environment", "missing_provider"),
        ),
        # A module Airflow itself lacks: the file is written for another Airflow version.
        (ModuleNotFoundError("No module named 'airflow.sdk'", name="airflow.sdk"), ("dag", "airflow_api")),
        (
            ImportError("cannot import name 'X' from 'airflow.models'", name="airflow.models"),
            ("dag", "airflow_api"),
        ),
        (sqlite3.OperationalError("no such table: variable"), ("environment", "database")),
        (ConnectionRefusedError("[Errno 111] Connection refused"), ("environment", "network")),
        # Words are not causes: Airflow's asset-URI validation mentions a database.
        (ValueError("URI must contain database, schema, and table names"), ("dag", None)),
        (RuntimeError("could not connect to the database"), ("dag", None)),
        (guard.ParseTimeout("over the limit"), ("harness", "timeout")),
        (MemoryError(), ("harness", "memory")),
    ],
)
def test_origin_comes_from_type_and_origin(exc: BaseException, expected: tuple[str, str | None]) -> None:
    assert classify(raised(exc)) == expected


def test_a_dags_own_exception_class_named_timeout_is_the_dags() -> None:
    class Timeout(Exception):
        pass

    record = from_exception(raised(Timeout("mine")), "/dags/x.py")
    assert record["type"] == "Timeout" and record["origin"] == "dag"
    assert record["qualname"].endswith("Timeout")


def test_airflow_validation_text_keeps_any_type_name() -> None:
    record = from_import_error("BdbQuit: stopped\n", "/dags/x.py")
    assert record["type"] == "BdbQuit" and record["message"] == "stopped" and record["origin"] == "dag"
    traceback_text = (
        'Traceback (most recent call last):\n  File "/dags/x.py", line 7, in <module>\n    boom()\n'
        "airflow.exceptions.AirflowDagCycleException: Cycle detected in DAG: x\n"
    )
    record = from_import_error(traceback_text, "/dags/x.py")
    assert record["type"] == "AirflowDagCycleException" and record["line"] == 7
    assert record["qualname"] == "airflow.exceptions.AirflowDagCycleException"
