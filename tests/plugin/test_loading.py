"""Loading the plugin imports no airflow; without --dag-fidelity it does nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import FILES, Project


def test_the_plugin_module_imports_neither_airflow_nor_the_harness_internals() -> None:
    code = (
        "import sys, pytest_dagfidelity.plugin\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('airflow', 'deepdiff', 'pendulum')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_entry_point_registers_the_plugin_and_leaves_airflow_unloaded(project: Project) -> None:
    dag_ids = project.add_corpus_file(FILES[0])
    project.pytester.makepyfile(
        test_probe="""
        import sys
        def test_probe(pytestconfig):
            assert pytestconfig.pluginmanager.has_plugin("dagfidelity")
            assert "airflow" not in sys.modules
        """
    )
    result = project.pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--dag-fidelity", "test_probe.py", "dags"
    )
    result.assert_outcomes(passed=1 + len(dag_ids))


def test_without_the_flag_dag_files_are_left_alone(project: Project) -> None:
    project.add_corpus_file(FILES[0])
    result = project.run("dags")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_update_needs_the_main_flag(project: Project) -> None:
    result = project.run("--dag-fidelity-update")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--dag-fidelity-update needs --dag-fidelity*"])
