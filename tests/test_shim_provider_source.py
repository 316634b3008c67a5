"""Provider classes the version table does not list, where the provider is installed: the shim
reads their source with ``ast`` (never imports them) for triggers inside asset watchers and
notifiers passed as callbacks. Each behaviour was confirmed against real Airflow 3.3.2 with the
common-messaging, http and slack providers installed (the real-world set in tools/realworld)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEADER = (
    "import pendulum\n"
    "from airflow.sdk import DAG, Asset, AssetWatcher\n"
    "from airflow.providers.standard.operators.empty import EmptyOperator\n"
    "START = pendulum.datetime(2024, 1, 1, tz='UTC')\n"
)


@pytest.fixture
def acme(tmp_path):
    """airflow/providers/acme next to the DAG: an event trigger taking **kwargs, a plain trigger,
    and a notifier with keyword-only arguments and an alias, as real providers write them."""
    package = tmp_path / "airflow" / "providers" / "acme"
    for sub in ("triggers", "notifications"):
        (package / sub).mkdir(parents=True)
        (package / sub / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "get_provider_info.py").write_text("def get_provider_info():\n    return {}\n")
    (package / "triggers" / "queue.py").write_text(
        "from airflow.triggers.base import BaseEventTrigger, BaseTrigger\n"
        "class QueueTrigger(BaseEventTrigger):\n"
        "    def __init__(self, *, queue, **kwargs):\n"
        "        super().__init__()\n"
        "class PollTrigger(BaseTrigger):\n"
        "    def __init__(self, interval):\n"
        "        super().__init__()\n"
    )
    (package / "notifications" / "chat.py").write_text(
        "from airflow.sdk import BaseNotifier\n"
        "class ChatNotifier(BaseNotifier):\n"
        "    def __init__(self, *, channel, text=''):\n"
        "        super().__init__()\n"
        "send_chat_notification = ChatNotifier\n"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("trigger", "error"),
    [
        ("QueueTrigger(queue='q')", None),
        ("QueueTrigger(queue='q', anything=1)", None),  # **kwargs: any keyword, as in Airflow
        ("PollTrigger(interval=5)", "ValueError"),  # not an event trigger: AssetWatcher refuses it
        ("PollTrigger(interval=5, nope=1)", "TypeError"),
    ],
)
def test_provider_triggers_in_asset_watchers(compile_source, acme, trigger, error):
    text = HEADER + (
        "from airflow.providers.acme.triggers.queue import PollTrigger, QueueTrigger\n"
        f"a = Asset('a', watchers=[AssetWatcher(name='w', trigger={trigger})])\n"
        "with DAG('d', start_date=START, schedule=[a]):\n"
        "    EmptyOperator(task_id='t')\n"
    )
    result = compile_source(text, "3.3")
    if error is None:
        assert result.ok, result.error
        assert result.doc["dags"]["d"]["schedule"]
    else:
        assert not result.ok
        assert result.error.type == error


@pytest.mark.parametrize(
    ("callback", "error"),
    [
        ("on_failure_callback=ChatNotifier(channel='#c')", None),
        ("on_failure_callback=[send_chat_notification(channel='#c', text='x')]", None),
        ("on_failure_callback=ChatNotifier(channel='#c', nope=1)", "TypeError"),
        # in default_args dag.json carries its state, read from its constructor: here only what
        # BaseNotifier sets (test_shim_provider_notifiers.py covers the rest)
        ("default_args={'on_failure_callback': ChatNotifier(channel='#c')}", None),
    ],
)
def test_provider_notifiers_as_callbacks(compile_source, acme, callback, error):
    text = HEADER + (
        "from airflow.providers.acme.notifications.chat import ChatNotifier, send_chat_notification\n"
        f"with DAG('d', start_date=START, schedule=None, {callback}):\n"
        "    EmptyOperator(task_id='t')\n"
    )
    result = compile_source(text, "3.3")
    if error is None and callback.startswith("default_args"):
        assert result.ok, result.error
        notifier = result.doc["dags"]["d"]["default_args"]["on_failure_callback"]["$object"]
        assert notifier == {
            "class": "airflow.providers.acme.notifications.chat.ChatNotifier",
            "value": {"context": {}},
        }
        assert "on_failure_callback" in result.doc["dags"]["d"]["tasks"]["t"]["callbacks"]
    elif error is None:
        assert result.ok, result.error
        assert "on_failure_callback" in result.doc["dags"]["d"]["callbacks"]
    else:
        assert not result.ok
        assert result.error.type == error
        assert result.error.line == 6


@pytest.mark.parametrize("version", ["2.11", "3.3"])
def test_airflow_home_and_provide_session(compile_dag, version):
    text = (
        "import os\n"
        "from airflow import DAG\n"
        "from airflow.configuration import AIRFLOW_HOME\n"
        "from airflow.utils.session import provide_session\n"
        "@provide_session\n"
        "def count_runs(session=None):\n"
        "    return 0\n"
        "with DAG('d', schedule=None, description=str(AIRFLOW_HOME == os.environ['AIRFLOW_HOME'])):\n"
        "    pass\n"
    )
    assert compile_dag(text, version)["description"] == "True"


def test_provide_session_needs_a_session_argument(compile_source):
    text = (
        "from airflow.utils.session import provide_session\n"
        "@provide_session\n"
        "def count_runs():\n"
        "    return 0\n"
    )
    result = compile_source(text, "2.11")
    assert result.error.type == "ValueError"
    assert "has no `session` argument" in result.error.message


def _provider(root, name, files):
    """airflow/providers/<name> under ``root``, with ``files`` (relative path -> source)."""
    package = root / "airflow" / "providers" / name
    for rel, text in {"__init__.py": "", **files}.items():
        path = package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.parent != package and not (path.parent / "__init__.py").exists():
            (path.parent / "__init__.py").write_text("")
        path.write_text(text)


OPERATOR_DAG = (
    "import pendulum\n"
    "from airflow.sdk import DAG\n"
    "from airflow.providers.{name}.operators.widget import WidgetOperator\n"
    "with DAG('d', start_date=pendulum.datetime(2024, 1, 1, tz='UTC'), schedule=None):\n"
    "    WidgetOperator(task_id='w', colour='blue')\n"
    "    WidgetOperator.partial(task_id='m').expand(colour=['a', 'b'])\n"
)


def test_a_provider_operator_not_installed_is_recorded_and_said_unvalidated(compile_source):
    from pytest_dagfidelity.records import Unvalidated

    result = compile_source(OPERATOR_DAG.format(name="nothere"), "3.3")
    assert result.ok, result.error
    at = "airflow.providers.nothere.operators.widget.WidgetOperator"
    assert result.unvalidated == (Unvalidated("d", "m", at), Unvalidated("d", "w", at))
    assert "unvalidated" not in result.doc  # beside dag.json, never in what is compared
    assert result.unvalidated_in("other") == ()


def test_an_installed_provider_operator_is_validated_and_not_said_unvalidated(compile_source, tmp_path):
    _provider(
        tmp_path,
        "acmeops",
        {
            "get_provider_info.py": "def get_provider_info():\n    return {}\n",
            "operators/widget.py": (
                "from airflow.sdk import BaseOperator\n"
                "class WidgetOperator(BaseOperator):\n"
                "    def __init__(self, *, colour, **kwargs):\n"
                "        super().__init__(**kwargs)\n"
            ),
        },
    )
    result = compile_source(OPERATOR_DAG.format(name="acmeops"), "3.3")
    assert result.ok, result.error
    assert result.unvalidated == ()
    wrong = compile_source(OPERATOR_DAG.format(name="acmeops").replace("colour='blue'", "shade=1"), "3.3")
    assert wrong.error is not None and "shade" in wrong.error.message


# A provider's URI handler as real providers write them (amazon's s3, postgres's): a pure function
# of the SplitResult. Registered under dataset-uris (2.x reads it) or asset-uris (3.x).
HANDLERS = (
    "from __future__ import annotations\n"
    "from typing import TYPE_CHECKING\n"
    "from airflow.providers.common.compat.assets import Asset\n"
    "if TYPE_CHECKING:\n"
    "    from urllib.parse import SplitResult\n"
    "def sanitize_uri(uri: SplitResult) -> SplitResult:\n"
    "    if not uri.netloc:\n"
    "        raise ValueError('URI format widget:// must contain a host')\n"
    "    if uri.port is None:\n"
    "        uri = uri._replace(netloc=f\"{uri.netloc.rstrip(':')}:7000\")\n"
    "    return uri\n"
    "def reaches_out(uri: SplitResult) -> SplitResult:\n"
    "    return Asset(uri.geturl())\n"
)


def _uri_provider(root, key, handler="sanitize_uri"):
    info = {key: [{"schemes": ["widget"], "handler": f"airflow.providers.acmeuri.assets.widget.{handler}"}]}
    _provider(
        root,
        "acmeuri",
        {
            "get_provider_info.py": f"def get_provider_info():\n    return {info!r}\n",
            "assets/widget.py": HANDLERS,
        },
    )


def _uri_dag(version, uri):
    if version.startswith("2."):
        return f"from airflow.datasets import Dataset\nmade = Dataset({uri!r})\nprint(made.uri)\n"
    return f"from airflow.sdk import Asset\nmade = Asset(uri={uri!r})\nprint(made.uri)\n"


@pytest.mark.parametrize(("version", "key"), [("2.11", "dataset-uris"), ("3.3", "asset-uris")])
def test_a_uri_scheme_an_installed_provider_normalises_goes_through_its_handler(
    compile_source, tmp_path, version, key
):
    _uri_provider(tmp_path, key)
    source = (
        _uri_dag(version, "widget://box/a")
        + "import pendulum\n"
        + ("from airflow import DAG\n" if version.startswith("2.") else "from airflow.sdk import DAG\n")
        + "with DAG('d', start_date=pendulum.datetime(2024, 1, 1, tz='UTC'), schedule=[made]):\n"
        + "    pass\n"
    )
    result = compile_source(source, version)
    assert result.ok, result.error
    assert "widget://box:7000/a" in json.dumps(result.doc["dags"]["d"]["schedule"])


@pytest.mark.parametrize(("version", "key"), [("2.11", "asset-uris"), ("3.3", "dataset-uris")])
def test_a_handler_registered_under_the_other_versions_key_is_not_applied(
    compile_source, tmp_path, version, key
):
    _uri_provider(tmp_path, key)
    assert compile_source(_uri_dag(version, "widget://"), version).ok  # the handler would refuse it


def test_a_uri_the_handler_rejects_fails_on_3x_and_is_kept_on_2x(compile_source, tmp_path):
    _uri_provider(tmp_path, "asset-uris")
    result = compile_source(_uri_dag("3.3", "widget://"), "3.3")
    assert result.error is not None and result.error.type == "ValueError"
    assert "must contain a host" in result.error.message

    _uri_provider(tmp_path, "dataset-uris")  # 2.x warns ("not AIP-60 compliant") and keeps the URI
    assert compile_source(_uri_dag("2.11", "widget://"), "2.11").ok


def test_a_handler_that_is_not_self_contained_is_refused_naming_the_scheme(compile_source, tmp_path):
    _uri_provider(tmp_path, "asset-uris", handler="reaches_out")
    result = compile_source(_uri_dag("3.3", "widget://box/a"), "3.3")
    assert result.error is not None and result.error.type == "ShimUnsupported"
    assert "widget://" in result.error.message and result.error.line == 2


def test_an_installed_provider_operators_own_argument_checks_are_made(compile_source, tmp_path):
    """As DockerOperator checks ``auto_remove``: a top-level ``if`` of ``__init__`` that raises a
    builtin exception, reading only parameters. One reading ``self`` or a module name is not made."""
    _provider(
        tmp_path,
        "acmechk",
        {
            "get_provider_info.py": "def get_provider_info():\n    return {}\n",
            "operators/widget.py": (
                "from airflow.sdk import BaseOperator\n"
                "LIMIT = 3\n"
                "class WidgetOperator(BaseOperator):\n"
                "    def __init__(self, *, colour='red', size=1, **kwargs):\n"
                "        super().__init__(**kwargs)\n"
                "        if not colour or colour not in ('red', 'blue'):\n"
                "            msg = f'Invalid `colour` value {colour!r}'\n"
                "            raise ValueError(msg)\n"
                "        if size > LIMIT:\n"
                "            raise ValueError('too big')\n"
            ),
        },
    )
    dag = OPERATOR_DAG.format(name="acmechk").replace("    WidgetOperator.partial", "    # ")
    assert compile_source(dag, "3.3").ok
    wrong = compile_source(dag.replace("colour='blue'", "colour=True"), "3.3")
    assert wrong.error is not None and wrong.error.type == "ValueError"
    assert wrong.error.message == "Invalid `colour` value True" and wrong.error.line == 5
    assert compile_source(dag.replace("colour='blue'", "size=9"), "3.3").ok  # reads LIMIT: not made
    assert compile_source(dag.replace("colour='blue'", "colour='{{ var.value.c }}'"), "3.3").error


def test_a_core_name_redirected_into_a_provider_not_installed_fails_at_the_import(compile_source, acme):
    """2.x's airflow.operators.hive_operator redirects into the hive provider: with providers
    installed here but not that one, Airflow's redirect raises ImportError at the import line."""
    source = "from airflow.operators.hive_operator import HiveOperator\n"
    result = compile_source(source, "2.11")
    assert result.error is not None and result.error.type == "ImportError" and result.error.line == 1
    assert result.error.message == (
        "Could not import `airflow.providers.apache.hive.operators.hive.HiveOperator` while trying to "
        "import `airflow.operators.hive_operator.HiveOperator`."
    )


