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

from pytest_dagfidelity import versions

VERSIONS = ("3.3", "2.11")
both = pytest.mark.parametrize("version", VERSIONS)

HEADER = {
    "3.3": """\
import pendulum
from airflow.sdk import DAG, Label, TaskGroup, chain, chain_linear, task, task_group, teardown
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.python import PythonOperator
START = pendulum.datetime(2024, 1, 1, tz="UTC")
""",
    "2.11": """\
import pendulum
from airflow import DAG
from airflow.decorators import task, task_group, teardown
from airflow.models.baseoperator import chain, chain_linear
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator
from airflow.utils.edgemodifier import Label
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
# Unknown airflow names and modules
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "module"),
    [("3.3", "airflow.sdk"), ("2.11", "airflow.decorators")],
)
def test_unknown_name_from_known_module_fails_like_real_airflow(compile_source, version, module):
    error = failure(compile_source, f"from {module} import NotAThing\n", version)
    assert error.type == "ImportError"
    assert error.message.startswith(f"cannot import name 'NotAThing' from '{module}'")
    assert error.line == 1


@both
def test_unknown_airflow_module_fails_like_real_airflow(compile_source, version):
    error = failure(compile_source, "import os\nfrom airflow.utils.nonexistent import x\n", version)
    assert error.type == "ModuleNotFoundError"
    assert error.message == "No module named 'airflow.utils.nonexistent'"
    assert error.line == 2


@both
def test_unknown_name_caught_by_except_import_error_compiles(compile_source, version):
    result = compile_source(
        source(
            version,
            """
        try:
            from airflow.utils.nonexistent import helper
        except ImportError:
            helper = None

        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert result.ok, result.error
    assert list(result.doc["dags"]["d"]["tasks"]) == ["t"]


# --------------------------------------------------------------------------------------
# Provider modules: importing any of them works, as in Airflow (a hook imported at the top
# and used in a task body is ordinary); *using* an unmodelled name while the file is parsed
# is refused (ShimUnsupported, the shim's own error), naming the name and the line. google
# is not installed where these run, http is (its names are then checked against its source).
# --------------------------------------------------------------------------------------

PROVIDER_IMPORTS = [
    "from airflow.providers.http.hooks.http import HttpHook",
    "from airflow.providers.google.cloud.hooks.bigquery import BigQueryHook",
    "from airflow.providers.google.cloud.utils.helpers import normalize",
    "from airflow.providers.google.cloud.operators.bigquery import not_a_class",
    "from airflow.providers.slack.notifications.slack import SlackNotifier",
    "from airflow.providers.google.cloud.triggers.bigquery import BigQueryInsertJobTrigger",
    "from airflow.providers.google.cloud.secrets.secret_manager import CloudSecretManagerBackend",
    "from airflow.providers.google.cloud.operators import bigquery",
    "import airflow.providers.google.cloud.hooks.gcs as gcs",
    "from airflow.providers.http.hooks import http as http_hooks",
]


@pytest.mark.parametrize("line", PROVIDER_IMPORTS)
@both
def test_any_provider_module_imports(compile_source, version, line):
    text = source(
        version,
        f"""
        {line}

        def body():
            return locals()

        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="t")
    """,
    )
    result = compile_source(text, version)
    assert result.ok, result.error
    assert list(result.doc["dags"]["d"]["tasks"]) == ["t"]


@pytest.mark.parametrize(
    ("lines", "named"),
    [
        (
            ["from airflow.providers.http.hooks.http import HttpHook", "HttpHook(http_conn_id='x')"],
            "airflow.providers.http.hooks.http.HttpHook",
        ),
        (
            ["from airflow.providers.google.cloud.hooks.gcs import GCSHook", "GCSHook.default_conn_name"],
            "airflow.providers.google.cloud.hooks.gcs.GCSHook",
        ),
        (
            ["from airflow.providers.google.cloud.utils.helpers import normalize", "normalize('a')"],
            "airflow.providers.google.cloud.utils.helpers.normalize",
        ),
        (
            ["import airflow.providers.google.cloud.hooks.gcs as gcs", "gcs.GCSHook()"],
            "airflow.providers.google.cloud.hooks.gcs.GCSHook",
        ),
    ],
)
@both
def test_using_an_unmodelled_provider_name_is_refused_with_its_line(compile_source, version, lines, named):
    text = "\n".join(["import os", *lines]) + "\n"
    error = failure(compile_source, text, version)
    assert error.type == "ShimUnsupported"
    assert named in error.message
    assert "Fix:" in error.message
    assert error.line == 3


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("from airflow.providers.acme.hooks.nosuch import X", "ModuleNotFoundError"),
        ("from airflow.providers.acme.operators.acme import NoSuchOperator", "ImportError"),
        ("from airflow.providers.acme.hooks.acme import helper_that_is_not_there", "ImportError"),
    ],
)
@both
def test_installed_provider_answers_imports_as_python_does(compile_source, tmp_path, version, line, kind):
    # An installed provider (a real airflow/providers/<name> folder on sys.path, next to the DAG
    # here): its modules and names are what its source defines, read without importing it.
    package = tmp_path / "airflow" / "providers" / "acme"
    for folder in ("hooks", "operators"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "get_provider_info.py").write_text("def get_provider_info():\n    return {}\n")
    (package / "hooks" / "acme.py").write_text("class AcmeHook:\n    pass\n")
    (package / "operators" / "acme.py").write_text(
        "from airflow.models import BaseOperator\nclass AcmeOperator(BaseOperator):\n    pass\n"
    )
    assert failure(compile_source, line + "\n", version).type == kind
    ok = compile_source(
        "from airflow.providers.acme.hooks.acme import AcmeHook\n"
        "from airflow.providers.acme.operators import acme\n"
        "assert acme.AcmeOperator\n",
        version,
    )
    assert ok.ok, ok.error


