"""Every setting works from its option and from its ini key; bad values are usage errors."""

from __future__ import annotations

import shutil

import pytest

from .conftest import FILES, HAS_AIRFLOW, TARGET, Project, without_airflow


def test_golden_dir_from_the_ini_key_and_the_option(project: Project) -> None:
    ids = project.add_corpus_file(FILES[0])
    shutil.move(project.root / "dag_goldens", project.root / "reviewed")
    project.run("--dag-fidelity").assert_outcomes(failed=len(ids))
    project.run("--dag-fidelity", "--dag-fidelity-golden-dir", "reviewed").assert_outcomes(passed=len(ids))
    project.pytester.makeini("[pytest]\ndag_fidelity_golden_dir = reviewed\n")
    project.run("--dag-fidelity").assert_outcomes(passed=len(ids))


@without_airflow
def test_the_emulated_version_comes_from_the_option_or_the_ini_key(project: Project) -> None:
    project.add_corpus_file(FILES[0])
    result = project.run("--dag-fidelity", "--dag-fidelity-airflow-version", "2.11", "--collect-only")
    result.stdout.fnmatch_lines(["*dag-fidelity: Airflow 2.11*"])
    project.pytester.makeini("[pytest]\ndag_fidelity_airflow_version = 3.0\n")
    project.run("--dag-fidelity", "--collect-only").stdout.fnmatch_lines(["*dag-fidelity: Airflow 3.0*"])


def test_an_unknown_version_is_a_usage_error(project: Project) -> None:
    if HAS_AIRFLOW:
        pytest.skip("with real Airflow installed the version is Airflow's, not an option")
    result = project.run("--dag-fidelity", "--dag-fidelity-airflow-version", "1.10")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*known versions: 2.9, 2.10, 2.11, 3.0, 3.1, 3.2, 3.3*"])


def test_the_time_limit_from_the_option_and_the_ini_key(project: Project) -> None:
    (project.dags / "slow.py").write_text("import time\nfrom airflow import DAG\n\ntime.sleep(5)\n")
    result = project.run("--dag-fidelity", "--dag-fidelity-timeout", "1")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Timeout*1 s time limit*"])
    project.pytester.makeini("[pytest]\ndag_fidelity_timeout = 1\n")
    project.run("--dag-fidelity").stdout.fnmatch_lines(["*Timeout*1 s time limit*"])
    assert project.run("--dag-fidelity", "--dag-fidelity-timeout", "soon").ret == pytest.ExitCode.USAGE_ERROR


def test_the_memory_limit_from_the_option_and_the_ini_key(project: Project) -> None:
    (project.dags / "hoard.py").write_text(
        "from airflow import DAG\n\nhoard = bytearray(400 * 1024 * 1024)\ndag = DAG('hoard', schedule=None)\n"
    )
    result = project.run("--dag-fidelity", "--dag-fidelity-memory-limit", "200")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*dags/hoard.py:3: MemoryError: *200 MB memory limit*Fix: *"])
    project.pytester.makeini("[pytest]\ndag_fidelity_memory_limit = 200\n")
    project.run("--dag-fidelity").stdout.fnmatch_lines(["*MemoryError*200 MB memory limit*"])
    project.pytester.makeini("[pytest]\ndag_fidelity_memory_limit = 800\n")
    project.run("--dag-fidelity").stdout.fnmatch_lines(
        ["*no golden for Airflow*"]
    )  # within the limit: parsed
    assert (
        project.run("--dag-fidelity", "--dag-fidelity-memory-limit", "0").ret == pytest.ExitCode.USAGE_ERROR
    )


@pytest.mark.parametrize("where", ["option", "ini", "env"])
def test_an_unknown_backend_names_the_valid_ones(
    project: Project, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--dag-fidelity"]
    if where == "option":
        args += ["--dag-fidelity-backend", "real"]
    elif where == "ini":
        project.pytester.makeini("[pytest]\ndag_fidelity_backend = real\n")
    else:
        monkeypatch.setenv("LEOFLOW_PARSER_BACKEND", "real")
    result = project.run(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown DAG parser backend 'real' (from *); valid values: shim, airflow*"])


def test_an_airflow_python_that_does_not_exist_is_a_usage_error(project: Project) -> None:
    project.pytester.makeini("[pytest]\ndag_fidelity_airflow_python = /nowhere/python\n")
    result = project.run("--dag-fidelity")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--dag-fidelity-airflow-python: /nowhere/python: no such interpreter*"])


@without_airflow
def test_update_without_real_airflow_is_refused(project: Project) -> None:
    snapshot_before = project.goldens_snapshot()
    result = project.run("--dag-fidelity", "--dag-fidelity-update")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*regenerates goldens from real Airflow only, and none is reachable*"])
    assert project.goldens_snapshot() == snapshot_before


@without_airflow
def test_the_airflow_backend_without_airflow_is_refused(project: Project) -> None:
    result = project.run("--dag-fidelity", "--dag-fidelity-backend", "airflow")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_target_in_the_header(project: Project) -> None:
    project.add_corpus_file(FILES[0])
    project.run("--dag-fidelity", "--collect-only").stdout.fnmatch_lines(
        [f"*dag-fidelity: Airflow {TARGET}*"]
    )
