"""``@task.<name>`` decorators registered through the ``apache_airflow_provider`` entry point by a
distribution outside ``airflow/providers/`` (as ``airflow-ai-sdk`` registers ``@task.llm``): the
shim finds them in the distribution's ``entry_points.txt`` and the ``get_provider_info()`` source it
names, never importing either, and captures or refuses them as it does provider decorators. The
distribution here is real files on ``sys.path`` (a package and its ``.dist-info``), written as
airflow-ai-sdk writes them: ``"versions": [__version__]`` is not a literal. The same distribution
installed into the site-packages of real Airflow 2.11.2 and 3.3.2 gave the same dag.json for
``@task.llm`` (docs/fidelity.md says how that was run)."""

from __future__ import annotations

from pathlib import Path

import pytest

HEADER = {
    "3.3": "import pendulum\nfrom airflow.sdk import DAG, task\n",
    "2.11": "import pendulum\nfrom airflow import DAG\nfrom airflow.decorators import task\n",
}
both = pytest.mark.parametrize("version", sorted(HEADER))


@pytest.fixture
def acme_ai(tmp_path):
    package = tmp_path / "acme_ai"
    (package / "decorators").mkdir(parents=True)
    (package / "__init__.py").write_text(
        "__version__ = '0.3.0'\n"
        "def get_provider_info():\n"
        "    return {\n"
        "        'package-name': 'acme-ai',\n"
        "        'name': 'Acme AI',\n"
        "        'description': 'LLM tasks',\n"
        "        'versions': [__version__],\n"
        "        'task-decorators': [\n"
        "            {'name': 'llm', 'class-name': 'acme_ai.decorators.llm.llm'},\n"
        "            {'name': 'agent', 'class-name': 'acme_ai.decorators.llm.agent'},\n"
        "        ],\n"
        "    }\n"
    )
    (package / "decorators" / "__init__.py").write_text("")
    (package / "decorators" / "llm.py").write_text(
        "try:\n"
        "    from airflow.sdk.bases.decorator import task_decorator_factory\n"
        "    from airflow.providers.standard.decorators.python import _PythonDecoratedOperator\n"
        "except ImportError:\n"
        "    from airflow.decorators.base import task_decorator_factory\n"
        "    from airflow.decorators.python import _PythonDecoratedOperator\n"
        "class LLMDecoratedOperator(_PythonDecoratedOperator):\n"
        "    custom_operator_name = '@task.llm'\n"
        "def build_agent(model):\n"
        "    return model\n"
        "class AgentDecoratedOperator(_PythonDecoratedOperator):\n"
        "    custom_operator_name = '@task.agent'\n"
        "    def __init__(self, *, model, **kwargs):\n"
        "        super().__init__(op_kwargs={'agent': build_agent(model)}, **kwargs)\n"
        "def llm(python_callable=None, multiple_outputs=None, **kwargs):\n"
        "    return task_decorator_factory(python_callable=python_callable,\n"
        "                                  multiple_outputs=multiple_outputs,\n"
        "                                  decorated_operator_class=LLMDecoratedOperator, **kwargs)\n"
        "def agent(python_callable=None, multiple_outputs=None, **kwargs):\n"
        "    return task_decorator_factory(python_callable=python_callable,\n"
        "                                  multiple_outputs=multiple_outputs,\n"
        "                                  decorated_operator_class=AgentDecoratedOperator, **kwargs)\n"
    )
    dist_info = tmp_path / "acme_ai-0.3.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-ai\nVersion: 0.3.0\n")
    (dist_info / "entry_points.txt").write_text(
        "[apache_airflow_provider]\nprovider_info = acme_ai:get_provider_info\n"
    )
    return tmp_path


def dag(version: str, decorator: str) -> str:
    return HEADER[version] + (
        f"@task.{decorator}\n"
        "def summarise(text):\n"
        "    return text\n"
        "with DAG('d', start_date=pendulum.datetime(2024, 1, 1, tz='UTC'), schedule=None):\n"
        "    summarise('hello')\n"
    )


@both
def test_a_decorator_registered_through_an_entry_point_is_captured(compile_source, acme_ai, version):
    result = compile_source(dag(version, "llm"), version)
    assert result.ok, result.error
    summarised = result.doc["dags"]["d"]["tasks"]["summarise"]
    assert summarised["operator"] == "acme_ai.decorators.llm.LLMDecoratedOperator"
    assert summarised["operator_name"] == "@task.llm"
    assert summarised["arguments"]["op_args"] == ["hello"]


@both
def test_one_whose_constructor_the_shim_cannot_read_is_refused(compile_source, acme_ai, version):
    result = compile_source(dag(version, "agent(model='m')"), version)
    assert result.error is not None, result.doc
    assert result.error.type == "ShimUnsupported"
    assert "@task.agent" in result.error.message
    assert "acme_ai.decorators.llm.AgentDecoratedOperator" in result.error.message


@both
def test_without_its_entry_point_the_name_is_not_registered(compile_source, acme_ai, version):
    (acme_ai / "acme_ai-0.3.0.dist-info" / "entry_points.txt").write_text(
        "[console_scripts]\nx = acme_ai:x\n"
    )
    result = compile_source(dag(version, "llm"), version)
    assert result.error is not None, result.doc
    assert "llm" in result.error.message


def test_the_entry_points_read_once_are_read_again_when_a_distribution_is_installed(
    tmp_path, monkeypatch
) -> None:
    # Entry points are cached per folder while it is unchanged: installing a distribution adds
    # its .dist-info to the folder, which changes it, so the next lookup sees it.
    import importlib.util

    import pytest_dagfidelity

    path = Path(pytest_dagfidelity.__file__).parent / "shim/airflow/_dagfidelity/entry_point_providers.py"
    spec = importlib.util.spec_from_file_location("entry_point_providers_alone", path)
    assert spec is not None and spec.loader is not None
    ep = importlib.util.module_from_spec(spec)  # standard library only: loads without the shim
    spec.loader.exec_module(ep)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "acme_late:info" not in ep.entry_points()
    dist = tmp_path / "acme_late-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text("[apache_airflow_provider]\nprovider_info = acme_late:info\n")
    assert "acme_late:info" in ep.entry_points()
