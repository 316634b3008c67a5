"""Which files are dag-factory YAML configs (yaml_dags.py), and discovery finding them beside .py files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_dagfidelity import yaml_dags
from pytest_dagfidelity.discovery import dag_files

CONFIG = "orders:\n  tasks:\n    - task_id: a\n      operator: airflow.operators.empty.EmptyOperator\n"
DAG_SOURCE = "from airflow import DAG\ndag = DAG('x')\n"
LOADER = "from dagfactory import load_yaml_dags\nload_yaml_dags(globals_dict=globals())\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    files = {
        "orders.yml": CONFIG,
        "team/refunds.yaml": CONFIG,
        "defaults.yml": "default_args:\n  owner: me\n",  # dag-factory's defaults, never a DAG
        "team/defaults.yaml": CONFIG,  # defaults for the configs beside it, not a config of its own
        "datasets.yml": "datasets:\n  - name: a\n    uri: s3://a\n",  # no tasks: no DAG
        "notes.txt": CONFIG,
        "plain.py": DAG_SOURCE,
        "load_yaml.py": LOADER + "# airflow dag\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def found(root: Path, suffixes: list[str] | None = None) -> list[str]:
    return [p.relative_to(root).as_posix() for p in dag_files(root, "3.3", yaml_suffixes=suffixes)]


def test_configs_are_found_as_dag_factorys_loader_finds_them(folder: Path) -> None:
    # The loader file is left out: its DAGs are the YAML files', collected once.
    assert found(folder) == ["orders.yml", "plain.py", "team/refunds.yaml"]


def test_suffixes_are_configurable_and_none_turns_yaml_off(folder: Path) -> None:
    assert found(folder, [".yaml"]) == ["plain.py", "team/refunds.yaml"]
    assert found(folder, ["txt"]) == ["notes.txt", "plain.py"]
    # Without YAML, the loader file is a DAG file again: it is how the DAGs get built.
    assert found(folder, []) == ["load_yaml.py", "plain.py"]


def test_the_environment_sets_the_suffixes_for_every_route(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(yaml_dags.SUFFIXES_ENV, ".yaml")
    assert found(folder) == ["plain.py", "team/refunds.yaml"]
    monkeypatch.setenv(yaml_dags.SUFFIXES_ENV, "")
    assert found(folder) == ["load_yaml.py", "plain.py"]


def test_airflowignore_applies_to_yaml_too(folder: Path) -> None:
    (folder / ".airflowignore").write_text("team/\n")
    assert found(folder) == ["orders.yml", "plain.py"]


@pytest.mark.parametrize(
    ("text", "loader"),
    [
        (LOADER, True),
        ("import dagfactory\ndagfactory.load_yaml_dags(globals())\n", True),
        ("from dagfactory import DagFactory\n", True),
        ("# we used to call load_yaml_dags here\nfrom airflow import DAG\n", False),  # no import
        ("from dagfactory.utils import merge_configs\n", False),  # no loader call
    ],
)
def test_a_loader_file_imports_dagfactory_and_calls_its_loader(
    tmp_path: Path, text: str, loader: bool
) -> None:
    path = tmp_path / "f.py"
    path.write_text(text)
    assert yaml_dags.is_loader_file(path) is loader