def _acme_provider(root) -> None:
    """A provider installed next to the DAG (airflow/providers/acme): an operator chain with a
    generic base, a mixin and a compat import, as real providers write them."""
    package = root / "airflow" / "providers" / "acme"
    (package / "operators").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "get_provider_info.py").write_text("def get_provider_info():\n    return {}\n")
    (package / "operators" / "__init__.py").write_text("")
    (package / "operators" / "base.py").write_text(
        "from typing import Generic, TypeVar\n"
        "try:\n    from airflow.sdk import BaseOperator\n"
        "except ImportError:\n    from airflow.models import BaseOperator\n"
        "H = TypeVar('H')\n"
        "class AcmeBaseOperator(BaseOperator, Generic[H]):\n"
        "    def __init__(self, *, acme_conn_id='acme_default', region=None, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
    )
    (package / "operators" / "tables.py").write_text(
        "from airflow.providers.acme.operators.base import AcmeBaseOperator\n"
        "class AcmeTableOperator(AcmeBaseOperator[str]):\n"
        "    def __init__(self, *, table, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
    )


@both
def test_installed_provider_operator_refuses_unknown_arguments_as_airflow(compile_source, tmp_path, version):
    _acme_provider(tmp_path)
    text = source(
        version,
        """
        from airflow.providers.acme.operators.tables import AcmeTableOperator
        with DAG("d", start_date=START, schedule=None):
            AcmeTableOperator(task_id="t", table="x", not_an_argument=1)
    """,
    )
    error = failure(compile_source, text, version)
    # measured: 2.x raises AirflowException, 3.x TypeError, both naming the invalid arguments
    assert error.type == {"2.11": "AirflowException", "3.3": "TypeError"}[version]
    assert "not_an_argument" in error.message


@both
def test_installed_provider_operator_takes_its_arguments_from_default_args(compile_dag, tmp_path, version):
    _acme_provider(tmp_path)
    text = source(
        version,
        """
        from airflow.providers.acme.operators.tables import AcmeTableOperator
        with DAG("d", start_date=START, schedule=None, default_args={"acme_conn_id": "c", "retries": 2}):
            AcmeTableOperator(task_id="t", table="x", region="eu")
    """,
    )
    task = compile_dag(text, version)["tasks"]["t"]
    assert task["operator"] == "airflow.providers.acme.operators.tables.AcmeTableOperator"
    assert task["retries"] == 2
    assert task["arguments"]["acme_conn_id"] == "c"
    assert task["arguments"]["region"] == "eu"


