"""Provider ``@task.<name>`` decorators, where the provider is installed: the shim reads the
decorator a provider registers (``get_provider_info()["task-decorators"]``), the operator class it
hands ``task_decorator_factory`` and what that class's ``__init__`` passes on, from source, never
importing it. The behaviours modelled here (the class path and ``custom_operator_name`` recorded,
keywords the class fills in, a keyword popped from ``**kwargs`` with a default built from the
function's name, a keyword given twice) were confirmed on real Airflow 2.11.2 and 3.3.2 with the
docker and cncf.kubernetes providers (``corpus/provider_task_decorators__af2/af3.py``)."""

from __future__ import annotations

import pytest

HEADER = {
    "3.3": "import pendulum\nfrom airflow.sdk import DAG, task\n",
    "2.11": "import pendulum\nfrom airflow import DAG\nfrom airflow.decorators import task\n",
}
both = pytest.mark.parametrize("version", sorted(HEADER))


@pytest.fixture
def acme(tmp_path):
    """airflow/providers/acme next to the DAG, registering @task.widget (readable) and
    @task.opaque (whose constructor calls a helper), written as real providers write them."""
    package = tmp_path / "airflow" / "providers" / "acme"
    for sub in ("operators", "decorators"):
        (package / sub).mkdir(parents=True)
        (package / sub / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "get_provider_info.py").write_text(
        "def get_provider_info():\n"
        "    return {'package-name': 'acme', 'task-decorators': [\n"
        "        {'name': 'widget', 'class-name': 'airflow.providers.acme.decorators.widget.widget_task'},\n"
        "        {'name': 'opaque', 'class-name': 'airflow.providers.acme.decorators.widget.opaque_task'}]}\n"
    )
    (package / "operators" / "widget.py").write_text(
        "from airflow.models import BaseOperator\n"
        "class WidgetOperator(BaseOperator):\n"
        "    def __init__(self, *, command, name=None, size=1, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
    )
    (package / "decorators" / "widget.py").write_text(
        "try:\n"
        "    from airflow.sdk.bases.decorator import DecoratedOperator, task_decorator_factory\n"
        "except ImportError:\n"
        "    from airflow.decorators.base import DecoratedOperator, task_decorator_factory\n"
        "from airflow.providers.acme.operators.widget import WidgetOperator\n"
        "PREFIX = 'widget-'\n"
        "class _WidgetDecoratedOperator(DecoratedOperator, WidgetOperator):\n"
        "    custom_operator_name = '@task.widget'\n"
        "    def __init__(self, *, flavour='plain', **kwargs):\n"
        "        if flavour not in ('plain', 'spicy'):\n"
        "            raise ValueError(f'unknown flavour {flavour!r}')\n"
        "        name = kwargs.pop('name', f\"{PREFIX}{kwargs['python_callable'].__name__}\")\n"
        "        self.flavour = flavour\n"
        "        super().__init__(command='placeholder', name=name, **kwargs)\n"
        "def build_command():\n"
        "    return 'x'\n"
        "class _OpaqueDecoratedOperator(DecoratedOperator, WidgetOperator):\n"
        "    def __init__(self, **kwargs):\n"
        "        super().__init__(command=build_command(), **kwargs)\n"
        "def widget_task(python_callable=None, multiple_outputs=None, **kwargs):\n"
        "    return task_decorator_factory(python_callable=python_callable,\n"
        "                                  multiple_outputs=multiple_outputs,\n"
        "                                  decorated_operator_class=_WidgetDecoratedOperator, **kwargs)\n"
        "def opaque_task(python_callable=None, multiple_outputs=None, **kwargs):\n"
        "    return task_decorator_factory(python_callable=python_callable,\n"
        "                                  multiple_outputs=multiple_outputs,\n"
        "                                  decorated_operator_class=_OpaqueDecoratedOperator, **kwargs)\n"
    )
    return tmp_path


def dag(version: str, decorator: str, call: str = "shape(start())") -> str:
    return HEADER[version] + (
        "@task\n"
        "def start():\n"
        "    return 1\n"
        f"@task.{decorator}\n"
        "def shape(x):\n"
        "    return x\n"
        "with DAG('d', start_date=pendulum.datetime(2024, 1, 1, tz='UTC'), schedule=None):\n"
        f"    {call}\n"
    )


@both
def test_a_provider_decorator_records_its_class_and_what_it_passes_on(compile_source, acme, version):
    result = compile_source(dag(version, "widget(size=3)"), version)
    assert result.ok, result.error
    shaped = result.doc["dags"]["d"]["tasks"]["shape"]
    assert shaped["operator"] == "airflow.providers.acme.decorators.widget._WidgetDecoratedOperator"
    assert shaped["operator_name"] == "@task.widget"
    assert shaped["upstream"] == ["start"]
    arguments = shaped["arguments"]
    assert arguments["command"] == "placeholder" and arguments["name"] == "widget-shape"
    assert arguments["size"] == 3 and "flavour" not in arguments
    assert arguments["op_args"] == [{"$xcom": {"key": "return_value", "task_id": "start"}}]
    assert not result.unvalidated


@both
def test_a_keyword_the_class_pops_keeps_what_the_caller_gave(compile_source, acme, version):
    result = compile_source(dag(version, "widget(name='mine', flavour='spicy')"), version)
    assert result.ok, result.error
    arguments = result.doc["dags"]["d"]["tasks"]["shape"]["arguments"]
    assert arguments["name"] == "mine" and arguments["flavour"] == "spicy"


@pytest.mark.parametrize(
    ("decorator", "error", "words"),
    [
        ("widget(flavour='sour')", "ValueError", "unknown flavour 'sour'"),  # its own argument check
        ("widget(command='echo')", "TypeError", "multiple values for keyword argument 'command'"),
        ("widget(nope=1)", None, "Invalid arguments were passed to _WidgetDecoratedOperator"),
        ("opaque", "ShimUnsupported", "@task.opaque"),  # a constructor the shim cannot evaluate
    ],
)
@both
def test_what_a_provider_decorator_refuses(compile_source, acme, version, decorator, error, words):
    result = compile_source(dag(version, decorator), version)
    assert result.error is not None, result.doc
    if error is not None:
        assert result.error.type == error
    assert words in result.error.message


@both
def test_mapping_a_provider_decorator_is_refused(compile_source, acme, version):
    result = compile_source(dag(version, "widget", "shape.expand(x=[1, 2])"), version)
    assert result.error is not None and result.error.type == "ShimUnsupported"
    assert "@task.widget" in result.error.message
