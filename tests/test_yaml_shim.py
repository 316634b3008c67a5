"""dag-factory YAML configs through the shim, without Airflow: dag-factory itself builds the DAGs
against the stand-in ``airflow``, and its errors are traced back to the YAML.

The corpus configs' dag.json is held to real Airflow's goldens by the plugin
(tests/plugin/test_yaml.py); here, the route and the error records."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_dagfidelity.backends import Backend
from pytest_dagfidelity.upgrade import Outcome, change_keys, compare, golden_outcome, outcome_of_result
from pytest_dagfidelity.worker import yaml_loading

from .conftest import RESOURCES, needs_dag_factory
from .test_upgrade import PAIRS

REPO = Path(__file__).parent.parent
CORPUS_YAML = REPO / "corpus" / "factory_yaml"
BAD = RESOURCES / "yaml" / "bad"
GOLDENS = REPO / "goldens"
CONFIGS = sorted(p for p in CORPUS_YAML.glob("*.yml") if p.name != "defaults.yml")
VERSIONS = ("2.11", "3.3")


@pytest.fixture(scope="module", autouse=True)
def _needs_dag_factory() -> None:
    needs_dag_factory()


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


# -- dagfidelity upgrade on YAML configs, proved against real Airflow's goldens ------------------
@pytest.fixture(scope="module")
def predicted(shim: Callable[[str], Backend]) -> Callable[[str, Path], Outcome]:
    cache: dict[tuple[str, Path], Outcome] = {}

    def get(version: str, path: Path) -> Outcome:
        if (version, path) not in cache:
            file = path.relative_to(REPO).as_posix()  # as the plugin names it, the corpus the DAG folder
            result = shim(version).compile(str(path), file=file, import_path=[str(CORPUS_YAML.parent)])
            cache[version, path] = outcome_of_result(result)
        return cache[version, path]

    return get


@pytest.mark.parametrize(("old", "new"), PAIRS)
@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_predicted_upgrade_changes_are_the_changes_between_real_goldens(
    old: str, new: str, path: Path, predicted: Callable[[str, Path], Outcome]
) -> None:
    file = path.relative_to(REPO).as_posix()
    real_old, real_new = golden_outcome(GOLDENS, old, file), golden_outcome(GOLDENS, new, file)
    assert real_old is not None and real_new is not None, f"{file} has no goldens for {old} or {new}"
    shim_old, shim_new = predicted(old, path), predicted(new, path)
    assert not shim_old.unknown and not shim_new.unknown, (shim_old.error, shim_new.error)
    real = change_keys(compare(real_old, real_new))
    assert change_keys(compare(shim_old, shim_new)) == real


def test_the_yaml_upgrade_proof_is_not_vacuous() -> None:
    seen: set[str] = set()
    for old, new in PAIRS:
        for path in CONFIGS:
            file = path.relative_to(REPO).as_posix()
            a, b = golden_outcome(GOLDENS, old, file), golden_outcome(GOLDENS, new, file)
            assert a is not None and b is not None
            seen |= {c.category for c in compare(a, b)}
    assert {"stops_parsing", "starts_parsing", "schedule", "operators"} <= seen, seen


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", *args], capture_output=True, text=True, cwd=REPO
    )


def test_compile_and_upgrade_take_a_yaml_config_on_the_command_line() -> None:
    done = cli(
        "compile",
        "corpus/factory_yaml/several_dags.yml",
        "--dag-folder",
        "corpus",
        "--airflow-version",
        "3.3",
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["file"] == "corpus/factory_yaml/several_dags.yml"
    assert sorted(doc["dags"]) == [
        "several_dags_backfill",
        "several_dags_daily_kpis",
        "several_dags_weekly_digest",
    ]
    done = cli(
        "upgrade", "--from", "2.11", "--to", "3.3", "--json", "--import-root", "corpus", "corpus/factory_yaml"
    )
    assert done.returncode == 1, done.stderr  # 1: something changes
    files = [json.loads(line)["file"] for line in done.stdout.splitlines() if line.startswith("{")]
    assert "corpus/factory_yaml/assets__af3.yml" in files and len(files) == len(CONFIGS)


_SERVE = """
import json, os, sys, tempfile
from pytest_dagfidelity.worker import forkserver
from pytest_dagfidelity.worker.shim_loader import ShimLoader

loader = ShimLoader("3.3")
loader.warm_up()  # as a worker starts (worker/__main__.py)
warmed = []
real = loader.warm_up_yaml

def warm_up_yaml():
    warmed.append({"answered": len(open(out_path, "rb").read().splitlines()),
                   "dagfactory": "dagfactory" in sys.modules})
    real()

loader.warm_up_yaml = warm_up_yaml
folder = sys.argv[1]
read, write = os.pipe()
lines = [
    json.dumps({"id": i, "path": p, "import_path": [folder]}) + "\\n" for i, p in enumerate(sys.argv[2:])
]
os.write(write, "".join(lines).encode())
os.close(write)
out_path = tempfile.mktemp()
with open(out_path, "wb") as channel, os.fdopen(read, "rb") as requests:
    forkserver.serve(loader, requests, channel)
answers = [json.loads(line)["response"] for line in open(out_path, "rb").read().splitlines()]
ok = [a["ok"] for a in answers]
print(json.dumps({"warmed": warmed, "ok": ok, "dagfactory": "dagfactory" in sys.modules}))
"""


def _serve(*paths: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _SERVE, str(CORPUS_YAML.parent), *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_a_worker_imports_dag_factory_before_its_first_yaml_config_and_not_at_start() -> None:
    dag = REPO / "corpus" / "edge_labels__af2.py"
    config = CORPUS_YAML / "several_dags.yml"
    seen = _serve(dag, config, dag, config)
    # Once, when the first config came (one answer sent before it), not imported until then;
    # every file parsed, the configs in parse processes forked after it.
    assert seen["warmed"] == [{"answered": 1, "dagfactory": False}]
    assert seen["ok"] == [True, True, True, True] and seen["dagfactory"] is True
    python_only = _serve(dag, dag)
    assert python_only["warmed"] == [] and python_only["dagfactory"] is False
    assert python_only["ok"] == [True, True]