TIME_SENSOR = "from airflow.providers.standard.sensors.time_sensor import TimeSensor\n"
PROVIDER_INFO = {"get_provider_info.py": "def get_provider_info():\n    return {}\n"}


def test_a_module_the_table_measured_missing_is_missing_where_the_provider_lacks_it(compile_source, tmp_path):
    """The table measured ``airflow.providers.standard.sensors.time_sensor`` missing (the provider
    names it ``sensors.time``): an installed provider without that file fails as Python does."""
    _provider(tmp_path, "standard", PROVIDER_INFO)
    error = compile_source(TIME_SENSOR, "2.11").error
    assert error is not None and error.type == "ModuleNotFoundError", error
    assert "No module named 'airflow.providers.standard.sensors.time_sensor'" in error.message


def test_a_module_the_table_measured_missing_but_installed_here_is_refused(compile_source, tmp_path):
    """An installed provider (another version than the one measured) that has the module the table
    measured missing: what it holds is unknown, so the shim refuses, naming the module."""
    _provider(
        tmp_path, "standard", {**PROVIDER_INFO, "sensors/time_sensor.py": "class TimeSensor:\n    pass\n"}
    )
    error = compile_source(TIME_SENSOR, "2.11").error
    assert error is not None and error.type == "ShimUnsupported", error
    assert "airflow.providers.standard.sensors.time_sensor" in error.message
    assert "measured without it" in error.message


