"""Provider classes that shape a DAG but are not operators (task groups, timetables): building one
while the file is parsed is refused at its line, never captured as a provider operator. Where the
provider is installed, the kind comes from the class's ancestors in its source (databricks defines
``DatabricksWorkflowTaskGroup(TaskGroup)`` in an ``operators`` module); where it is not, from the
class's name."""

from __future__ import annotations

import pytest

HEADER = {
    "3.3": "import pendulum\nfrom airflow.sdk import DAG\nfrom airflow.providers.standard.operators.empty "
    "import EmptyOperator\n",
    "2.11": "import pendulum\nfrom airflow import DAG\nfrom airflow.operators.empty import EmptyOperator\n",
}
both = pytest.mark.parametrize("version", sorted(HEADER))
OPEN_DAG = "with DAG('d', start_date=pendulum.datetime(2024, 1, 1, tz='UTC'), schedule=None):\n"


@pytest.fixture
def acme(tmp_path):
    """airflow/providers/acme next to the DAG: a task group and an operator in one operators
    module (as databricks has them), a timetable, and an alias of the task group."""
    package = tmp_path / "airflow" / "providers" / "acme"
    for sub in ("operators", "timetables"):
        (package / sub).mkdir(parents=True)
        (package / sub / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "get_provider_info.py").write_text("def get_provider_info():\n    return {}\n")
    (package / "operators" / "workflow.py").write_text(
        "try:\n"
        "    from airflow.sdk import TaskGroup, BaseOperator\n"
        "except ImportError:\n"
        "    from airflow.utils.task_group import TaskGroup\n"
        "    from airflow.models import BaseOperator\n"
        "class _Grouped(TaskGroup):\n"
        "    pass\n"
        "class WorkflowGroup(_Grouped):\n"
        "    def __init__(self, conn_id, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
        "Workflow = WorkflowGroup\n"
        "class LaunchOperator(BaseOperator):\n"
        "    def __init__(self, *, job, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
    )
    (package / "timetables" / "market.py").write_text(
        "from airflow.timetables.base import Timetable\n"
        "class MarketHours(Timetable):\n"
        "    def __init__(self, exchange):\n"
        "        self.exchange = exchange\n"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("imports", "body", "words"),
    [
        (
            "from airflow.providers.acme.operators.workflow import WorkflowGroup",
            "    with WorkflowGroup(group_id='wf', conn_id='c'):\n        EmptyOperator(task_id='t')\n",
            "provider task group airflow.providers.acme.operators.workflow.WorkflowGroup",
        ),
        (  # an alias, read from a module attribute chain
            "from airflow.providers.acme.operators import workflow",
            "    with workflow.Workflow(group_id='wf', conn_id='c'):\n        EmptyOperator(task_id='t')\n",
            "provider task group airflow.providers.acme.operators.workflow.Workflow",
        ),
    ],
)
@both
def test_a_provider_task_group_is_refused_where_it_is_built(
    compile_source, acme, version, imports, body, words
):
    result = compile_source(HEADER[version] + imports + "\n" + OPEN_DAG + body, version)
    assert result.error is not None, result.doc
    assert result.error.type == "ShimUnsupported"
    assert words in result.error.message and "tasks and edges" in result.error.message
    assert result.error.line == 6


@both
def test_a_provider_timetable_is_refused_where_it_is_built(compile_source, acme, version):
    source = HEADER[version] + (
        "from airflow.providers.acme.timetables.market import MarketHours\n"
        "with DAG('d', start_date=pendulum.datetime(2024, 1, 1, tz='UTC'), schedule=MarketHours('x')):\n"
        "    EmptyOperator(task_id='t')\n"
    )
    result = compile_source(source, version)
    assert result.error is not None, result.doc
    assert result.error.type == "ShimUnsupported"
    assert "provider timetable airflow.providers.acme.timetables.market.MarketHours" in result.error.message
    assert result.error.line == 5


@both
def test_an_operator_beside_a_task_group_is_still_captured(compile_source, acme, version):
    source = HEADER[version] + (
        "from airflow.providers.acme.operators.workflow import LaunchOperator, WorkflowGroup\n"
        + OPEN_DAG
        + "    LaunchOperator(task_id='launch', job='j')\n"
    )
    result = compile_source(source, version)
    assert result.ok, result.error
    launch = result.doc["dags"]["d"]["tasks"]["launch"]
    assert launch["operator"] == "airflow.providers.acme.operators.workflow.LaunchOperator"
    assert launch["arguments"]["job"] == "j"


