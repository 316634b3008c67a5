"""Provider notifiers, where the provider is installed: in ``default_args`` real Airflow renders a
notifier by its instance state (what its ``__init__`` assigned to ``self`` and what Airflow's
BaseNotifier set), which the shim reads from the provider's source; as a callback dag.json only
records that a callback is set. The behaviours modelled here (state from arguments and defaults, a
hook's ``default_conn_name``, ``conf.get`` with a fallback, an ``AIRFLOW_V_3_1_PLUS`` gate choosing
what reaches the base) were confirmed on real Airflow 2.9.3 to 3.3.2 with the smtp provider
(``corpus/provider_notifiers__af2/af3.py``)."""

from __future__ import annotations

import pytest

HEADER = {
    "3.3": "import pendulum\nfrom airflow.sdk import DAG\nfrom airflow.providers.standard.operators.empty "
    "import EmptyOperator\n",
    "2.11": "import pendulum\nfrom airflow import DAG\nfrom airflow.operators.empty import EmptyOperator\n",
}
both = pytest.mark.parametrize("version", sorted(HEADER))


@pytest.fixture
def acme(tmp_path):
    """airflow/providers/acme next to the DAG, with notifiers written as real providers write them."""
    package = tmp_path / "airflow" / "providers" / "acme"
    for sub in ("hooks", "notifications"):
        (package / sub).mkdir(parents=True)
        (package / sub / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "get_provider_info.py").write_text("def get_provider_info():\n    return {}\n")
    (package / "version_compat.py").write_text(
        "def get_base_airflow_version_tuple():\n"
        "    from packaging.version import Version\n"
        "    from airflow import __version__\n"
        "    v = Version(__version__)\n"
        "    return v.major, v.minor, v.micro\n"
        "AIRFLOW_V_3_1_PLUS: bool = get_base_airflow_version_tuple() >= (3, 1, 0)\n"
    )
    (package / "hooks" / "chat.py").write_text(
        "from airflow.hooks.base import BaseHook\n"
        "class ChatHook(BaseHook):\n"
        "    default_conn_name = 'chat_default'\n"
    )
    (package / "notifications" / "chat.py").write_text(
        "from airflow.providers.common.compat.notifier import BaseNotifier\n"
        "from airflow.providers.common.compat.sdk import conf\n"
        "from airflow.providers.acme.hooks.chat import ChatHook\n"
        "from airflow.providers.acme.version_compat import AIRFLOW_V_3_1_PLUS\n"
        "def load(path):\n"
        "    return open(path).read()\n"
        "class ChatNotifier(BaseNotifier):\n"
        "    template_fields = ('text', 'channel')\n"
        "    template_ext = ('.txt',)\n"
        "    def __init__(self, channel, text=None, conn_id=ChatHook.default_conn_name, *, region=None,\n"
        "                 template=None, **kwargs):\n"
        "        if AIRFLOW_V_3_1_PLUS:\n"
        "            super().__init__(**kwargs)\n"
        "        else:\n"
        "            super().__init__()\n"
        "        if not channel.startswith('#'):\n"
        "            raise ValueError(f'not a channel: {channel}')\n"
        "        self.channel = channel\n"
        "        self.text = text\n"
        "        self.conn_id = conn_id\n"
        "        self.region = region or conf.get('email', 'email_conn_id', fallback='nowhere')\n"
        "        self.gate = AIRFLOW_V_3_1_PLUS\n"
        "        if self.text is None and template is not None:\n"
        "            self.text = load(template)\n"
        "send_chat_notification = ChatNotifier\n"
        "def valid(channel):\n"
        "    return channel.isalpha()\n"
        "class StrictNotifier(BaseNotifier):\n"
        "    def __init__(self, channel):\n"
        "        super().__init__()\n"
        "        if not valid(channel):\n"
        "            raise ValueError('bad channel')\n"
        "        self.channel = channel\n"
        "class EchoNotifier(ChatNotifier):\n"
        "    def __init__(self, **kwargs):\n"
        "        super().__init__(channel='#echo', **kwargs)\n"
    )
    return tmp_path


IMPORT = (
    "from airflow.providers.acme.notifications.chat import (\n"
    "    ChatNotifier, EchoNotifier, StrictNotifier, send_chat_notification)\n"
)


LINE_OF_DAG = IMPORT.count("\n") + HEADER["3.3"].count("\n") + 1


def dag(version: str, default_args: str, callback: str = "None") -> str:
    return (
        HEADER[version]
        + IMPORT
        + "with DAG('d', start_date=pendulum.datetime(2024, 1, 1, tz='UTC'), schedule=None,\n"
        f"         default_args={default_args}, on_failure_callback={callback}):\n"
        "    EmptyOperator(task_id='t')\n"
    )


