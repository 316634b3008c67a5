"""``dagfidelity upgrade``: the change set the shim predicts, proved against real Airflow's goldens.

The goldens under ``goldens/<X.Y>/`` were written by real Airflow of each version. For
every corpus file and each pair of versions below, the changes computed from the shim
emulating both versions must equal the changes between the two versions' goldens.
No Airflow is needed: the goldens are real Airflow's record.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_dagfidelity.backends import Backend
from pytest_dagfidelity.records import ParseError
from pytest_dagfidelity.upgrade import (
    ABSENT,
    CATEGORIES,
    Outcome,
    category_of,
    change_keys,
    compare,
    golden_outcome,
    outcome_of_result,
    upgrade_of,
)
from pytest_dagfidelity.versions import matrix

from .conftest import CORPUS, SHIM_PROVIDES, missing_providers

ROOT = CORPUS.parent
GOLDENS = ROOT / "goldens"
VERSIONS = matrix()
PAIRS = [*zip(VERSIONS[:-1], VERSIONS[1:], strict=True), ("2.9", "3.3"), ("2.11", "3.3")]
FILES = sorted(CORPUS.glob("*.py"))
# Where the shim's prediction is known to differ from real Airflow: (from, to, file name) → reason.
# Each runs as a strict xfail (docs/upgrade.md lists them); none is known today.
GAPS: dict[tuple[str, str, str], str] = {}


def missing_packages(path: Path) -> list[str]:
    """Third-party packages the file imports that neither the shim nor this environment supplies."""
    roots = set()
    for node in _parse_time_nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return sorted(
        r
        for r in roots - SHIM_PROVIDES - set(sys.stdlib_module_names)
        if importlib.util.find_spec(r) is None
        and not (path.parent / r).exists()
        and not (path.parent / f"{r}.py").exists()
    )


def _parse_time_nodes(node: ast.AST) -> list[ast.AST]:
    """The nodes that run when the file is parsed: all but function bodies (task bodies)."""
    found: list[ast.AST] = []
    for child in ast.iter_child_nodes(node):
        found.append(child)
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            found.extend(_parse_time_nodes(child))
    return found


@pytest.fixture(scope="session")
def predicted(shim: Callable[[str], Backend]) -> Callable[[str, Path], Outcome]:
    cache: dict[tuple[str, Path], Outcome] = {}

    def get(version: str, path: Path) -> Outcome:
        if (version, path) not in cache:
            # As the plugin compiles the corpus: named from the project root, the corpus on sys.path.
            r = shim(version).compile(
                str(path), file=path.relative_to(ROOT).as_posix(), import_path=[str(CORPUS)]
            )
            cache[version, path] = outcome_of_result(r)
        return cache[version, path]

    return get


def _cases() -> list[Any]:
    cases = []
    for old, new in PAIRS:
        for path in FILES:
            reason = GAPS.get((old, new, path.name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(old, new, path, id=f"{old}-{new}-{path.stem}", marks=marks))
    return cases


@pytest.mark.parametrize(("old", "new", "path"), _cases())
def test_the_predicted_changes_are_the_changes_between_real_goldens(
    old: str, new: str, path: Path, predicted: Callable[[str, Path], Outcome]
) -> None:
    file = path.relative_to(ROOT).as_posix()
    real_old, real_new = golden_outcome(GOLDENS, old, file), golden_outcome(GOLDENS, new, file)
    assert real_old is not None and real_new is not None, f"{file} has no goldens for {old} or {new}"
    missing = missing_packages(path)
    providers = missing_providers(path)
    if providers:
        pytest.skip(
            f"{file} needs {', '.join(providers)} installed next to the shim, as where its goldens were made"
        )
    if missing:
        pytest.skip(f"{file} imports {', '.join(missing)}, not installed here (the prediction needs them)")
    shim_old, shim_new = predicted(old, path), predicted(new, path)
    assert not shim_old.unknown and not shim_new.unknown, (shim_old.error, shim_new.error)
    real = change_keys(compare(real_old, real_new))
    shim = change_keys(compare(shim_old, shim_new))
    only_shim = sorted(shim - real)
    only_real = sorted(real - shim)
    assert (only_shim, only_real) == ([], []), f"{file} {old} → {new}: predicted ≠ real"


def test_the_proof_is_not_vacuous() -> None:
    """The golden pairs hold every kind of change the proof claims to cover, parse changes included."""
    seen: set[str] = set()
    for old, new in PAIRS:
        for path in FILES:
            file = path.relative_to(ROOT).as_posix()
            a, b = golden_outcome(GOLDENS, old, file), golden_outcome(GOLDENS, new, file)
            assert a is not None and b is not None
            seen |= {c.category for c in compare(a, b)}
    assert {"stops_parsing", "starts_parsing", "schedule", "assets", "operators", "defaults"} <= seen


# -- the comparison and its tables --------------------------------------------------------------
def _dag(**overrides: Any) -> dict[str, Any]:
    task = {"task_id": "a", "trigger_rule": "all_success", "operator": "x.A", "downstream": [], "retries": 0}
    dag: dict[str, Any] = {"dag_id": "d", "catchup": True, "schedule": {"kind": "none"}, "tasks": {"a": task}}
    for path, value in overrides.items():
        node = dag
        *parents, last = path.split("__")
        for p in parents:
            node = node[p]
        node[last] = value
    return dag


@pytest.mark.parametrize(
    ("path", "category"),
    [
        (("schedule", "kind"), "schedule"),
        (("catchup",), "schedule"),
        (("schedule", "asset_condition", "$asset", "uri"), "assets"),
        (("tasks", "t", "outlets"), "assets"),
        (("start_date", "$datetime"), "dates"),
        (("tasks", "t", "trigger_rule"), "trigger_rules"),
        (("tasks", "t", "operator"), "operators"),
        (("tasks", "t", "arguments", "bash_command"), "operators"),
        (("tasks", "t", "mapped", "expand"), "mapping"),
        (("tasks", "t"), "graph"),
        (("tasks", "t", "downstream"), "graph"),
        (("tags",), "defaults"),
        (("tasks", "t", "retries"), "defaults"),
    ],
)
def test_each_path_belongs_to_the_first_category_that_owns_it(path: tuple[str, ...], category: str) -> None:
    assert category_of(path) == category


def test_every_category_has_a_consequence_or_is_file_level() -> None:
    from pytest_dagfidelity.upgrade import CONSEQUENCES

    assert {c.key for c in CATEGORIES} == set(CONSEQUENCES)


def test_values_compare_as_json_text_so_false_and_zero_differ() -> None:
    changes = compare(Outcome({"d": _dag()}), Outcome({"d": _dag(tasks__a__retries=False)}))
    assert [(c.path, c.old, c.new) for c in changes] == [(("tasks", "a", "retries"), 0, False)]


def test_a_task_that_appears_is_one_change_not_one_per_field() -> None:
    new = _dag()
    new["tasks"]["b"] = dict(new["tasks"]["a"], task_id="b")
    (change,) = compare(Outcome({"d": _dag()}), Outcome({"d": new}))
    assert change.category == "graph" and change.path == ("tasks", "b") and change.old is ABSENT


def test_a_file_that_stops_parsing_is_one_change_with_the_error_and_its_line() -> None:
    up = upgrade_of(
        "dags/x.py",
        "x.py",
        "2.11",
        "3.3",
        Outcome({"d": _dag()}),
        Outcome(error=ParseError("TypeError", "unexpected keyword argument 'schedule_interval'", 7)),
    )
    (change,) = up.changes
    assert (change.category, change.old, change.new) == ("stops_parsing", ["d"], "TypeError")
    assert "line 7" in up.consequences(None)["stops_parsing"]


def test_a_different_parse_error_is_a_change_and_the_same_one_is_not() -> None:
    a, b = Outcome(error=ParseError("ImportError", "")), Outcome(error=ParseError("ModuleNotFoundError", ""))
    assert [c.category for c in compare(a, b)] == ["parse_error"]
    assert compare(a, Outcome(error=ParseError("ImportError", "other words", 3))) == ()


def test_no_schedule_given_says_what_happens_to_the_runs() -> None:
    old = _dag(schedule={"kind": "delta", "delta": {"$timedelta": 86400}, "timetable": "a.Delta"})
    new = _dag(schedule={"kind": "none", "timetable": "b.NullTimetable"}, catchup=False)
    up = upgrade_of("x.py", "x.py", "2.10", "3.1", Outcome({"d": old}), Outcome({"d": new}))
    assert up.consequences("d")["schedule"].startswith(
        "no schedule given: 2.10 ran it daily with catchup; 3.1 never runs it on a schedule"
    )


def test_a_refusal_of_the_shim_is_not_a_prediction() -> None:
    refused = Outcome(error=ParseError("ShimUnsupported", "Variable.get", origin="unsupported"))
    up = upgrade_of("x.py", "x.py", "2.11", "3.3", Outcome({"d": _dag()}), refused)
    assert not up.predicted and up.changes == ()


@pytest.mark.parametrize(
    ("origin", "kind", "unknown"),
    [
        ("dag", None, False),
        ("environment", "missing_provider", False),  # the version's own: which providers it ships
        ("environment", "missing_module", True),  # this machine's: install it where upgrade runs
        ("harness", "timeout", True),
        ("unsupported", None, True),
    ],
)
def test_what_the_shim_cannot_predict(origin: Any, kind: str | None, unknown: bool) -> None:
    assert Outcome(error=ParseError("E", "m", origin=origin, kind=kind)).unknown is unknown


# -- the command --------------------------------------------------------------------------------
def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", *args], capture_output=True, text=True
    )


def test_upgrade_lists_changes_by_category_and_exits_1() -> None:
    done = cli("upgrade", "--from", "2.11", "--to", "3.3", str(CORPUS / "schedules__af2.py"))
    assert done.returncode == 1, done.stderr
    assert (
        "schedules__af2__defaults\n    schedule & catchup: no schedule given: 2.11 ran it daily"
        in done.stdout
    )
    assert "catchup: true → false" in done.stdout
    assert "Airflow 2.11 → 3.3: 1 of 1 files change" in done.stderr


def test_upgrade_names_the_error_and_line_of_a_file_that_stops_parsing() -> None:
    done = cli(
        "upgrade", "--from", "2.11", "--to", "3.3", str(CORPUS / "schedule_interval__af2.py"), "--json"
    )
    assert done.returncode == 1, done.stderr
    (line,) = [json.loads(x) for x in done.stdout.splitlines()]
    assert [c["category"] for c in line["changes"]] == ["stops_parsing"]
    error = line["errors"]["to"]
    assert error["type"] == "TypeError" and "schedule_interval" in error["message"] and error["line"]


def test_upgrade_exits_0_when_nothing_changes() -> None:
    done = cli("upgrade", "--from", "2.10", "--to", "2.11", str(CORPUS / "edge_labels__af2.py"))
    assert (done.returncode, done.stdout) == (0, ""), done.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--from", "2.8", "--to", "3.3", "corpus"), "not in the version table"),
        (("--from", "2.11", "--to", "3.3", "no/such/folder"), "no such file or folder"),
        (("--to", "3.3", "corpus"), "--from"),
    ],
)
def test_upgrade_usage_errors_exit_2(args: tuple[str, ...], words: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", "upgrade", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2 and words in done.stderr, done.stderr


def test_a_file_the_new_version_starts_reading_is_a_change(tmp_path: Path) -> None:
    """Airflow 2 reads .airflowignore as regular expressions, Airflow 3 as globs."""
    (tmp_path / ".airflowignore").write_text("legacy_.*\n")
    (tmp_path / "legacy_job.py").write_text(
        "from airflow import DAG\n\nwith DAG('legacy_job', schedule=None):\n    pass\n"
    )
    done = cli("upgrade", "--from", "2.11", "--to", "3.3", str(tmp_path), "--json")
    assert done.returncode == 1, done.stderr
    (line,) = [json.loads(x) for x in done.stdout.splitlines()]
    assert [c["category"] for c in line["changes"]] == ["discovery"]
    assert "3.3 reads this file" in line["consequences"][""]["discovery"]


def test_upgrade_on_a_folder_without_a_dag_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "helpers.py").write_text("VALUE = 1\n")
    done = cli("upgrade", "--from", "2.11", "--to", "3.3", str(tmp_path))
    assert done.returncode == 2 and "no DAG file found" in done.stderr, done.stderr


def test_upgrade_never_imports_airflow(tmp_path: Path) -> None:
    """It runs where Airflow is not installed: the shim stands in for both versions."""
    probe = (
        "import sys; from pytest_dagfidelity.upgrade import upgrade_files;"
        f"ups = list(upgrade_files([{str(CORPUS / 'schedules__af2.py')!r}], '2.10', '3.1'));"
        "assert ups and ups[0].changed; assert 'airflow' not in sys.modules; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr
    assert ABSENT is not None  # the sentinel is importable alone
