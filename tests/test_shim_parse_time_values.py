"""Values DAG files compute at parse time from Airflow helpers: configuration, timezone,
listener markers, object storage paths, @asset, asset watchers.

Expected literals were confirmed by compiling the same source with real Apache Airflow
3.3.2 and 2.11.2 (``dagfidelity compile FILE --backend airflow``; the corpus files
``config_at_parse_time__*``, ``asset_decorator__af3`` and friends hold the goldens).
"""

from __future__ import annotations

from typing import Any

import pytest

HEADERS = {
    "3.3": (
        "from airflow.sdk import DAG\nfrom airflow.providers.standard.operators.bash import BashOperator\n"
    ),
    "2.11": "from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n",
}
both = pytest.mark.parametrize("version", tuple(HEADERS))


def failure(compile_source: Any, text: str, version: str) -> dict[str, Any]:
    result = compile_source(text, version)
    assert not result.ok
    return result.error  # type: ignore[no-any-return]


@both
def test_conf_reads_defaults_and_environment(compile_dag, version, monkeypatch):
    text = HEADERS[version] + (
        "import os\n"
        "from airflow.configuration import conf\n"
        "os.environ['AIRFLOW__DAGFIDELITY_TEST__NAME'] = 'from env'\n"
        "with DAG('d', schedule=None, max_active_runs=conf.getint('core', 'max_active_runs_per_dag')):\n"
        "    BashOperator(task_id='t', bash_command='x', queue=conf.get('operators', 'default_queue'),\n"
        "        env={'N': conf.get('dagfidelity_test', 'name'), 'F': conf.get('a', 'b', fallback='fb'),\n"
        "             'B': str(conf.getboolean('core', 'load_examples'))})\n"
    )
    dag = compile_dag(text, version)
    task = dag["tasks"]["t"]
    assert dag["max_active_runs"] == 16
    assert task["queue"] == "default"
    # load_examples: the workers of both backends run with AIRFLOW__CORE__LOAD_EXAMPLES=False.
    assert task["arguments"]["env"] == {"N": "from env", "F": "fb", "B": "False"}


@both
def test_conf_missing_option_raises_airflow_config_exception(compile_source, version):
    text = "from airflow.configuration import conf\nconf.get('no_such_section', 'no_such_key')\n"
    assert failure(compile_source, text, version).type == "AirflowConfigException"


@both
def test_hookimpl_returns_the_function(compile_dag, version):
    text = HEADERS[version] + (
        "from airflow.listeners import hookimpl\n"
        "@hookimpl\n"
        "def on_starting(component):\n"
        "    return None\n"
        "with DAG('d', schedule=None, on_success_callback=on_starting):\n"
        "    BashOperator(task_id='t', bash_command='x')\n"
    )
    assert compile_dag(text, version)["callbacks"] == ["on_success_callback"]


def test_object_storage_path_in_task_arguments_is_refused(compile_source):
    text = HEADERS["3.3"] + (
        "from airflow.sdk import ObjectStoragePath\n"
        "path = ObjectStoragePath('s3://conn@bucket/') / 'key'\n"
        "with DAG('d', schedule=None):\n"
        "    BashOperator(task_id='t', bash_command='x', env={'P': path})\n"
    )
    error = failure(compile_source, text, "3.3")
    assert error.type == "ShimUnsupported"
    assert "ObjectStoragePath" in error.message


def test_asset_decorator_builds_a_one_task_dag(compile_source):
    text = (
        "from airflow.sdk import asset\n"
        "@asset(uri='s3://b/one', schedule=None)\n"
        "def one(self, context, outlet_events, upstream, optional=1):\n"
        "    return None\n"
    )
    result = compile_source(text, "3.3")
    assert result.ok, result.error
    dag = result.doc["dags"]["one"]
    task = dag["tasks"]["one"]
    assert dag["catchup"] is False
    assert task["operator"] == "airflow.sdk.definitions.asset.decorators._AssetMainOperator"
    assert task["inlets"] == [{"$asset": {"class": "AssetNameRef", "name": "upstream"}}]
    assert task["outlets"] == [
        {"$asset": {"class": "AssetDefinition", "group": "asset", "name": "one", "uri": "s3://b/one"}}
    ]
    assert task["arguments"] == {"definition_name": "one", "python_callable": {"$callable": "one"}}