@both
def test_a_notifier_in_default_args_carries_the_state_its_constructor_leaves(compile_source, acme, version):
    result = compile_source(
        dag(version, "{'on_failure_callback': ChatNotifier('#ops', text='{{ ds }}')}"), version
    )
    assert result.ok, result.error
    notifier = result.doc["dags"]["d"]["default_args"]["on_failure_callback"]["$object"]
    assert notifier["class"] == "airflow.providers.acme.notifications.chat.ChatNotifier"
    expected = {
        "channel": "#ops",
        "text": "{{ ds }}",
        "conn_id": "chat_default",  # the hook's class constant, as the default of a parameter
        "region": "smtp_default",  # conf.get: the [email] email_conn_id default of every version
        "gate": version == "3.3",  # the provider's version gate, for the target version
    }
    if version == "3.3":
        expected["context"] = {}  # what BaseNotifier itself sets from 3.1
    assert notifier["value"] == expected
    assert result.doc["dags"]["d"]["tasks"]["t"]["callbacks"] == ["on_failure_callback"]


@both
def test_an_alias_and_positional_arguments_give_the_same_state(compile_source, acme, version):
    source = dag(
        version, "{'on_retry_callback': [send_chat_notification('#ops', 'hi', 'mine', region='eu')]}"
    )
    result = compile_source(source, version)
    assert result.ok, result.error
    (notifier,) = result.doc["dags"]["d"]["default_args"]["on_retry_callback"]
    assert notifier["$object"]["class"].endswith(".ChatNotifier")
    value = notifier["$object"]["value"]
    assert (value["text"], value["conn_id"], value["region"]) == ("hi", "mine", "eu")


@pytest.mark.parametrize(
    ("default_args", "error", "words"),
    [
        # The constructor's own argument check, and Python's own errors.
        ("{'on_failure_callback': ChatNotifier('ops')}", "ValueError", "not a channel: ops"),
        ("{'x': ChatNotifier('#a', 'b', 'c', 'd')}", "TypeError", "positional arguments"),
        ("{'x': ChatNotifier('#a', channel='#b')}", "TypeError", "multiple values for argument 'channel'"),
        ("{'x': ChatNotifier('#a', colour='red')}", "TypeError", "unexpected keyword argument 'colour'"),
        # What the shim cannot know: a template file read by a helper, a provider base class.
        ("{'x': ChatNotifier('#a', template='msg.txt')}", "ShimUnsupported", "load(template)"),
        ("{'x': ChatNotifier('#a', text='body.txt')}", "ShimUnsupported", "names a template file"),
        ("{'x': EchoNotifier()}", "ShimUnsupported", "not Airflow's own BaseNotifier"),
    ],
)
@both
def test_what_a_provider_notifier_in_default_args_refuses(
    compile_source, acme, version, default_args, error, words
):
    result = compile_source(dag(version, default_args), version)
    assert result.error is not None, result.doc
    assert result.error.type == error, result.error
    assert words in result.error.message
    if error == "ShimUnsupported":
        assert "default_args" in result.error.message and result.error.line == LINE_OF_DAG


@both
def test_an_unreadable_notifier_is_still_fine_as_a_callback(compile_source, acme, version):
    result = compile_source(
        dag(version, "{}", "[EchoNotifier(), ChatNotifier('#a', template='m.txt')]"), version
    )
    assert result.ok, result.error
    assert result.doc["dags"]["d"]["callbacks"] == ["on_failure_callback"]


@both
def test_a_notifier_of_a_provider_not_installed_is_refused_in_default_args(compile_source, version):
    source = HEADER[version] + (
        "from airflow.providers.acme.notifications.chat import ChatNotifier\n"
        "with DAG('d', start_date=pendulum.datetime(2024, 1, 1, tz='UTC'), schedule=None,\n"
        "         default_args={'on_failure_callback': ChatNotifier('#ops')}):\n"
        "    EmptyOperator(task_id='t')\n"
    )
    result = compile_source(source, version)
    assert result.error is not None, result.doc
    assert result.error.type == "ShimUnsupported"
    assert "not installed next to the shim" in result.error.message


@both
def test_an_argument_check_the_shim_cannot_evaluate_is_refused_even_as_a_callback(
    compile_source, acme, version
):
    # Whether the constructor raises (and so whether real Airflow parses the file) is unknown.
    result = compile_source(dag(version, "{}", "StrictNotifier('ops')"), version)
    assert result.error is not None, result.doc
    assert result.error.type == "ShimUnsupported"
    assert "StrictNotifier" in result.error.message and "argument check" in result.error.message
