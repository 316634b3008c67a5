"""The SDK DAG's dates (Airflow 3): start_date comes from default_args only when it is not passed
at all (an attrs factory), so an explicit ``start_date=None`` stays None (dag-factory passes it);
end_date never comes from default_args. Confirmed with real Airflow 3.0.6 and 3.3.2 (``dagfidelity
check`` on this source matches) and in the source of 3.0 to 3.3 (``sdk/definitions/dag.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SOURCE = """
import datetime
from airflow.sdk import DAG
from airflow.providers.standard.operators.empty import EmptyOperator

UTC = datetime.timezone.utc
START, END = datetime.datetime(2024, 1, 1, tzinfo=UTC), datetime.datetime(2025, 1, 1, tzinfo=UTC)
ARGS = {{"start_date": START, "end_date": END}}
with DAG("dates", default_args=ARGS, schedule="@daily"{extra}):
    EmptyOperator(task_id="a")
"""


@pytest.mark.parametrize("version", ["3.0", "3.3"])
@pytest.mark.parametrize(
    ("extra", "start"),
    [("", {"$datetime": "2024-01-01T00:00:00+00:00"}), (", start_date=None", None)],
    ids=["omitted", "explicit-none"],
)
def test_start_date_from_default_args_only_when_not_passed(
    compile_dag: Callable[..., dict[str, Any]], version: str, extra: str, start: Any
) -> None:
    dag = compile_dag(SOURCE.format(extra=extra), version)
    assert dag["start_date"] == start
    assert dag["end_date"] is None  # never from default_args on 3.x
    assert dag["default_args"]["end_date"] == {"$datetime": "2025-01-01T00:00:00+00:00"}