def test_asset_watcher_refuses_a_trigger_that_is_not_an_event_trigger(compile_source):
    text = (
        "from airflow.providers.standard.triggers.file import FileTrigger\n"
        "from airflow.sdk import AssetWatcher\n"
        "AssetWatcher(name='w', trigger=FileTrigger(filepath='/tmp/x'))\n"
    )
    assert failure(compile_source, text, "3.3").type == "ValueError"


@pytest.mark.parametrize(("version", "module"), [("3.3", "airflow.sdk"), ("2.11", "airflow.utils")])
def test_timezone_datetime_is_utc_unless_told(compile_dag, version, module):
    text = HEADERS[version] + (
        f"from {module} import timezone\n"
        "with DAG('d', schedule=None, start_date=timezone.datetime(2024, 1, 2, 3)):\n"
        "    BashOperator(task_id='t', bash_command='x')\n"
    )
    assert compile_dag(text, version)["start_date"] == {"$datetime": "2024-01-02T03:00:00+00:00"}


@pytest.mark.parametrize(
    "line",
    [
        "conf.getsection('core')",
        # Airflow would run this command (or ask a secrets backend): the shim does neither.
        "os.environ['AIRFLOW__CORE__PARALLELISM_CMD'] = 'echo 4'; conf.get('core', 'parallelism')",
    ],
)
def test_conf_lookups_the_shim_does_not_make_are_refused(compile_source, line):
    text = f"import os\nfrom airflow.configuration import conf\n{line}\n"
    error = failure(compile_source, text, "3.3")
    assert error.type == "ShimUnsupported"
    assert "Fix:" in error.message


@pytest.mark.parametrize(
    "call",
    [
        "StartOfDayMapper(nope=1)",  # real: TypeError, unexpected keyword argument
        "StartOfDayMapper('%Y')",  # 3.3's temporal mappers take keywords only
        "AllowedKeyMapper()",  # allowed_keys is required
    ],
)
def test_partition_mapper_calls_are_checked_against_the_real_signature(compile_source, call):
    text = f"from airflow.sdk import AllowedKeyMapper, StartOfDayMapper\n{call}\n"
    assert failure(compile_source, text, "3.3").type == "TypeError"


@pytest.mark.parametrize(("version", "accepted"), [("3.2", False), ("3.3", True)])
def test_asset_access_control_argument_exists_from_3_3(compile_source, version, accepted):
    text = "from airflow.sdk import Asset\nAsset('x', access_control=None)\n"
    result = compile_source(text, version)
    assert (result.error is None or result.error.type != "TypeError") is accepted


# Variable.get / BaseHook.get_connection without a metadata database, as measured on 2.11.2 and
# 3.3.2: the AIRFLOW_VAR_* / AIRFLOW_CONN_* environment variable, else the default, else the
# error real Airflow raises (the file sets its own environment; the worker restores it after).
VARIABLE_CASES = [
    ("Variable.get('greeting')", "hello"),
    ("Variable.get('GREETING')", "hello"),
    ("str(Variable.get('cfg', deserialize_json=True)['n'])", "3"),
    ("Variable.get('unset', default_var='fallback')", "fallback"),
    ("str(Variable.get('unset', default_var=None))", "None"),
    ("BaseHook.get_connection('db').host", "dbhost"),
    ("str(BaseHook.get_connection('db').port)", "5432"),
    ("BaseHook.get_connection('db').extra_dejson['sslmode']", "require"),
    ("BaseHook.get_connection('js').login", "me"),
    ("Connection(conn_id='c', conn_type='http', host='h').host", "h"),
]
VARIABLE_PRELUDE = (
    "import os\n"
    "from airflow.models import Variable, Connection\n"
    "from airflow.hooks.base import BaseHook\n"
    "os.environ['AIRFLOW_VAR_GREETING'] = 'hello'\n"
    "os.environ['AIRFLOW_VAR_CFG'] = '{\"n\": 3}'\n"
    "os.environ['AIRFLOW_CONN_DB'] = 'postgres://u:p@dbhost:5432/warehouse?sslmode=require'\n"
    'os.environ[\'AIRFLOW_CONN_JS\'] = \'{"conn_type": "http", "login": "me"}\'\n'
)