@pytest.mark.parametrize("caught", ["Exception", "BaseException"])
@both
def test_refusal_inside_try_except_still_fails_the_file(compile_source, version, caught):
    error = failure(
        compile_source,
        source(
            version,
            f"""
        from airflow.providers.http.hooks.http import HttpHook
        try:
            HOOK = HttpHook(http_conn_id="x")
        except {caught}:
            HOOK = None

        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert error.type == "ShimUnsupported"
    assert "airflow.providers.http.hooks.http.HttpHook" in error.message


# --------------------------------------------------------------------------------------
# Import errors real Airflow raises
# --------------------------------------------------------------------------------------


def test_import_airflow_sdk_on_2_11_is_module_not_found(compile_source):
    error = failure(compile_source, "import pendulum\nimport airflow.sdk\n", "2.11")
    assert error.type == "ModuleNotFoundError"
    assert error.message == "No module named 'airflow.sdk'"
    assert error.line == 2


def test_from_airflow_sdk_import_on_2_11_is_module_not_found(compile_source):
    error = failure(compile_source, "from airflow.sdk import DAG\n", "2.11")
    assert error.type == "ModuleNotFoundError"
    assert error.message == "No module named 'airflow.sdk'"


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
    assert error.type == "DuplicateTaskIdFound"


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
    assert error.type == "DuplicateTaskIdFound"


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
    assert error.type == "DuplicateTaskIdFound"


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
    assert error.type == "AirflowDagCycleException"


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
    assert error.type == "AirflowDagCycleException"


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
    assert error.type == "TypeError"


@pytest.mark.parametrize(
    ("version", "error_type"),
    [
        pytest.param(
            "3.3",
            "ValueError",
        ),
        ("2.11", "AirflowException"),
    ],
)
def test_chain_with_different_length_lists_fails(compile_source, version, error_type):
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
    assert error.type == error_type
    assert "Chain not supported for different length Iterable" in error.message


@both
def test_self_loop_is_a_cycle(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            a = EmptyOperator(task_id="a")
            a >> a
    """,
        ),
        version,
    )
    assert error.type == "AirflowDagCycleException"


@both
def test_cycle_through_task_group(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            a = EmptyOperator(task_id="a")
            with TaskGroup("g") as g:
                EmptyOperator(task_id="x")
            a >> g >> a
    """,
        ),
        version,
    )
    assert error.type == "AirflowDagCycleException"


@both
def test_task_id_colliding_with_task_group_id(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="g")
            with TaskGroup("g"):
                EmptyOperator(task_id="x")
    """,
        ),
        version,
    )
    assert error.type == "DuplicateTaskIdFound"


@both
def test_label_in_chain_linear_fails(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            a, b = [EmptyOperator(task_id=n) for n in "ab"]
            chain_linear(a, Label("x"), b)
    """,
        ),
        version,
    )
    assert (error.type, error.message) == ("ValueError", "Labels are not supported by chain_linear")


@both
def test_chain_linear_with_one_list_sets_no_dependency(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            a, b = [EmptyOperator(task_id=n) for n in "ab"]
            chain_linear([a, b])
    """,
        ),
        version,
    )
    assert error.type == "ValueError"
    assert error.message.startswith("No dependencies were set.")


@pytest.mark.parametrize(
    ("version", "error_type"),
    [
        pytest.param(
            "3.3",
            "RuntimeError",
        ),
        ("2.11", "AirflowException"),
    ],
)
def test_edge_between_tasks_of_two_dags_fails(compile_source, version, error_type):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d1", start_date=START, schedule=None):
            a = EmptyOperator(task_id="a")
        with DAG("d2", start_date=START, schedule=None):
            b = EmptyOperator(task_id="b")
        a >> b
    """,
        ),
        version,
    )
    assert error.type == error_type


# --------------------------------------------------------------------------------------
# Task groups: 2.11's group-id collision check compares the bare label with full ids
# --------------------------------------------------------------------------------------


def test_decorated_task_group_called_twice_inside_group_fails_on_2_11(compile_source):
    error = failure(
        compile_source,
        source(
            "2.11",
            """
        @task_group
        def inner():
            EmptyOperator(task_id="x")


        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("outer"):
                inner()
                inner()
    """,
        ),
        "2.11",
    )
    assert error.type == "DuplicateTaskIdFound"
    assert error.message == "Task Group id 'outer.inner' has already been added to the DAG"


def test_task_group_label_reused_inside_another_group_fails_on_2_11(compile_source):
    error = failure(
        compile_source,
        source(
            "2.11",
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("g"):
                EmptyOperator(task_id="x")
            with TaskGroup("outer"):
                with TaskGroup("g"):
                    EmptyOperator(task_id="x")
    """,
        ),
        "2.11",
    )
    assert error.type == "DuplicateTaskIdFound"
    assert error.message == "group_id 'g' has already been added to the DAG"


# --------------------------------------------------------------------------------------
# Operator arguments and trigger rules
# --------------------------------------------------------------------------------------

