"""Every bad input in tests/resources/bad: the exact error the user sees, from both backends.

The shim runs here for an Airflow 2 and an Airflow 3 target; real Airflow in the
integration sessions (``-m airflow``), where each result is also judged against the
shim's as ``dagfidelity check`` judges it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_dagfidelity.backends import Backend, Result, start_backend
from pytest_dagfidelity.causes import explain
from pytest_dagfidelity.check import check_files
from pytest_dagfidelity.compile import canonical
from pytest_dagfidelity.verdict import Context, Side, judge

from .bad_input import BAD, CASES, MEMORY_LIMIT, TIME_LIMIT, expected_line, expected_verdict
from .conftest import RESOURCES

LIMITS = {"timeout": TIME_LIMIT, "memory_limit": MEMORY_LIMIT}
SHIM_TARGETS = ("2.9", "3.3")


def test_the_suite_covers_every_file_in_the_folder() -> None:
    assert sorted(p.name for p in BAD.iterdir() if p.suffix == ".py") == sorted(CASES)
    assert len(CASES) >= 25


@pytest.fixture(scope="module")
def limited_shims() -> Iterator[dict[str, Backend]]:
    backends = {v: start_backend("shim", target=v, **LIMITS) for v in SHIM_TARGETS}
    yield backends
    for backend in backends.values():
        backend.close()


def compile_bad(backend: Backend, name: str) -> Result:
    return backend.compile(str(BAD / name), file=f"bad/{name}", import_path=[str(BAD)])


def assert_outcome(name: str, result: Result, version: str, backend: str) -> None:
    outcome = CASES[name]
    expected = outcome.error_on(version, backend)
    if expected is None:
        assert result.ok, result.error
        return
    assert not result.ok and result.error is not None, f"{name} parsed on {version}"
    error = result.error
    assert error.type == expected, error
    assert outcome.says in error.message, error
    line = expected_line(name)
    if line != "any":
        assert error.line == line, error
    # What the user reads: file, line where known, cause and fix, on one line.
    text = explain(f"bad/{name}", error)
    assert text.startswith(f"bad/{name}:{error.line}: " if error.line else f"bad/{name}: ")
    assert f"{expected}: " in text and ". Fix: " in text


def shim_limits(name: str) -> dict[str, float]:
    return {} if CASES[name].shim_at_default_limits != "same" else LIMITS


@pytest.mark.parametrize("version", SHIM_TARGETS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_shim_reports_each_bad_input(limited_shims: dict[str, Backend], name: str, version: str) -> None:
    if shim_limits(name) is LIMITS:
        result = compile_bad(limited_shims[version], name)
    else:
        with start_backend("shim", target=version) as shim:
            result = compile_bad(shim, name)
    assert_outcome(name, result, version, "shim")


@pytest.fixture(scope="module")
def limited_airflow(airflow_backend: Backend) -> Iterator[Backend]:
    with start_backend("airflow", **LIMITS) as real:
        yield real


@pytest.mark.airflow
@pytest.mark.parametrize("name", sorted(CASES))
def test_real_airflow_reports_each_bad_input_and_agrees_with_the_shim(
    limited_airflow: Backend, limited_shims: dict[str, Backend], name: str
) -> None:
    version = limited_airflow.airflow_version
    real_result = compile_bad(limited_airflow, name)
    if shim_limits(name) is LIMITS and version in limited_shims:
        shim_result = compile_bad(limited_shims[version], name)
    else:
        with start_backend("shim", target=version, **shim_limits(name)) as shim:
            shim_result = compile_bad(shim, name)
    assert_outcome(name, real_result, version, "airflow")
    assert_outcome(name, shim_result, version, "shim")
    ctx = Context(f"bad/{name}", version)
    judgement = judge(ctx, Side.of(shim_result, None), Side.of(real_result, None))
    assert judgement.verdict.value == expected_verdict(name, version), judgement
    assert judgement.outcome == ("passed" if judgement.verdict.value == "match" else "failed")


def test_after_every_bad_input_the_next_file_compiles_as_in_a_fresh_worker(
    limited_shims: dict[str, Backend],
) -> None:
    """One worker, every bad file in turn: a good file after each is unaffected."""
    probe = str(RESOURCES / "process_state_probe.py")
    with start_backend("shim", target="3.3", **LIMITS) as fresh:
        clean = fresh.compile(probe)
    assert clean.ok, clean.error
    backend = limited_shims["3.3"]
    for name in sorted(CASES):
        compile_bad(backend, name)
        after = backend.compile(probe)
        assert after.ok and canonical(after.doc) == canonical(clean.doc), f"after {name}: {after}"
    # os._exit, SIGKILL, two time limits, memory: each cost a parse process, never the worker.
    assert backend.worker.restarts == 0


def test_writes_at_import_never_reach_the_disk(limited_shims: dict[str, Backend], tmp_path: Path) -> None:
    import tempfile

    target = Path(tempfile.gettempdir())
    for name in ("writes_at_import.py", "creates_folders_at_import.py"):
        assert not compile_bad(limited_shims["3.3"], name).ok
    assert not (target / "dagfidelity-written-at-import.txt").exists()
    assert not (target / "dagfidelity-made-at-import").exists()


def test_a_fifty_thousand_task_dag_parses_within_the_default_limits() -> None:
    with start_backend("shim", target="3.3") as shim:
        result = compile_bad(shim, "fifty_thousand_tasks.py")
    assert result.ok, result.error
    assert result.doc is not None
    assert len(result.doc["dags"]["fifty_thousand_tasks"]["tasks"]) == 50_000


def test_deep_groups_prefix_every_level(limited_shims: dict[str, Backend]) -> None:
    result = compile_bad(limited_shims["3.3"], "deep_task_groups.py")
    assert result.ok and result.doc is not None
    path = ".".join("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX")
    assert f"{path}.leaf" in result.doc["dags"]["deep_task_groups"]["tasks"]


@pytest.mark.airflow
def test_check_refuses_the_second_file_of_a_duplicated_dag_id_and_explains_bad_files() -> None:
    names = ["duplicate_dag_id_across_files_a.py", "duplicate_dag_id_across_files_b.py", "syntax_error.py"]
    with start_backend("airflow", **LIMITS) as real:
        with start_backend("shim", target=real.airflow_version, **LIMITS) as shim:
            verdicts = list(check_files([(BAD / n, BAD) for n in names], shim, real))
    first, second, syntax = verdicts
    assert first.verdict == "match" and first.error is None
    assert second.verdict == "duplicate_dag_id" and second.error is not None
    assert (
        "AirflowDagDuplicatedIdException" in second.error
        and "duplicate_dag_id_across_files_a" in second.error
    )
    # A broken DAG is a failure, with Airflow's own error text, file and line.
    assert syntax.verdict == "import_error" and syntax.error is not None
    assert "syntax_error.py:4: SyntaxError" in syntax.error and "Fix: " in syntax.error
