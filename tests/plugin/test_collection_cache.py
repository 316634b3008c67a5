"""The collection cache: with a warm cache, ``-k one_dag`` parses one file; a change the cache
key cannot see fails the item loudly; ``--cache-clear`` and ``-p no:cacheprovider`` parse all."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

from ..conftest import RESOURCES
from .conftest import FILES, Project, needs_airflow

REF = shlex.join([sys.executable, str(RESOURCES / "external_backend" / "refparser.py")])

# A DAG whose id the file's bytes do not decide: an environment variable or a helper module does.
BY_ENV = """import os
from datetime import datetime
from airflow.sdk import DAG
from airflow.providers.standard.operators.empty import EmptyOperator

with DAG(os.environ.get("DAG_NAME", "alpha"), start_date=datetime(2024, 1, 1), schedule=None):
    EmptyOperator(task_id="only")
"""
BY_HELPER = BY_ENV.replace("import os\n", "from naming import NAME\n").replace(
    'os.environ.get("DAG_NAME", "alpha")', "NAME"
)


def run(project: Project, *args: str) -> pytest.RunResult:
    """A run with pytest's cache on (``Project.run`` turns it off)."""
    return project.pytester.runpytest("--dag-fidelity", "-p", "no:randomly", *args)


def with_recording_backend(project: Project, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Items checked by the reference external backend, which logs every file it is asked for."""
    log = project.root / "parsed.log"
    monkeypatch.setenv("REFPARSER_LOG", str(log))
    project.pytester.makeini(
        f"[pytest]\ndag_fidelity_external_backends =\n    ref={REF}\ndag_fidelity_backend = ref\n"
    )
    return log


def cache_alpha_from_a_helper(project: Project) -> None:
    """named.py takes its dag_id from naming.py (not a DAG file: safe mode skips it); collected once."""
    (project.dags / "named.py").write_text(BY_HELPER)
    (project.dags / "naming.py").write_text('NAME = "alpha"\n')
    run(project, "--collect-only", "-q").stdout.fnmatch_lines(["dags/named.py::alpha"])


def parsed_files(log: Path) -> list[str]:
    files = sorted(Path(line).name for line in log.read_text().splitlines()) if log.exists() else []
    log.unlink(missing_ok=True)
    return files


def test_with_a_warm_cache_k_parses_only_the_selected_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = {name: project.add_corpus_file(name) for name in FILES}
    log = with_recording_backend(project, monkeypatch)
    cold = run(project, "--collect-only", "-q")
    cold.stdout.fnmatch_lines(["collection: 2 DAG files parsed alone, 0 in a shared parse, 0 from the cache"])
    assert parsed_files(log) == sorted(FILES)

    chosen = ids[FILES[0]][0]
    warm = run(project, "-k", chosen)
    warm.assert_outcomes(passed=1)
    warm.stdout.fnmatch_lines(["collection: 0 DAG files parsed alone, 0 in a shared parse, 2 from the cache"])
    assert parsed_files(log) == [FILES[0]]  # the other file was neither parsed nor compiled

    everything = run(project)  # no -k: every item parses its file, as without the cache
    everything.assert_outcomes(passed=sum(len(i) for i in ids.values()))
    assert parsed_files(log) == sorted(FILES)


def test_a_changed_file_is_parsed_again(project: Project) -> None:
    for name in FILES:
        project.add_corpus_file(name)
    run(project, "--collect-only", "-q").stdout.fnmatch_lines(
        ["collection: 0 DAG files parsed alone, 2 in a shared parse, 0 *"]
    )
    changed = project.dags / FILES[1]
    changed.write_text(changed.read_text() + "\n# edited\n")
    run(project, "--collect-only", "-q").stdout.fnmatch_lines(
        ["collection: 1 DAG files parsed alone, 0 in a shared parse, 1 from the cache"]
    )
    run(project, "--collect-only", "-q").stdout.fnmatch_lines(
        ["collection: 0 DAG files parsed alone, 0 in a shared parse, 2 from the cache"]
    )


@pytest.mark.parametrize("how", ["environment variable", "helper module"])
@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["no xdist", "xdist"])
def test_ids_that_change_while_the_bytes_do_not_fail_the_item_and_name_them(
    project: Project, monkeypatch: pytest.MonkeyPatch, how: str, xdist: list[str]
) -> None:
    if xdist:
        pytest.importorskip("xdist")
    dag = project.dags / "named.py"
    if how == "environment variable":
        dag.write_text(BY_ENV)
        monkeypatch.setenv("DAG_NAME", "alpha")
    else:
        dag.write_text(BY_HELPER)
        (project.dags / "naming.py").write_text('NAME = "alpha"\n')  # not a DAG file: safe mode skips it
    first = run(project, "--collect-only", "-q", *xdist)
    first.stdout.fnmatch_lines(["dags/named.py::alpha"])

    if how == "environment variable":
        monkeypatch.setenv("DAG_NAME", "beta")
    else:
        (project.dags / "naming.py").write_text('NAME = "beta"\n')
    results = project.pytester.path / "results.json"
    # the cached id is selected: it must not pass, nor read as anything but a failure anywhere
    stale = run(project, "-k", "alpha", "--dag-fidelity-results", str(results), *xdist)
    stale.assert_outcomes(failed=1)
    stale.stdout.fnmatch_lines(
        [
            "stale DAG ids (appeared: beta; disappeared: alpha): dags/named.py yields other DAG ids than "
            "collection took from the cache;*Fix: rerun pytest; the cache entry is refreshed now",
            "Airflow *: 1 stale_dag_ids",
            "FAILED dags/named.py::alpha - stale DAG ids (appeared: beta; disappeared: alpha)",
        ]
    )
    assert "Traceback" not in stale.stdout.str()
    [record] = json.loads(results.read_text())["results"]
    found = (record["file"], record["dag_id"], record["verdict"])
    assert found == ("dags/named.py", "alpha", "stale_dag_ids")
    assert record["error"].startswith("stale DAG ids (appeared: beta; disappeared: alpha): dags/named.py")

    again = run(project, "--collect-only", "-q", *xdist)  # the failing item refreshed the entry
    again.stdout.fnmatch_lines(["dags/named.py::beta"])
    assert "dags/named.py::alpha" not in again.stdout.str()


def test_a_file_that_breaks_without_its_bytes_changing_fails_its_selected_item(project: Project) -> None:
    cache_alpha_from_a_helper(project)
    (project.dags / "naming.py").write_text("raise ValueError('no name today')\n")
    result = run(project, "-k", "alpha")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "stale DAG ids (appeared: @file; disappeared: alpha): dags/named.py *",
            "FAILED dags/named.py::alpha*",
        ]
    )


def test_deselecting_with_k_never_turns_a_selected_failure_into_a_pass(project: Project) -> None:
    ids = {name: project.add_corpus_file(name) for name in FILES}
    chosen = ids[FILES[0]][0]
    golden = project.golden(FILES[0], chosen)
    golden.write_text(golden.read_text().replace('"catchup": false', '"catchup": true'))
    cold = run(project, "-k", chosen)
    warm = run(project, "-k", chosen)
    warm.stdout.fnmatch_lines(["collection: 0 DAG files parsed alone, 0 in a shared parse, 2 from the cache"])
    for result in (cold, warm):
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines([f"FAILED dags/{FILES[0]}::{chosen} - golden_mismatch*"])


def test_cache_clear_and_no_cacheprovider_parse_every_file(project: Project) -> None:
    for name in FILES:
        project.add_corpus_file(name)
    run(project, "--collect-only", "-q")
    run(project, "--collect-only", "-q", "--cache-clear").stdout.fnmatch_lines(
        ["collection: 0 DAG files parsed alone, 2 in a shared parse, 0 from the cache"]
    )
    run(project, "--collect-only", "-q", "-p", "no:cacheprovider").stdout.fnmatch_lines(
        [
            "collection: 0 DAG files parsed alone, 2 in a shared parse, 0 from the cache "
            "(the collection cache is off: -p no:cacheprov*"
        ]
    )


def test_under_xdist_each_worker_says_what_it_took_from_the_cache(project: Project) -> None:
    pytest.importorskip("xdist")
    ids = {name: project.add_corpus_file(name) for name in FILES}
    run(project, "--collect-only", "-q")
    result = run(project, "-n", "2")
    result.assert_outcomes(passed=sum(len(i) for i in ids.values()))
    result.stdout.fnmatch_lines(
        [
            "collection, each xdist worker: gw0: 0 parsed alone, 0 shared, 2 from the cache; "
            "gw1: 0 parsed alone, 0 shared, 2 from the cache"
        ]
    )


def test_a_shard_lists_the_same_items_from_the_cache(project: Project) -> None:
    for n in range(6):
        (project.dags / f"named_{n}.py").write_text(
            BY_ENV.replace('os.environ.get("DAG_NAME", "alpha")', f"'n{n}'")
        )
    shards = [f"{k}/2" for k in (1, 2)]
    cold = [run(project, "--collect-only", "-q", "--dag-fidelity-shard", s).stdout.lines for s in shards]
    warm = [run(project, "--collect-only", "-q", "--dag-fidelity-shard", s) for s in shards]
    for before, after in zip(cold, warm, strict=True):
        assert [line for line in after.stdout.lines if "::" in line] == [
            line for line in before if "::" in line
        ]
        after.stdout.fnmatch_lines(
            ["collection: 0 DAG files parsed alone, 0 in a shared parse, * from the cache"]
        )
    assert all(any("::" in line for line in shard) for shard in cold)  # six files: neither shard is empty


@needs_airflow
def test_an_update_run_takes_real_airflows_ids_from_the_cache(project: Project) -> None:
    ids = {name: project.add_corpus_file(name, with_goldens=False) for name in FILES}
    chosen = ids[FILES[0]][0]
    cold = run(project, "--dag-fidelity-update", "--collect-only", "-q")
    cold.stdout.fnmatch_lines(["collection: 0 DAG files parsed alone, 2 in a shared parse, 0 from the cache"])
    warm = run(project, "--dag-fidelity-update", "-k", chosen)
    warm.stdout.fnmatch_lines(
        ["collection: 0 DAG files parsed alone, 0 in a shared parse, 2 from the cache", "*1 created*"]
    )
    warm.assert_outcomes(passed=1)
    assert project.golden(FILES[0], chosen).exists()
    assert not (project.goldens / "dags" / FILES[1][:-3]).exists()  # the other file was not run


def test_a_missing_module_at_run_time_fails_with_its_own_cause_and_is_not_cached(project: Project) -> None:
    cache_alpha_from_a_helper(project)
    (project.dags / "naming.py").write_text('import not_installed_anywhere\nNAME = "alpha"\n')
    result = run(project, "-k", "alpha")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["FAILED dags/named.py::alpha - environment_error*"])
    # Installing the module would change the ids without the bytes: the entry is gone.
    run(project, "--collect-only", "-q").stdout.fnmatch_lines(
        ["collection: 1 DAG files parsed alone, 0 in a shared parse, 0 from the cache"]
    )
