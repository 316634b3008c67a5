"""dag-factory YAML configs in the plugin: one item per DAG a config defines, held to the goldens
real Airflow plus dag-factory wrote (goldens/<version>/corpus/factory_yaml), by the shim alone."""

from __future__ import annotations

import shutil

import pytest

from ..conftest import needs_dag_factory
from .conftest import REPO, TARGET, Project, without_airflow

SOURCE = REPO / "corpus" / "factory_yaml"


@pytest.fixture(autouse=True)
def _needs_dag_factory() -> None:
    needs_dag_factory()


def yaml_project(project: Project) -> None:
    shutil.copytree(SOURCE, project.dags / "factory_yaml")
    shutil.copytree(
        REPO / "goldens" / TARGET / "corpus" / "factory_yaml", project.goldens / "dags" / "factory_yaml"
    )


def collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if "::" in line and not line.startswith(" ")]


def test_each_dag_of_a_config_is_one_item_named_file_and_dag_id(project: Project) -> None:
    yaml_project(project)
    items = collected(project.run("--dag-fidelity", "--collect-only", "-q"))
    assert "dags/factory_yaml/several_dags.yml::several_dags_daily_kpis" in items
    assert "dags/factory_yaml/default_block.yml::default_block_refunds" in items
    assert not [i for i in items if "defaults.yml" in i or "callables.py" in i or "operators.py" in i]


@without_airflow
def test_the_shim_matches_real_airflows_goldens_for_every_config(project: Project) -> None:
    yaml_project(project)
    result = project.run("--dag-fidelity", "-p", "no:randomly")
    goldens = list((project.goldens / "dags" / "factory_yaml").rglob("*.json"))
    declared = [g for g in goldens if g.name == "@error.json"]
    # Every DAG golden is one passing item; the config declared to fail on this version is an xfail.
    result.assert_outcomes(passed=len(goldens) - len(declared), xfailed=len(declared))
    assert len(goldens) >= 15


@without_airflow
def test_a_changed_config_fails_with_a_path_diff(project: Project) -> None:
    yaml_project(project)
    config = project.dags / "factory_yaml" / "tasks_as_mapping.yml"
    config.write_text(config.read_text().replace("trigger_rule: all_done", "trigger_rule: all_success"))
    result = project.run("--dag-fidelity", "dags/factory_yaml/tasks_as_mapping.yml")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(['*tasks/cleanup/trigger_rule: "all_done" → "all_success"*'])


def test_a_loader_file_does_not_build_the_same_dags_again(project: Project) -> None:
    yaml_project(project)
    (project.dags / "load_yaml.py").write_text(
        "# airflow dag loader\nfrom dagfactory import load_yaml_dags\n\n"
        "load_yaml_dags(globals_dict=globals())\n"
    )
    items = collected(project.run("--dag-fidelity", "--collect-only", "-q"))
    assert items and not [i for i in items if "load_yaml.py" in i]
    # With YAML collection off, the loader file is the DAG file.
    items = collected(
        project.run("--dag-fidelity", "--collect-only", "-q", "--dag-fidelity-yaml-suffixes", "none")
    )
    assert [i.split("::")[0] for i in items] == ["dags/load_yaml.py"]


def test_a_broken_config_fails_naming_the_yaml_line_and_key(project: Project) -> None:
    (project.dags / "orders.yml").write_text(
        "orders:\n  default_args:\n    start_date: 2024-01-01\n  schedule: null\n  tasks:\n"
        "    - task_id: a\n      operator: airflow.operators.empty.NoSuchOperator\n"
    )
    result = project.run("--dag-fidelity")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*dags/orders.yml:7: ImportError*(YAML key orders.tasks.a.operator)*"])
