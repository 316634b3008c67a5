"""Provider classes the version table does not list, where the provider is installed: the shim
reads their source with ``ast`` (never imports them) for triggers inside asset watchers and
notifiers passed as callbacks. Each behaviour was confirmed against real Airflow 3.3.2 with the
common-messaging, http and slack providers installed (the real-world set in tools/realworld)."""

from __future__ import annotations

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
        # its state is the provider's code: refused where dag.json would carry it
        ("default_args={'on_failure_callback': ChatNotifier(channel='#c')}", "ShimUnsupported"),
    ],
)
def test_provider_notifiers_as_callbacks(compile_source, acme, callback, error):
    text = HEADER + (
        "from airflow.providers.acme.notifications.chat import ChatNotifier, send_chat_notification\n"
        f"with DAG('d', start_date=START, schedule=None, {callback}):\n"
        "    EmptyOperator(task_id='t')\n"
    )
    result = compile_source(text, "3.3")
    if error is None:
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
