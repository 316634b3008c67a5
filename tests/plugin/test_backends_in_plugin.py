"""The plugin with a third-party backend and with --dag-fidelity-compare, held to the goldens
real Airflow wrote (no Airflow needed here)."""

from __future__ import annotations

import shlex
import sys

import pytest

from ..conftest import RESOURCES
from .conftest import FILES, Project, without_airflow

REF = f"ref={shlex.join([sys.executable, str(RESOURCES / 'external_backend' / 'refparser.py')])}"


@without_airflow
def test_an_external_backend_is_held_to_the_goldens(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = {name: project.add_corpus_file(name) for name in FILES}
    project.pytester.makeini(f"[pytest]\ndag_fidelity_external_backends =\n    {REF}\n")
    result = project.run("--dag-fidelity", "--dag-fidelity-backend", "ref")
    result.assert_outcomes(passed=sum(len(i) for i in ids.values()))
    result.stdout.fnmatch_lines(["*dag-fidelity: Airflow *, backend ref, no real Airflow reachable*"])

    victim = FILES[0]
    monkeypatch.setenv("REFPARSER_FAULT", "drift")
    monkeypatch.setenv("REFPARSER_FAULT_ON", victim)
    drifted = project.run("--dag-fidelity", "--dag-fidelity-backend", "ref")
    drifted.assert_outcomes(passed=len(ids[FILES[1]]), failed=len(ids[victim]))
    drifted.stdout.fnmatch_lines(
        ["*golden_mismatch: * change*", "*ref backend ≠ golden*", "*/retries: * → *"]
    )


@without_airflow
def test_compare_holds_each_backend_to_the_golden_and_names_the_one_that_is_wrong(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = {name: project.add_corpus_file(name) for name in FILES}
    project.pytester.makeini(f"[pytest]\ndag_fidelity_external_backends =\n    {REF}\n")
    agreed = project.run("--dag-fidelity", "--dag-fidelity-compare", "shim,ref")
    agreed.assert_outcomes(passed=sum(len(i) for i in ids.values()))
    agreed.stdout.fnmatch_lines(["*comparing shim, ref*"])

    monkeypatch.setenv("REFPARSER_FAULT", "drift")
    monkeypatch.setenv("REFPARSER_FAULT_ON", FILES[0])
    result = project.run("--dag-fidelity", "--dag-fidelity-compare", "shim,ref")
    result.assert_outcomes(passed=len(ids[FILES[1]]), failed=len(ids[FILES[0]]))
    result.stdout.fnmatch_lines(["*ref backend: ref backend ≠ golden*", "*shim ≠ ref backend*"])
    assert "shim: shim ≠ golden" not in result.stdout.str()  # the shim is right: only ref is named


def test_an_unknown_compare_name_is_a_usage_error(project: Project) -> None:
    result = project.run("--dag-fidelity", "--dag-fidelity-compare", "shim,nope")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown DAG parser backend 'nope' (from --dag-fidelity-compare*"])
