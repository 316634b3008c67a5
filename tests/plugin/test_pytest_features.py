"""-k, --lf, -x, -n and --junitxml work on DAG items as on any test."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from .conftest import FILES, Project


def break_golden(project: Project, name: str, dag_id: str) -> None:
    path = project.golden(name, dag_id)
    golden = json.loads(path.read_text())
    golden["dag"]["max_active_runs"] = 999
    path.write_text(json.dumps(golden))


def test_k_selects_dags_by_id(project: Project) -> None:
    ids = project.add_corpus_file(FILES[1])
    result = project.run("--dag-fidelity", "-k", ids[0])
    result.assert_outcomes(passed=1, deselected=len(ids) - 1) if len(ids) > 1 else result.assert_outcomes(
        passed=1
    )


def test_last_failed_reruns_only_the_failing_dag(project: Project) -> None:
    ids = [i for name in FILES for i in project.add_corpus_file(name)]
    break_golden(project, FILES[0], ids[0])
    project.pytester.runpytest("--dag-fidelity").assert_outcomes(passed=len(ids) - 1, failed=1)
    rerun = project.pytester.runpytest("--dag-fidelity", "--lf")
    rerun.assert_outcomes(failed=1)
    rerun.stdout.fnmatch_lines(["*rerun previous 1 failure*"])


def test_x_stops_at_the_first_failing_dag(project: Project) -> None:
    ids = [i for name in FILES for i in project.add_corpus_file(name)]
    for name, dag_ids in ((FILES[0], ids[:1]), (FILES[1], ids[-1:])):
        break_golden(project, name, dag_ids[0])
    result = project.run("--dag-fidelity", "-x")
    result.assert_outcomes(failed=1)


def test_n_auto_runs_every_dag_once(project: Project) -> None:
    ids = [i for name in FILES for i in project.add_corpus_file(name)]
    project.run("--dag-fidelity", "-n", "auto").assert_outcomes(passed=len(ids))


def test_junitxml_has_one_testcase_per_dag(project: Project) -> None:
    ids = [i for name in FILES for i in project.add_corpus_file(name)]
    report = project.root / "report.xml"
    project.run("--dag-fidelity", f"--junitxml={report}")
    cases = ET.parse(report).getroot().findall(".//testcase")
    assert sorted(c.get("name") for c in cases) == sorted(ids)
