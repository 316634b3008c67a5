"""Differential fuzzing: random valid DAG files give the same dag.json with the shim and real Airflow.

The files come from ``tests/fuzz/strategy.py``. The run is deterministic (derandomized,
no example database) unless ``DAGFIDELITY_FUZZ_SEED`` asks for another seed;
``DAGFIDELITY_FUZZ_EXAMPLES`` sets how many files (50 by default, 500 in ``nox -s fuzz``).
See docs/fuzzing.md for turning a failure into a regression case.
"""

from __future__ import annotations

import ast
import hashlib
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, seed, settings

from pytest_dagfidelity.backends import Backend, Result
from pytest_dagfidelity.causes import describe
from pytest_dagfidelity.verdict import Context, Side, Verdict, judge
from pytest_dagfidelity.versions import installed_airflow, matrix, resolve_target

from .conftest import RESOURCES
from .fuzz.imports import Available, styles
from .fuzz.strategy import dag_files

EXAMPLES = int(os.environ.get("DAGFIDELITY_FUZZ_EXAMPLES", "50"))
SEED = os.environ.get("DAGFIDELITY_FUZZ_SEED")
HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# Each disagreement fuzzing found, cut down to a minimal file (docs/fuzzing.md).
REGRESSIONS = sorted((RESOURCES / "fuzz").glob("**/*.py"))
# Gaps not fixed yet (files in tests/resources/fuzz/gaps/): stem -> (first Airflow minor
# with the behaviour, reason). Strict, so a fix shows up as XPASS.
XFAIL: dict[str, tuple[str, str]] = {
    "mapped_over_xcom_always": (
        "2.10",
        "the TaskFlow decorator's expand refuses trigger rule 'always' over an XCom from 2.10; "
        "the version table has no fact for it yet",
    ),
    "mapped_task_group_always": (
        "2.10",
        "MappedTaskGroup.__iter__ refuses a child with trigger rule 'always' from 2.10; the version "
        "table has no fact for it yet (needs a probe run on every version)",
    ),
}


def _xfail_marks(stem: str) -> list[pytest.MarkDecorator]:
    installed = installed_airflow()
    if stem not in XFAIL or installed is None:
        return []
    since, reason = XFAIL[stem]
    minor = tuple(int(p) for p in installed.split(".")[:2])
    if minor < tuple(int(p) for p in since.split(".")):
        return []
    return [pytest.mark.xfail(strict=True, reason=reason)]


def fuzz_settings(examples: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Fixed seed by default, no database writes, no deadline (a worker may be restarted)."""
    configured = settings(
        max_examples=examples,
        derandomize=SEED is None,
        database=None,
        deadline=None,
        suppress_health_check=HEALTH,
    )
    if SEED is None:
        return configured
    return lambda test: seed(int(SEED))(configured(test))


def write(folder: Path, source: str) -> Path:
    path = folder / f"fuzz_{hashlib.sha1(source.encode()).hexdigest()[:12]}.py"
    path.write_text(source, encoding="utf-8")
    return path


@pytest.mark.airflow
def test_shim_and_real_airflow_agree_on_generated_dag_files(
    airflow_backend: Backend, shim: Callable[[str], Backend], tmp_path_factory: pytest.TempPathFactory
) -> None:
    version = resolve_target(airflow_backend.airflow_version)
    mine, folder = shim(version), tmp_path_factory.mktemp("fuzz")
    outcomes: Counter[str] = Counter()

    @fuzz_settings(EXAMPLES)
    @given(source=dag_files(version))
    def agree(source: str) -> None:
        path = write(folder, source)
        real = airflow_backend.compile(str(path), file=path.name, import_path=[str(folder)])
        emulated = mine.compile(str(path), file=path.name, import_path=[str(folder)])
        differs = disagreement(path, emulated, real, airflow_backend.airflow_version)
        note(f"real Airflow: {'parsed' if real.error is None else describe(real.error)}")
        rejected = f"rejected by both ({real.error.type})" if real.error else ""
        outcomes["parsed" if real.ok else rejected] += differs is None
        assert differs is None, differs

    agree()
    print(f"fuzz on Airflow {airflow_backend.airflow_version}: {dict(outcomes)}")
    # The generator writes valid files: nearly all must parse, or it tests only rejection.
    assert outcomes["parsed"] >= 0.9 * sum(outcomes.values()), dict(outcomes)


@pytest.mark.airflow
@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=_xfail_marks(p.stem)) for p in REGRESSIONS],
    ids=[p.stem for p in REGRESSIONS],
)
def test_disagreements_fuzzing_found_stay_fixed(
    path: Path, airflow_backend: Backend, shim: Callable[[str], Backend]
) -> None:
    mine = shim(resolve_target(airflow_backend.airflow_version))
    real = airflow_backend.compile(str(path), file=path.name, import_path=[str(path.parent)])
    emulated = mine.compile(str(path), file=path.name, import_path=[str(path.parent)])
    differs = disagreement(path, emulated, real, airflow_backend.airflow_version)
    assert differs is None, differs


def disagreement(path: Path, emulated: Result, real: Result, version: str) -> str | None:
    """None where the shim agrees with real Airflow: the same document, or the same rejection."""
    judgement = judge(Context(path.name, version), Side.of(emulated, None), Side.of(real, None))
    same_rejection = (
        judgement.verdict is Verdict.IMPORT_ERROR
        and emulated.error is not None
        and real.error is not None
        and emulated.error.type == real.error.type
    )
    if judgement.verdict is Verdict.MATCH or same_rejection:
        return None
    return "\n".join(
        [judgement.summary, *(line for p in judgement.problems for line in (p.title, *p.lines[:20]))]
    )


@pytest.mark.airflow
def test_a_file_failing_inside_a_task_group_does_not_leak_into_the_next(
    airflow_backend: Backend, shim: Callable[[str], Backend], tmp_path: Path
) -> None:
    leaky = RESOURCES / "fuzz" / "leaves_a_task_group_open.py"
    plain = write(tmp_path, _PLAIN)
    for backend in (airflow_backend, shim(resolve_target(airflow_backend.airflow_version))):
        failed = backend.compile(str(leaky), file=leaky.name, import_path=[str(leaky.parent)])
        assert not failed.ok and failed.error is not None and failed.error.type == "RuntimeError"
        after = backend.compile(str(plain), file=plain.name, import_path=[str(tmp_path)])
        assert after.ok, after.error
        assert after.doc is not None and list(after.doc["dags"]["plain"]["tasks"]) == ["t"], backend.name


_PLAIN = """\
import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="plain", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    EmptyOperator(task_id="t")
"""


@pytest.mark.parametrize("version", matrix())
def test_generated_files_are_python_importing_only_what_the_version_has(version: str) -> None:
    @fuzz_settings(10)
    @given(source=dag_files(version))
    def well_formed(source: str) -> None:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("airflow"):
                names = [a.name for a in node.names]
                assert any(
                    all(node.module in Available(version, s).modules(n) for n in names)
                    for s in styles(version)
                ), (node.module, names)

    well_formed()


def collected(version: str, examples: int) -> list[str]:
    seen: list[str] = []

    @settings(max_examples=examples, derandomize=True, database=None, suppress_health_check=HEALTH)
    @given(source=dag_files(version))
    def collect(source: str) -> None:
        seen.append(source)

    collect()
    return seen


def test_the_strategy_is_deterministic() -> None:
    first = collected("3.3", 5)
    assert first == collected("3.3", 5) and len(set(first)) > 1