VALUE_ERROR_3_ELSE_AIRFLOW = [("3.3", "ValueError"), ("2.11", "AirflowException")]
TYPE_ERROR_3_ELSE_AIRFLOW = [("3.3", "TypeError"), ("2.11", "AirflowException")]


@pytest.mark.parametrize(("version", "error_type"), VALUE_ERROR_3_ELSE_AIRFLOW)
def test_invalid_trigger_rule_string(compile_source, version, error_type):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="a", trigger_rule="bogus")
    """,
        ),
        version,
    )
    assert error.type == error_type


@pytest.mark.parametrize(("version", "error_type"), VALUE_ERROR_3_ELSE_AIRFLOW)
def test_invalid_trigger_rule_from_default_args(compile_source, version, error_type):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None, default_args={"trigger_rule": "ALL_DONE"}):
            EmptyOperator(task_id="a")
    """,
        ),
        version,
    )
    assert error.type == error_type


@pytest.mark.parametrize("rule", ["dummy", "none_failed_or_skipped"])
def test_legacy_trigger_rule_names_rejected_on_3_3(compile_source, rule):
    error = failure(
        compile_source,
        source(
            "3.3",
            f"""
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="a", trigger_rule={rule!r})
    """,
        ),
        "3.3",
    )
    assert error.type == "ValueError"


@both
def test_teardown_decorator_rejects_trigger_rule(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @teardown(trigger_rule="all_success")
            def clean():
                return None

            clean()
    """,
        ),
        version,
    )
    assert error.type == "TypeError"


@pytest.mark.parametrize(("version", "error_type"), TYPE_ERROR_3_ELSE_AIRFLOW)
def test_unknown_operator_argument(compile_source, version, error_type):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="a", nonsense=1)
    """,
        ),
        version,
    )
    assert error.type == error_type


@pytest.mark.parametrize(("version", "error_type"), TYPE_ERROR_3_ELSE_AIRFLOW)
def test_positional_operator_arguments(compile_source, version, error_type):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator("a")
    """,
        ),
        version,
    )
    assert error.type == error_type
    assert error.message == "Use keyword arguments when initializing operators"


@pytest.mark.parametrize(("version", "error_type"), VALUE_ERROR_3_ELSE_AIRFLOW)
def test_invalid_task_id(compile_source, version, error_type):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="bad id!")
    """,
        ),
        version,
    )
    assert error.type == error_type


@pytest.mark.parametrize(
    "version",
    [
        "3.3",
        pytest.param(
            "2.11",
        ),
    ],
)
def test_operator_without_task_id(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator()
    """,
        ),
        version,
    )
    assert error.type == "TypeError"


@pytest.mark.parametrize(("version", "error_type"), TYPE_ERROR_3_ELSE_AIRFLOW)
def test_operator_missing_required_argument(compile_source, version, error_type):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            BashOperator(task_id="b")
    """,
        ),
        version,
    )
    assert error.type == error_type
    assert error.message == "missing keyword argument 'bash_command'"


