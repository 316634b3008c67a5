"""Give each named BaseOperator argument a value of a type no Airflow version accepts, and record
what the version does: to the task alone, beside a valid argument, and through default_args."""

import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator

START = datetime.datetime(2024, 1, 1)
# The arguments the shim refuses as every version does, with the same exception. Not trigger_rule:
# its own check comes first, and 2.x names the rules as a set, in hash order. Not end_date,
# start_date, logger_name, priority_weight or retries: known gaps (tests/test_base_arguments.py).
AS_AIRFLOW = [
    "allow_nested_operators",
    "depends_on_past",
    "do_xcom_push",
    "doc",
    "doc_json",
    "doc_md",
    "doc_rst",
    "doc_yaml",
    "email",
    "email_on_failure",
    "email_on_retry",
    "executor",
    "ignore_first_depends_on_past",
    "map_index_template",
    "max_active_tis_per_dag",
    "max_active_tis_per_dagrun",
    "multiple_outputs",
    "owner",
    "pool",
    "pool_slots",
    "queue",
    "retry_exponential_backoff",
    "run_as_user",
    "task_concurrency",
    "task_display_name",
    "wait_for_downstream",
    "wait_for_past_depends_before_skipping",
]


class Odd:
    """A value of no type any version accepts, printed the same in every process."""

    def __repr__(self):
        return "Odd()"

    __str__ = __repr__


def given(field):
    EmptyOperator(task_id="given", **{field: Odd()})


def beside_a_valid_one(field):
    valid = {"pool": "p"} if field == "queue" else {"queue": "q"}
    EmptyOperator(task_id="beside", **valid, **{field: Odd()})


def through_default_args(field):
    # auto_register=False: a DAG made only to build a task is never collected from the file.
    with DAG(
        "wrong_types_defaults",
        start_date=START,
        schedule=None,
        default_args={field: Odd()},
        auto_register=False,
    ):
        EmptyOperator(task_id="defaulted")


def attempts(fields, say):
    """One line per field and way of giving it: ``accepted``, or ``say(exception)``."""
    said = []
    for field in fields:
        for way, make in (("given", given), ("beside a valid one", beside_a_valid_one)):
            with DAG("wrong_types_probe", start_date=START, schedule=None, auto_register=False):
                said.append(f"{field} {way}: {_outcome(make, field, say)}")
        said.append(f"{field} in default_args: {_outcome(through_default_args, field, say)}")
    return said


def _outcome(make, field, say):
    try:
        make(field)
    except Exception as exc:  # whatever the version raises is what is compared
        return say(exc)
    return "accepted"
