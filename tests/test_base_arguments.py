"""Base-operator arguments with values Airflow checks at parse time: the shim against real Airflow.

Each case is one call in a DAG file; the shim must give what the installed real Airflow gives:
the same document, or the same error (type, message, line). The gaps measured on 2.11.2 and
3.3.2 and not closed yet are strict xfails, listed in docs/fidelity.md ("Known gaps"), so a fix
shows as XPASS. The two fixed here are checked without Airflow too, in Airflow's words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_dagfidelity.backends import Backend
from pytest_dagfidelity.versions import installed_airflow

from .conftest import compile_file

HEAD = """import datetime
import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator


@task(execution_timeout=60)
def timed():
    return 1


with DAG(dag_id="probe", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, DAG_ARGS):
    CALL
"""

CASES: dict[str, tuple[str, str]] = {  # name: (the call, more DAG arguments)
    "retries_as_text": ('EmptyOperator(task_id="t", retries="3")', ""),
    "retries_as_float": ('EmptyOperator(task_id="t", retries=2.5)', ""),
    "retries_none": ('EmptyOperator(task_id="t", retries=None)', ""),
    "no_pool_slots": ('EmptyOperator(task_id="t", pool_slots=0)', ""),
    "no_pool_slots_mapped": (
        'BashOperator.partial(task_id="t", pool_slots=0).expand(bash_command=["a"])',
        "",
    ),
    "priority_weight_as_text": ('EmptyOperator(task_id="t", priority_weight="high")', ""),
    "priority_weight_as_float": ('EmptyOperator(task_id="t", priority_weight=2.0)', ""),
    "unknown_weight_rule": ('EmptyOperator(task_id="t", weight_rule="sideways")', ""),
    "unknown_trigger_rule": ('EmptyOperator(task_id="t", trigger_rule="sometimes")', ""),
    "execution_timeout_in_seconds": ('EmptyOperator(task_id="t", execution_timeout=30)', ""),
    "execution_timeout_from_default_args": (
        'EmptyOperator(task_id="t")',
        'default_args={"execution_timeout": 60}',
    ),
    "execution_timeout_of_a_taskflow_task": ("timed()", ""),
    "execution_timeout_mapped": (
        'BashOperator.partial(task_id="t", execution_timeout=30).expand(bash_command=["a"])',
        "",
    ),
    "retry_delay_in_seconds": ('EmptyOperator(task_id="t", retry_delay=30)', ""),
    "retry_delay_as_float": ('EmptyOperator(task_id="t", retry_delay=30.5)', ""),
    "max_retry_delay_in_seconds": ('EmptyOperator(task_id="t", max_retry_delay=60)', ""),
    "sla_in_seconds": ('EmptyOperator(task_id="t", sla=30)', ""),
    "no_active_instances": ('EmptyOperator(task_id="t", max_active_tis_per_dag=0)', ""),
    "queue_none": ('EmptyOperator(task_id="t", queue=None)', ""),
    "owner_none": ('EmptyOperator(task_id="t", owner=None)', ""),
    "email_flag_as_text": ('EmptyOperator(task_id="t", email="a@b.c", email_on_failure="yes")', ""),
    "task_id_too_long": ('EmptyOperator(task_id="t" * 251)', ""),
    "task_id_with_a_space": ('EmptyOperator(task_id="a b")', ""),
    "task_id_empty": ('EmptyOperator(task_id="")', ""),
    "task_id_a_number": ("EmptyOperator(task_id=5)", ""),
    "depends_on_past_as_int": ('EmptyOperator(task_id="t", depends_on_past=1)', ""),
    "do_xcom_push_as_text": ('EmptyOperator(task_id="t", do_xcom_push="no")', ""),
    "start_date_as_text": ('EmptyOperator(task_id="t", start_date="2024-01-01")', ""),
    "end_date_as_date": ('EmptyOperator(task_id="t", end_date=datetime.date(2024, 1, 1))', ""),
    "resources_as_dict": ('EmptyOperator(task_id="t", resources={"cpus": 2})', ""),
    "executor_config_as_text": ('EmptyOperator(task_id="t", executor_config="x")', ""),
    "doc_md_as_int": ('EmptyOperator(task_id="t", doc_md=5)', ""),
    "bash_command_as_int": ('BashOperator(task_id="t", bash_command=5)', ""),
    "env_as_text": ('BashOperator(task_id="t", bash_command="x", env="A=1")', ""),
    "exit_code_as_text": ('BashOperator(task_id="t", bash_command="x", skip_on_exit_code="99")', ""),
    "expand_kwargs_with_a_number": (
        'EmptyOperator.partial(task_id="t").expand_kwargs([{"doc": "a"}, 5])',
        "",
    ),
    "expand_kwargs_with_a_dict": ('EmptyOperator.partial(task_id="t").expand_kwargs({"doc": "a"})', ""),
    "expand_kwargs_with_text": ('EmptyOperator.partial(task_id="t").expand_kwargs("x")', ""),
    "retries_as_list_mapped": (
        'BashOperator.partial(task_id="t", retries=[1]).expand(bash_command=["a"])',
        "",
    ),
    "pool_empty": ('EmptyOperator(task_id="t", pool="")', ""),
    "backoff_as_text": ('EmptyOperator(task_id="t", retry_exponential_backoff="yes")', ""),
    "map_index_template_as_int": ('EmptyOperator(task_id="t", map_index_template=5)', ""),
    "logger_name_as_int": ('EmptyOperator(task_id="t", logger_name=5)', ""),
    "retries_as_object": ('EmptyOperator(task_id="t", retries=object())', ""),
}

_TYPE_TEXT_3 = (
    "3.3 words a field's type error its own way: 'X' for task 't' expects <class>, got <class> with value"
)
_LOGGER_NAME = "Airflow keeps logger_name where its type check does not look; the shim checks it"
_PRIORITY_2 = "2.x refuses a non-int priority_weight with AirflowException, in its own words"
# Measured differences (installed minor -> case -> why), each a strict xfail.
GAPS: dict[str, dict[str, str]] = {
    "2.11": {
        "priority_weight_as_text": _PRIORITY_2,
        "priority_weight_as_float": _PRIORITY_2,
        "unknown_weight_rule": "2.x refuses an unknown weight_rule (AirflowException)",
        "unknown_trigger_rule": "2.x lists the valid trigger rules as a set of enum members",
        "queue_none": "queue=None: the shim takes the default queue; Airflow keeps None",
        "task_id_too_long": "2.x's message does not name the length",
        "end_date_as_date": "Airflow converts end_date to UTC (AttributeError on a date); the shim keeps it",
        "pool_empty": "2.x validates the pool name as a key (AirflowException)",
        "logger_name_as_int": _LOGGER_NAME,
    },
    "3.3": {
        "priority_weight_as_text": _TYPE_TEXT_3,
        "priority_weight_as_float": _TYPE_TEXT_3,
        "email_flag_as_text": _TYPE_TEXT_3,
        "do_xcom_push_as_text": _TYPE_TEXT_3,
        "doc_md_as_int": _TYPE_TEXT_3,
        "backoff_as_text": _TYPE_TEXT_3,
        "map_index_template_as_int": _TYPE_TEXT_3,
        "depends_on_past_as_int": _TYPE_TEXT_3,
        "unknown_trigger_rule": "3.3 lists the valid trigger rules in the enum's order and names the DAG",
        "queue_none": "queue=None: the shim takes the default queue; Airflow keeps None",
        "task_id_with_a_space": "3.3's key message has a serial comma ('dashes, dots, and underscores')",
        "task_id_empty": "3.3's key message has a serial comma ('dashes, dots, and underscores')",
        "start_date_as_text": "3.3 converts start_date to UTC first (AttributeError)",
        "end_date_as_date": "3.3 converts end_date to UTC first (AttributeError)",
        "retries_as_list_mapped": "3.3's partial() refuses retries with a TypeError",
        "logger_name_as_int": _LOGGER_NAME,
        "retries_as_object": "3.3 refuses a retries it cannot make an int with TypeError, the shim with "
        "AirflowException (as 2.x)",
    },
}


def write(folder: Path, name: str) -> Path:
    call, dag_args = CASES[name]
    text = HEAD.replace("CALL", call).replace(", DAG_ARGS", f", {dag_args}" if dag_args else "")
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    return path


_INSTALLED = installed_airflow()
_GAPS_HERE = GAPS.get(".".join(_INSTALLED.split(".")[:2]) if _INSTALLED else "", {})


def _marks(name: str) -> list[pytest.MarkDecorator]:
    reason = _GAPS_HERE.get(name)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


@pytest.mark.airflow
@pytest.mark.parametrize("name", [pytest.param(n, marks=_marks(n)) for n in sorted(CASES)])
def test_real_airflow_agrees(name: str, against_airflow: Callable[[Path], None], tmp_path: Path) -> None:
    against_airflow(write(tmp_path, name))


@pytest.mark.parametrize("version", ["2.11", "3.3"])
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("no_pool_slots", ("ValueError", "pool slots for t in dag probe cannot be less than 1")),
        (
            "execution_timeout_in_seconds",
            ("ValueError", "execution_timeout must be timedelta object but passed as type: <class 'int'>"),
        ),
        (
            "execution_timeout_from_default_args",
            ("ValueError", "execution_timeout must be timedelta object but passed as type: <class 'int'>"),
        ),
        (
            "execution_timeout_of_a_taskflow_task",
            ("ValueError", "execution_timeout must be timedelta object but passed as type: <class 'int'>"),
        ),
    ],
)
def test_the_shim_refuses_in_airflows_words(
    name: str, expected: tuple[str, str], version: str, shim: Callable[[str], Backend], tmp_path: Path
) -> None:
    error = compile_file(shim(version), write(tmp_path, name)).error
    assert error is not None, f"{name} parses; Airflow {version} refuses it: {expected}"
    assert (error.type, error.message) == expected


@pytest.mark.parametrize("version", ["2.11", "3.3"])
def test_a_mapped_task_is_not_held_to_the_execution_timeout_check(
    version: str, shim: Callable[[str], Backend], tmp_path: Path
) -> None:
    # Airflow makes the check in BaseOperator.__init__ only; partial() and expand() do not.
    assert compile_file(shim(version), write(tmp_path, "execution_timeout_mapped")).ok


EXPLICIT = """import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.utils.task_group import TaskGroup

dag = DAG(dag_id="explicit", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None)
group = TaskGroup("grp", dag=dag)
BashOperator.partial(task_id="t", pool_slots=0, dag=dag, task_group=group).expand(bash_command=["a"])
"""


@pytest.mark.parametrize("version", ["2.11", "3.3"])
def test_a_mapped_task_refused_for_pool_slots_names_the_dag_and_group_it_was_given(
    version: str, shim: Callable[[str], Backend], tmp_path: Path
) -> None:
    # Airflow's partial() names the DAG and group passed to it, outside any `with DAG` block too.
    path = tmp_path / "explicit.py"
    path.write_text(EXPLICIT, encoding="utf-8")
    error = compile_file(shim(version), path).error
    assert error is not None
    assert (error.type, error.message) == (
        "ValueError",
        "pool slots for grp.t in dag explicit cannot be less than 1",
    )