@both
def test_python_operator_with_non_callable(compile_source, version):
    error = failure(
        compile_source,
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            PythonOperator(task_id="p", python_callable="not callable")
    """,
        ),
        version,
    )
    assert error.type == "AirflowException"


def test_deprecated_dummy_operator_import_works_on_2_11(compile_source):
    result = compile_source(
        source(
            "2.11",
            """
        from airflow.operators.dummy import DummyOperator

        with DAG("d", start_date=START, schedule=None):
            DummyOperator(task_id="x")
    """,
        ),
        "2.11",
    )
    assert result.ok, result.error
    assert result.doc["dags"]["d"]["tasks"]["x"]["operator"] == "airflow.operators.empty.EmptyOperator"


# --------------------------------------------------------------------------------------
# Mapping errors
# --------------------------------------------------------------------------------------

MAPPING_DAG = """
with DAG("d", start_date=START, schedule=None):
    @task(multiple_outputs=True)
    def produce():
        return {{"items": [1]}}

    @task
    def add(x):
        return x

    {call}
"""


def mapping_failure(compile_source, version: str, call: str) -> dict:
    return failure(compile_source, source(version, MAPPING_DAG.format(call=call)), version)


@both
def test_expand_over_scalar_literal(compile_source, version):
    assert mapping_failure(compile_source, version, "add.expand(x=1)").type == "ValueError"


@both
def test_expand_over_string_literal(compile_source, version):
    assert mapping_failure(compile_source, version, 'add.expand(x="abc")').type == "ValueError"


@both
def test_classic_expand_of_argument_already_in_partial(compile_source, version):
    call = 'BashOperator.partial(task_id="b", bash_command="x").expand(bash_command=["y"])'
    assert mapping_failure(compile_source, version, call).type == "TypeError"


@pytest.mark.parametrize(
    "call",
    [
        'add.expand(x=produce()["items"])',
        'add.expand_kwargs(produce()["items"])',
        'BashOperator.partial(task_id="b").expand(bash_command=produce()["items"])',
    ],
)
@both
def test_expand_over_indexed_xcomarg(compile_source, version, call):
    error = mapping_failure(compile_source, version, call)
    assert error.type == "ValueError"
    assert "cannot map over XCom with custom key 'items'" in error.message


@both
def test_taskflow_expand_unknown_parameter(compile_source, version):
    assert mapping_failure(compile_source, version, "add.expand(zzz=[1])").type == "TypeError"


@pytest.mark.parametrize(
    "call",
    [
        'BashOperator.partial(task_id="b").expand(zzz=["y"])',
        'BashOperator.partial(task_id="b", zzz=1).expand(bash_command=["y"])',
        'BashOperator.partial(task_id="b").expand(bash_command=["y"], retries=[1])',
    ],
)
@both
def test_classic_partial_expand_invalid_names(compile_source, version, call):
    assert mapping_failure(compile_source, version, call).type == "TypeError"


# Which base fields partial() fills by itself, so that expand refuses them, is measured per version
# (the table's ``unmappable_fields``); each name below was mapped the same way on real Airflow 2.11.2
# and 3.3.2, with the outcome asserted here.
@pytest.mark.parametrize("field", ["pool", "email", "doc_md", "start_date"])
def test_classic_expand_of_a_field_airflow_2_partial_fills(compile_source, field):
    call = f'BashOperator.partial(task_id="b", bash_command="x").expand({field}=[START])'
    error = mapping_failure(compile_source, "2.11", call)
    assert error.type == "TypeError"
    assert field in error.message
    assert compile_source(source("3.3", MAPPING_DAG.format(call=call)), "3.3").ok


@both
def test_classic_expand_of_params(compile_source, version):
    call = 'BashOperator.partial(task_id="b", bash_command="x").expand(params=[{"a": 1}])'
    assert compile_source(source(version, MAPPING_DAG.format(call=call)), version).ok


@both
def test_classic_expand_of_a_field_default_args_fills(compile_source, version):
    body = MAPPING_DAG.replace('with DAG("d", ', 'with DAG("d", default_args={{"email": "a@example.com"}}, ')
    call = 'BashOperator.partial(task_id="b", bash_command="x").expand(email=[["b@example.com"]])'
    assert failure(compile_source, source(version, body.format(call=call)), version).type == "TypeError"


@pytest.mark.parametrize("argument", ['{"x": [1]}', "[1, 2]"])
@both
def test_expand_kwargs_needs_list_of_dicts(compile_source, version, argument):
    assert mapping_failure(compile_source, version, f"add.expand_kwargs({argument})").type == "TypeError"


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


# Airflow refuses to map over an XCom pushed under a custom key wherever it sits in the expand
# input (measured on 2.11.2 and 3.3.2: ValueError "cannot map over XCom with custom key").
@pytest.mark.parametrize(
    "expand",
    [
        "use.expand(x=made['a'])",
        "use.expand(x=[made['a']])",
        "use.expand(x={'k': made['a']})",
        "use.expand_kwargs([{'x': made['a']}])",
        "BashOperator.partial(task_id='b').expand(env=[{'A': made['a']}])",
        "group.expand(x=[1, made['a']])",
    ],
)
@both
def test_mapping_over_a_custom_key_xcom_is_refused(compile_source, version, expand):
    text = source(
        version,
        f"""
        with DAG("d", start_date=START, schedule=None):
            @task
            def make():
                return {{"a": [1, 2]}}

            @task
            def use(x):
                return x

            @task_group
            def group(x):
                use(x)

            made = make()
            {expand}
    """,
    )
    error = failure(compile_source, text, version)
    assert error.type == "ValueError"
    assert "cannot map over XCom with custom key 'a'" in error.message


@pytest.mark.parametrize(
    ("name", "error"), [("acme", "ShimUnsupported"), ("nobody_registers", "AttributeError")]
)
@both
def test_provider_task_decorators_come_from_get_provider_info(compile_source, tmp_path, version, name, error):
    # Airflow's providers manager builds @task.<name> from each installed provider's
    # get_provider_info()["task-decorators"]; the shim reads the same literal, never imports it.
    package = tmp_path / "airflow" / "providers" / "acme"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "get_provider_info.py").write_text(
        "def get_provider_info():\n"
        "    return {'package-name': 'acme', 'task-decorators': [\n"
        "        {'name': 'acme', 'class-name': 'airflow.providers.acme.decorators.acme.acme_task'}]}\n"
    )
    text = source(
        version,
        f"""
        with DAG("d", start_date=START, schedule=None):
            @task.{name}()
            def f():
                pass
    """,
    )
    found = failure(compile_source, text, version)
    assert found.type == error
    if error == "ShimUnsupported":
        assert "airflow.providers.acme.decorators.acme.acme_task" in found.message


# Names a module exposes beyond its __all__ (probed over every module of each version), on
# exactly the versions that expose them; the module's other names stay placeholders.
@pytest.mark.parametrize(
    ("version", "line", "works"),
    [
        ("3.3", "from airflow.sdk.bases.operator import cross_downstream", True),
        ("2.11", "from airflow.models.dataset import Dataset", True),
        ("3.3", "from airflow.models.dataset import Dataset", False),
        ("2.11", "from airflow.utils.dates import datetime", True),
        ("2.11", "from airflow.operators.python_operator import PythonOperator", True),
        ("3.3", "from airflow.operators.python_operator import PythonOperator", False),
        ("2.11", "from airflow.operators.dummy_operator import DummyOperator", True),
    ],
)
def test_names_modules_expose_beyond_all(compile_source, version, line, works):
    result = compile_source(line + "\n", version)
    assert result.ok is works, result.error
    if not works:
        assert result.error.type in ("ModuleNotFoundError", "ImportError")


# ``a | b`` between operators: 2.x lineage (b takes a's task id as an inlet and runs after it;
# refused when a has no outlets), a TypeError on 3.x, which has no such operator (measured).
@pytest.mark.parametrize(
    ("version", "outlets", "error"),
    [("2.11", "['s3://x']", None), ("2.11", "None", "ValueError"), ("3.3", "['s3://x']", "TypeError")],
)
def test_operator_pipe_as_each_version(compile_source, version, outlets, error):
    text = source(
        version,
        f"""
        with DAG("d", start_date=START, schedule=None):
            a = EmptyOperator(task_id="a", outlets={outlets})
            b = EmptyOperator(task_id="b")
            a | b
    """,
    )
    result = compile_source(text, version)
    if error is None:
        assert result.ok, result.error
        assert result.doc["dags"]["d"]["tasks"]["b"]["upstream"] == ["a"]
    else:
        assert result.error.type == error


# BaseOperator checks its fields' types once built (validate_instance_args; the types measured).
@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("email", "False", False),
        ("email", "'a@b.c'", True),
        ("email", "['a@b.c']", True),
        ("queue", "1", False),
    ],
)
@both
def test_base_field_types_are_checked_as_airflow(compile_source, version, field, value, ok):
    text = source(
        version,
        f"""
        with DAG("d", start_date=START, schedule=None, default_args={{"{field}": {value}}}):
            EmptyOperator(task_id="t")
    """,
    )
    result = compile_source(text, version)
    assert result.ok is ok, result.error
    if not ok:
        assert result.error.type == "TypeError"
        assert f"'{field}' has an invalid type" in result.error.message


@both
def test_of_two_fields_of_the_wrong_type_the_first_airflow_checks_is_named(compile_source, version):
    # The shim looks only at the fields a task holds, then names the first failing one in the
    # order real Airflow checks them (the table's measured order), whichever order they come in.
    checked = list(versions.table()[version].facts["base_operator_arg_types"])
    first, second = sorted(("queue", "doc"), key=checked.index)
    text = source(
        version,
        f"""
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="t", {second}=5, {first}=3)
    """,
    )
    result = compile_source(text, version)
    assert not result.ok
    assert result.error.type == "TypeError"
    assert result.error.message.startswith(f"'{first}' has an invalid type <class 'int'> with value 3")


@both
def test_submodules_import_airflow_brings_are_package_attributes(compile_source, version):
    # `import airflow` alone reaches what Airflow imports with it (measured: imported_with_airflow)
    result = compile_source("import airflow\nx = airflow.configuration.conf\n", version)
    assert result.ok, result.error
