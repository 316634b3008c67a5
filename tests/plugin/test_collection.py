"""Each DAG one item, path::dag_id; deterministic order; DAG files never become test modules."""

from __future__ import annotations

import pytest

from .conftest import FILES, Project


def collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if "::" in line and not line.startswith(" ")]


def test_every_dag_is_one_item_named_path_and_dag_id(project: Project) -> None:
    ids = {name: project.add_corpus_file(name) for name in FILES}
    result = project.run("--dag-fidelity", "--collect-only", "-q")
    expected = [f"dags/{name}::{dag_id}" for name in sorted(ids) for dag_id in ids[name]]
    assert collected(result) == expected


def test_collection_order_is_the_same_every_time(project: Project) -> None:
    for name in FILES:
        project.add_corpus_file(name)
    first = collected(project.run("--dag-fidelity", "--collect-only", "-q"))
    second = collected(project.run("--dag-fidelity", "--collect-only", "-q", "-p", "no:randomly"))
    assert first == second and first == sorted(first)


def test_paths_come_from_the_ini_key_or_the_option(project: Project) -> None:
    project.add_corpus_file(FILES[0])
    (project.root / "elsewhere").mkdir()
    (project.dags / FILES[0]).rename(project.root / "elsewhere" / FILES[0])
    project.pytester.makeini("[pytest]\ndag_fidelity_paths = elsewhere\n")
    assert collected(project.run("--dag-fidelity", "--collect-only", "-q"))
    project.pytester.makeini("[pytest]\n")
    assert not collected(project.run("--dag-fidelity", "--collect-only", "-q"))  # default: dags/
    assert collected(
        project.run("--dag-fidelity", "--collect-only", "-q", "--dag-fidelity-paths", "elsewhere")
    )


def test_a_file_the_shim_cannot_parse_is_one_failing_item_carrying_the_error(project: Project) -> None:
    (project.dags / "broken.py").write_text(
        "from airflow import DAG\nfrom airflow.providers.http.hooks.http import HttpHook\n"
        "hook = HttpHook(http_conn_id='api')  # builds a provider hook at parse time\n"
    )
    result = project.run("--dag-fidelity")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ShimUnsupported*HttpHook*", "FAILED dags/broken.py::@file - unsupported*"])


def test_dag_files_are_never_imported_by_pytests_python_collector(project: Project) -> None:
    # Named like a test module, so pytest's Python collector would otherwise import it.
    dag_ids = project.add_corpus_file(FILES[0])
    (project.dags / FILES[0]).rename(project.dags / "test_looks_like_tests.py")
    project.pytester.makeconftest(
        """
        import sys
        def pytest_sessionfinish(session):
            imported = [m for m in sys.modules if "looks_like" in m or m.split(".")[0] == "airflow"]
            assert not imported, imported
        """
    )
    result = project.run("--dag-fidelity", "--collect-only", "-q", "dags/test_looks_like_tests.py")
    assert len(collected(result)) == len(dag_ids)
    assert result.ret == pytest.ExitCode.OK


def test_files_airflow_would_skip_are_not_collected(project: Project) -> None:
    """As Airflow's discovery: .airflowignore, and safe mode (a file must mention airflow and a DAG)."""
    dag_ids = project.add_corpus_file(FILES[0])
    (project.dags / "helpers.py").write_text("import json\n\ndef load(path):\n    return json.load(path)\n")
    (project.dags / "airflow_helpers.py").write_text("from airflow.models import Variable\n")
    (project.dags / "no_dag_here.py").write_text("from airflow import DAG  # imported, never used\n")
    (project.dags / "ignored_dag.py").write_text("from airflow import DAG\n")
    (project.dags / ".airflowignore").write_text("ignored_dag.py\n")  # a regexp and a glob alike
    result = project.run("--dag-fidelity", "--collect-only", "-q")
    assert collected(result) == [f"dags/{FILES[0]}::{d}" for d in dag_ids] + ["dags/no_dag_here.py::@file"]