@pytest.mark.parametrize(("expression", "expected"), VARIABLE_CASES)
@both
def test_variables_and_connections_at_parse_time(compile_dag, version, expression, expected):
    text = (
        HEADERS[version]
        + VARIABLE_PRELUDE
        + (
            f"with DAG('d', schedule=None, description={expression}):\n"
            "    BashOperator(task_id='t', bash_command='x')\n"
        )
    )
    assert compile_dag(text, version)["description"] == expected


@pytest.mark.parametrize(
    ("version", "expression", "error"),
    [
        ("2.11", "Variable.get('unset')", "KeyError"),
        ("3.3", "Variable.get('unset')", "KeyError"),
        ("2.11", "BaseHook.get_connection('unset')", "AirflowNotFoundException"),
        ("3.3", "BaseHook.get_connection('unset')", "AirflowNotFoundException"),
        ("3.3", "__import__('airflow.sdk').sdk.Variable.get('unset')", "AirflowRuntimeError"),
        ("3.3", "__import__('airflow.sdk').sdk.Variable.get('unset', default='d') + 1", "TypeError"),
        ("2.11", "Variable.set('k', 'v')", "ShimUnsupported"),
    ],
)
def test_missing_variable_or_connection_fails_as_airflow_does(compile_source, version, expression, error):
    text = HEADERS[version] + VARIABLE_PRELUDE + f"VALUE = {expression}\n"
    assert failure(compile_source, text, version).type == error


def test_asset_multi_builds_one_task_dag_emitting_every_outlet(compile_source):
    text = (
        "from airflow.sdk import Asset, asset, dag, task\n"
        "@asset.multi(outlets=[Asset('a'), Asset('b')], schedule=None)\n"
        "def both(upstream):\n"
        "    pass\n"
        "@dag(schedule=[both])\n"
        "def after():\n"
        "    task(lambda: None, task_id='t')()\n"
        "after()\n"
    )
    result = compile_source(text, "3.3")
    assert result.ok, result.error
    dags = result.doc["dags"]
    assert sorted(dags) == ["after", "both"]
    task = dags["both"]["tasks"]["both"]
    assert [o["$asset"]["name"] for o in task["outlets"]] == ["a", "b"]
    assert [i["$asset"]["name"] for i in task["inlets"]] == ["upstream"]
    assert dags["both"]["catchup"] is False


@pytest.mark.parametrize(
    ("decorator", "message"),
    [
        ("@asset.multi(outlets=[], schedule=None)", "no outlets provided"),
        ("@asset.multi(schedule=None)", "outlets"),
    ],
)
def test_asset_multi_refuses_what_airflow_refuses(compile_source, decorator, message):
    text = f"from airflow.sdk import Asset, asset\n{decorator}\ndef f():\n    pass\n"
    result = compile_source(text, "3.3")
    assert not result.ok
    assert message in result.error.message


@pytest.mark.parametrize(("version", "kept"), [("3.0", False), ("3.1", True), ("3.3", True)])
def test_asset_multi_over_task_as_each_version_builds_it(compile_source, version, kept):
    # Measured (asset_decorator.over_task): from 3.1 the TaskFlow task is kept, with the assets as
    # its outlets; 3.0 wraps the TaskFlow object in the asset's operator, which the shim refuses.
    text = (
        "from airflow.sdk import Asset, asset, task\n"
        "@asset.multi(outlets=[Asset('a'), Asset('b')], schedule=None)\n"
        "@task(retries=2)\n"
        "def both():\n"
        "    pass\n"
    )
    result = compile_source(text, version)
    if kept:
        task = result.doc["dags"]["both"]["tasks"]["both"]
        assert task["operator_name"] == "@task"
        assert task["retries"] == 2
    else:
        assert result.error.type == "ShimUnsupported"
        assert "@asset over @task" in result.error.message