@both
def test_a_task_group_of_a_provider_not_installed_is_refused_by_its_name(compile_source, version):
    source = HEADER[version] + (
        "from airflow.providers.databricks.operators.databricks_workflow import DatabricksWorkflowTaskGroup\n"
        + OPEN_DAG
        + "    with DatabricksWorkflowTaskGroup(group_id='wf', databricks_conn_id='db'):\n"
        "        EmptyOperator(task_id='t')\n"
    )
    result = compile_source(source, version)
    assert result.error is not None, result.doc
    assert result.error.type == "ShimUnsupported"
    assert (
        "provider task group" in result.error.message
        and "DatabricksWorkflowTaskGroup" in result.error.message
    )


@pytest.fixture
def acme_triggers(tmp_path):
    """An event trigger written as http's HttpEventTrigger is: a provider base taking positional
    arguments, its own check on an argument, and one check the shim cannot evaluate."""
    package = tmp_path / "airflow" / "providers" / "acme"
    (package / "triggers").mkdir(parents=True)
    for folder in (package, package / "triggers"):
        (folder / "__init__.py").write_text("")
    (package / "get_provider_info.py").write_text("def get_provider_info():\n    return {}\n")
    (package / "triggers" / "poll.py").write_text(
        "from airflow.triggers.base import BaseEventTrigger, BaseTrigger\n"
        "def reachable(url):\n"
        "    return True\n"
        "class PollTrigger(BaseTrigger):\n"
        "    def __init__(self, conn_id='poll_default', method='GET'):\n"
        "        super().__init__()\n"
        "        self.conn_id = conn_id\n"
        "class PollEventTrigger(PollTrigger, BaseEventTrigger):\n"
        "    def __init__(self, check_path, conn_id='poll_default', retries=3, url=None):\n"
        "        super().__init__(conn_id, 'GET')\n"
        "        self.check_path = check_path\n"
        "        if retries < 1:\n"
        "            raise ValueError('retries must be at least 1')\n"
        "        if url is not None and not reachable(url):\n"
        "            raise ValueError('unreachable')\n"
        "class InheritedEventTrigger(PollEventTrigger):\n"
        "    pass\n"
    )
    return tmp_path


def watched(trigger: str) -> str:
    return (
        "from airflow.sdk import DAG, Asset, AssetWatcher\n"
        "from airflow.providers.standard.operators.empty import EmptyOperator\n"
        "from airflow.providers.acme.triggers.poll import InheritedEventTrigger, PollEventTrigger\n"
        f"a = Asset('a', watchers=[AssetWatcher(name='w', trigger={trigger})])\n"
        "with DAG('d', schedule=[a]):\n"
        "    EmptyOperator(task_id='t')\n"
    )


@pytest.mark.parametrize(
    "trigger",
    [
        "PollEventTrigger('checks.ok')",
        "PollEventTrigger('checks.ok', 'c', 2)",
        "InheritedEventTrigger('x', 'c')",
    ],
)
def test_a_provider_trigger_takes_its_positional_parameters(compile_source, acme_triggers, trigger):
    result = compile_source(watched(trigger), "3.3")
    assert result.ok, result.error
    assert result.doc["dags"]["d"]["schedule"]["kind"] == "asset"


@pytest.mark.parametrize(
    ("trigger", "error", "words"),
    [
        ("PollEventTrigger('x', retries=0)", "ValueError", "retries must be at least 1"),  # its own check
        ("InheritedEventTrigger('x', 'c', 0)", "ValueError", "retries must be at least 1"),
        ("PollEventTrigger('x', 'c', 3, None, 5)", "TypeError", "too many positional arguments"),
        ("PollEventTrigger('x', check_path='y')", "TypeError", "multiple values for argument 'check_path'"),
        ("PollEventTrigger('x', url='http://h')", "ShimUnsupported", "argument check"),  # reachable(url)
    ],
)
def test_what_a_provider_trigger_refuses(compile_source, acme_triggers, trigger, error, words):
    result = compile_source(watched(trigger), "3.3")
    assert result.error is not None, result.doc
    assert result.error.type == error, result.error
    assert words in result.error.message
    assert result.error.line == 4
