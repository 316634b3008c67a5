"""dag-factory YAML configs through the shim, without Airflow: dag-factory itself builds the DAGs
against the stand-in ``airflow``, and its errors are traced back to the YAML.

The corpus configs' dag.json is held to real Airflow's goldens by the plugin
(tests/plugin/test_yaml.py); here, the route and the error records."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_dagfidelity.backends import Backend
from pytest_dagfidelity.worker import yaml_loading

from .conftest import IN_CI, RESOURCES

REPO = Path(__file__).parent.parent
CORPUS_YAML = REPO / "corpus" / "factory_yaml"
BAD = RESOURCES / "yaml" / "bad"
VERSIONS = ("2.11", "3.3")


@pytest.fixture(scope="module", autouse=True)
def _needs_dag_factory() -> None:
    if importlib.util.find_spec("dagfactory") is None:
        reason = "dag-factory is not installed: `pip install --no-deps dag-factory` (nox -s tests does)"
        if IN_CI:
            pytest.fail(f"CI must not skip the YAML tests: {reason}")
        pytest.skip(reason)


def compile_yaml(shim: Callable[[str], Backend], path: Path, version: str, folder: Path = CORPUS_YAML.parent):
    return shim(version).compile(str(path), file=path.name, import_path=[str(folder)])


@pytest.mark.parametrize("version", VERSIONS)
def test_dag_factory_builds_every_dag_of_a_file_on_the_shim(
    shim: Callable[[str], Backend], version: str
) -> None:
    result = compile_yaml(shim, CORPUS_YAML / "several_dags.yml", version)
    assert result.ok, result.error
    assert result.dag_ids == [
        "several_dags_backfill",
        "several_dags_daily_kpis",
        "several_dags_weekly_digest",
    ]
    kpis = result.doc["dags"]["several_dags_daily_kpis"]  # type: ignore[index]
    # From the file's `default` block, and from the defaults.yml beside it (dag-factory merges both).
    assert kpis["default_args"]["owner"] == "reporting" and kpis["default_args"]["retries"] == 0
    assert "dagfactory" in kpis["tags"] and kpis["catchup"] is False


@pytest.mark.parametrize("version", VERSIONS)
def test_taskflow_mapping_from_yaml_reaches_dag_json(shim: Callable[[str], Backend], version: str) -> None:
    result = compile_yaml(shim, CORPUS_YAML / "taskflow_decorator.yml", version)
    assert result.ok, result.error
    tasks = result.doc["dags"]["taskflow_decorator"]["tasks"]  # type: ignore[index]
    assert tasks["double_numbers"]["operator_name"] == "@task"
    assert tasks["double_numbers"]["upstream"] == ["numbers"]
    assert tasks["double_two"]["mapped"] is None and tasks["double_literal"]["mapped"] is not None


# (file, line, type, key the message names) — each confirmed against real Airflow 2.11 and 3.3
# with dag-factory 1.1.0 by tests/test_yaml_fidelity.py, which expects the same lines.
BAD_CASES = [
    ("bad_syntax.yml", 8, "ParserError", None),
    ("unknown_operator.yml", 9, "ImportError", "unknown_operator.tasks.broken.operator"),
    ("missing_task_id.yml", 8, "DagFactoryConfigException", "missing_task_id.tasks.1"),
    ("unknown_key.yml", 9, None, "unknown_key.tasks.echo.retires"),
    ("unknown_dependency.yml", 10, "KeyError", "unknown_dependency.tasks.second.dependencies"),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("name", "line", "type_", "key"), BAD_CASES)
def test_errors_name_the_yaml_line_and_key(
    shim: Callable[[str], Backend], version: str, name: str, line: int, type_: str | None, key: str | None
) -> None:
    result = compile_yaml(shim, BAD / name, version, BAD)
    assert result.error is not None, result.doc
    error = result.error
    assert error.line == line
    assert error.origin == "dag"
    if type_:
        assert error.type == type_
    if key:
        assert f"(YAML key {key})" in error.message
    assert error.fix and "loader" not in error.fix and "dagfidelity-yaml" not in error.message


def test_a_missing_dag_factory_says_what_to_install(tmp_path: Path) -> None:
    config = tmp_path / "x.yml"
    config.write_text("x:\n  tasks: []\n")
    error = {"type": "ModuleNotFoundError", "message": "No module named 'dagfactory'", "line": 2}
    located = yaml_loading.locate(
        error, ModuleNotFoundError("No module named 'dagfactory'", name="dagfactory"), str(config)
    )
    assert located["line"] is None
    assert "pip install --no-deps dag-factory" in located["fix"]


def test_the_loader_file_is_removed_after_the_parse(tmp_path: Path) -> None:
    config = tmp_path / "x.yml"
    config.write_text("x:\n  tasks: []\n")
    with yaml_loading.loader_for(str(config), str(tmp_path)) as loader:
        text = Path(loader).read_text()
        assert repr(str(config)) in text and "load_yaml_dags(" in text
    assert not Path(loader).exists() and not Path(loader).parent.exists()
