"""The standard provider on Airflow 2: a package installed apart from Airflow, which the 2.x rows
of the version table measured installed (``unbundled_providers``). Its modules exist only where
the provider is installed, as Python finds them; Airflow 3 depends on it, so there it always does.
Compared with real Airflow 2.9-2.11 by ``corpus/standard_provider__af2.py``."""

from __future__ import annotations

import importlib.metadata

import pytest

SOURCE = (
    "import pendulum\n"
    "from airflow import DAG\n"
    "from airflow.operators.bash import BashOperator as CoreBash\n"
    "from airflow.providers.standard.operators.bash import BashOperator\n"
    "with DAG('d', start_date=pendulum.datetime(2024, 1, 1, tz='UTC'), schedule=None):\n"
    "    CoreBash(task_id='core', bash_command='echo core')\n"
    "    BashOperator(task_id='provider', bash_command='echo provider')\n"
)
AIRFLOW_2 = pytest.mark.parametrize("version", ["2.9", "2.10", "2.11"])


def _installed_here() -> bool:
    try:
        importlib.metadata.distribution("apache-airflow-providers-standard")
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


@pytest.fixture
def standard_installed(tmp_path):
    """The standard provider's package next to the DAG, as an installed provider is found: a
    folder with its ``get_provider_info``. What its modules hold comes from the version table."""
    package = tmp_path / "airflow" / "providers" / "standard"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "get_provider_info.py").write_text("def get_provider_info():\n    return {}\n")
    return tmp_path


def _classes(result) -> dict[str, str]:
    assert result.ok, result.error
    tasks = result.doc["dags"]["d"]["tasks"]
    return {t["task_id"]: t["operator"] for t in (tasks.values() if isinstance(tasks, dict) else tasks)}


@AIRFLOW_2
def test_without_the_provider_airflow_2_has_no_such_module(compile_source, version):
    if _installed_here():
        pytest.skip("apache-airflow-providers-standard is installed in this environment")
    result = compile_source(SOURCE, version)
    assert result.error is not None, result.doc
    assert result.error.type == "ModuleNotFoundError"
    assert "No module named 'airflow.providers.standard'" in result.error.message
    assert result.error.line == 4


@AIRFLOW_2
def test_with_the_provider_airflow_2_serves_its_classes_apart_from_core(
    compile_source, standard_installed, version
):
    assert _classes(compile_source(SOURCE, version)) == {
        "core": "airflow.operators.bash.BashOperator",
        "provider": "airflow.providers.standard.operators.bash.BashOperator",
    }


def test_airflow_3_depends_on_the_provider_so_it_is_always_there(compile_source):
    assert _classes(compile_source(SOURCE, "3.3")) == {
        "core": "airflow.providers.standard.operators.bash.BashOperator",
        "provider": "airflow.providers.standard.operators.bash.BashOperator",
    }


@AIRFLOW_2
def test_a_module_the_measured_provider_lacks_is_still_missing(compile_source, standard_installed, version):
    result = compile_source("from airflow.providers.standard.operators.no_such_module import X\n", version)
    assert result.error is not None and result.error.type == "ModuleNotFoundError", result.error
    assert "airflow.providers.standard.operators.no_such_module" in result.error.message