WIDGET = (
    "from airflow.sdk import BaseOperator\n"
    "class WidgetOperator(BaseOperator):\n"
    "    def __init__(self, *, PARAM, **kwargs):\n"
    "        super().__init__(**kwargs)\n"
)
# One parser, file after file (as the shared listing parses), with the provider edited between two.
EDITED_BETWEEN_FILES = """
import os, pathlib, sys
from pytest_dagfidelity.worker.shim_loader import ShimLoader

folder = pathlib.Path(sys.argv[1])
widget = folder / "airflow" / "providers" / "acmeedit" / "operators" / "widget.py"
loader = ShimLoader("3.3")
for number, param in enumerate(("colour", "shade")):
    widget.write_text(sys.argv[2].replace("PARAM", param))
    os.utime(widget, ns=(10**18 + number, 10**18 + number))  # a new modification time, surely
    dag = folder / f"dag_{param}.py"
    dag.write_text(sys.argv[3].replace("PARAM", param))
    response = loader.handle({"path": str(dag), "now": None, "import_path": [str(folder)]})
    print(param, response["ok"], (response.get("error") or {}).get("message", ""))
"""


def test_a_provider_edited_between_two_files_is_read_again(tmp_path):
    # What the shim reads of a provider's files is kept while one DAG file is parsed (a task at a
    # time asked for hundreds of stats), never longer: the next file sees the provider as it is.
    _provider(
        tmp_path,
        "acmeedit",
        {"get_provider_info.py": "def get_provider_info():\n    return {}\n", "operators/widget.py": ""},
    )
    dag = OPERATOR_DAG.format(name="acmeedit").replace("colour='blue'", "PARAM=1")
    dag = dag.replace("colour=", "PARAM=")
    done = subprocess.run(
        [sys.executable, "-c", EDITED_BETWEEN_FILES, str(tmp_path), WIDGET, dag],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["colour True ", "shade True "]
