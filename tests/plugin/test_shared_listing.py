"""Collection's shared listing: a folder's DAG files listed by one process that parses them
one after another, each listing confirmed by the file's own isolated parse when its items run.

What one file's top-level code leaves behind (environment, modules, sys.path, directory) is
put back before the next file; what cannot be put back fails the item, naming the cause,
never passes it; a file that fails or ends the shared process is parsed alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import Project

DAG = """import os
from datetime import datetime
from airflow.sdk import DAG
from airflow.providers.standard.operators.empty import EmptyOperator

with DAG(DAG_ID, start_date=datetime(2024, 1, 1), schedule=None):
    EmptyOperator(task_id="only")
"""


def dag(dag_id: str, before: str = "") -> str:
    """A one-task DAG file whose dag_id is the expression ``dag_id``, after ``before`` runs."""
    return before + DAG.replace("DAG_ID", dag_id)


def collect(project: Project, *args: str) -> pytest.RunResult:
    return project.run("--dag-fidelity", "--collect-only", "-q", *args)


def listed(result: pytest.RunResult) -> list[str]:
    return sorted(line for line in result.stdout.lines if "::" in line)


def test_a_folder_is_listed_by_one_shared_parse_with_the_ids_each_file_yields_alone(
    project: Project,
) -> None:
    for n in range(3):
        (project.dags / f"file_{n}.py").write_text(dag(f"'dag_{n}'"))
    (project.dags / "two.py").write_text(dag("'two_a'") + dag("'two_b'").split("\n", 4)[4])
    shared = collect(project)
    shared.stdout.fnmatch_lines(
        ["collection: 0 DAG files parsed alone, 4 in a shared parse, 0 from the cache*"]
    )
    alone = collect(project, "--dag-fidelity-collect", "isolated")
    alone.stdout.fnmatch_lines(
        ["collection: 4 DAG files parsed alone, 0 in a shared parse, 0 from the cache*"]
    )
    assert (
        listed(shared)
        == listed(alone)
        == [
            "dags/file_0.py::dag_0",
            "dags/file_1.py::dag_1",
            "dags/file_2.py::dag_2",
            "dags/two.py::two_a",
            "dags/two.py::two_b",
        ]
    )


def test_what_a_file_changes_in_the_process_is_put_back_before_the_next_file(project: Project) -> None:
    # a_*.py run first (pytest collects a folder's files by name) and change what b.py reads.
    (project.dags / "a_environment.py").write_text(
        dag("'a_environment'", "import os\nos.environ['WHO'] = 'leaked'\n")
    )
    (project.dags / "a_module.py").write_text(dag("'a_module'", "import naming\nnaming.NAME = 'leaked'\n"))
    (project.dags / "a_path.py").write_text(dag("'a_path'", "import sys\nsys.path.insert(0, 'elsewhere')\n"))
    (project.dags / "a_directory.py").write_text(dag("'a_directory'", "import os\nos.chdir('/')\n"))
    (project.dags / "naming.py").write_text("NAME = 'clean'\n")  # not a DAG file: safe mode skips it
    reads = (
        "import os, sys, naming\n"
        "WHO = '_'.join([os.environ.get('WHO', 'nobody'), naming.NAME, str('elsewhere' in sys.path),\n"
        "                os.path.basename(os.getcwd()) or 'root'])\n"
    )
    (project.dags / "b.py").write_text(dag("WHO", reads))
    shared = collect(project)
    shared.stdout.fnmatch_lines(["collection: 0 DAG files parsed alone, 5 in a shared parse*"])
    alone = collect(project, "--dag-fidelity-collect", "isolated")
    b_ids = [line for line in listed(alone) if line.startswith("dags/b.py::")]
    assert b_ids == [f"dags/b.py::nobody_clean_False_{project.root.name}"]
    assert listed(shared) == listed(alone)


def test_ids_a_file_changed_for_the_next_one_fail_that_item_naming_the_shared_parse(project: Project) -> None:
    # A library patched at import is not put back: b.py's listing is wrong, and must not pass.
    (project.dags / "a.py").write_text(dag("'a'", "import json\njson.dagfidelity_who = 'leaked'\n"))
    (project.dags / "b.py").write_text(dag("getattr(json, 'dagfidelity_who', 'clean')", "import json\n"))
    collect(project).stdout.fnmatch_lines(["dags/b.py::leaked"])
    result = project.run("--dag-fidelity", "-k", "leaked")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "stale DAG ids (appeared: clean; disappeared: leaked): dags/b.py yields other DAG ids parsed "
            "alone than in the shared parse of its folder*Fix:*--dag-fidelity-collect isolated",
            "FAILED dags/b.py::leaked - stale DAG ids*",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    collect(project, "--dag-fidelity-collect", "isolated").stdout.fnmatch_lines(["dags/b.py::clean"])


def test_a_file_that_fails_in_the_shared_parse_is_parsed_alone_and_fails_with_its_own_cause(
    project: Project,
) -> None:
    (project.dags / "a.py").write_text(dag("'a'"))
    (project.dags / "broken.py").write_text(dag("'broken'", "raise ValueError('not today')\n"))
    (project.dags / "c.py").write_text(dag("'c'"))
    result = collect(project)
    result.stdout.fnmatch_lines(["collection: 1 DAG files parsed alone, 2 in a shared parse*"])
    assert listed(result) == ["dags/a.py::a", "dags/broken.py::@file", "dags/c.py::c"]
    run = project.run("--dag-fidelity", "-k", "broken")
    run.assert_outcomes(failed=1)
    run.stdout.fnmatch_lines(["FAILED dags/broken.py::@file - import_error: ValueError*"])


def test_a_file_whose_dag_json_cannot_be_written_is_listed_by_its_ids_and_its_item_fails(
    project: Project,
) -> None:
    # The shared listing asks a file only for its ids, not for its dag.json: a value the
    # renderer refuses is found by the file's own parse when its item runs, and fails it there.
    (project.dags / "a.py").write_text(dag("'a'"))
    unprintable = "class Unprintable:\n    def __repr__(self):\n        raise RuntimeError('no repr')\n"
    (project.dags / "b_unprintable.py").write_text(
        dag("'b_unprintable'", unprintable).replace(
            "schedule=None", "schedule=None, params={'x': Unprintable()}"
        )
    )
    (project.dags / "c.py").write_text(dag("'c'"))
    result = collect(project)
    result.stdout.fnmatch_lines(["collection: 0 DAG files parsed alone, 3 in a shared parse*"])
    assert listed(result) == ["dags/a.py::a", "dags/b_unprintable.py::b_unprintable", "dags/c.py::c"]
    run = project.run("--dag-fidelity", "-k", "unprintable")
    run.assert_outcomes(failed=1)
    run.stdout.fnmatch_lines(["FAILED dags/b_unprintable.py::b_unprintable - *RenderLimit*"])


def test_a_file_that_ends_the_shared_process_costs_the_listing_not_a_result(project: Project) -> None:
    (project.dags / "a.py").write_text(dag("'a'"))
    (project.dags / "b_exits.py").write_text(dag("'b'", "import os\nos._exit(3)\n"))
    (project.dags / "c.py").write_text(dag("'c'"))
    result = collect(project)
    result.stdout.fnmatch_lines(["collection: 3 DAG files parsed alone, 0 in a shared parse*"])
    assert listed(result) == ["dags/a.py::a", "dags/b_exits.py::@file", "dags/c.py::c"]


def test_a_file_slower_than_its_share_is_parsed_alone_and_the_files_after_it_stay_shared(
    project: Project,
) -> None:
    # Time limit 4 s: b_hangs.py gets a 1 s share of the shared parse, then its own 4 s alone;
    # c.py and d.py are still listed by the shared parse, not left to be parsed alone.
    for name in ("a", "c", "d"):
        (project.dags / f"{name}.py").write_text(dag(f"'{name}'"))
    (project.dags / "b_hangs.py").write_text(dag("'b'", "import time\ntime.sleep(600)\n"))
    result = collect(project, "--dag-fidelity-timeout", "4")
    result.stdout.fnmatch_lines(["collection: 1 DAG files parsed alone, 3 in a shared parse*"])
    assert listed(result) == ["dags/a.py::a", "dags/b_hangs.py::@file", "dags/c.py::c", "dags/d.py::d"]
    run = project.run("--dag-fidelity", "--dag-fidelity-timeout", "4", "-k", "b_hangs")
    run.assert_outcomes(failed=1)
    run.stdout.fnmatch_lines(["*dags/b_hangs.py:2: Timeout: parsing took longer than the 4 s time limit*"])
    run.stdout.fnmatch_lines(["FAILED dags/b_hangs.py::@file - harness_limit: Timeout at line 2"])


def test_an_unknown_collect_mode_is_a_usage_error(project: Project) -> None:
    (project.dags / "a.py").write_text(dag("'a'"))
    result = collect(project, "--dag-fidelity-collect", "parallel")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*dag_fidelity_collect is 'parallel'; it must be 'shared' (the default) or 'isolated'"]
    )


@pytest.mark.parametrize("start", ["as it is", "empty"])
def test_the_environment_a_file_changed_is_put_back_exactly(start: str) -> None:
    from pytest_dagfidelity.worker.loading import _put_back

    saved = dict(os.environ)
    try:
        if start == "empty":
            os.environ.clear()
        before = dict(os.environ)
        with _put_back(()):
            os.environ.clear()
            os.environ["DAGFIDELITY_LEFT_BEHIND"] = "by the file"
        assert dict(os.environ) == before
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_a_library_in_a_venv_inside_the_dag_folder_is_no_module_of_the_users(tmp_path: Path) -> None:
    """A module is the user's when it was found through the DAG folder; one found through a
    sys.path entry inside it (a venv's site-packages in the project) is a library: kept across
    the shared parse's files and warmed in the worker, as any library. A module in a folder a
    DAG file put on sys.path itself stays the user's (``path``: sys.path before the file ran)."""
    from pytest_dagfidelity.worker.loading import in_folders, user_folders

    site = tmp_path / ".venv" / "lib" / "python3.11" / "site-packages"
    lib = tmp_path / "lib"
    for folder in (site / "pendulum", lib):
        folder.mkdir(parents=True)
    folders = user_folders([str(tmp_path)])
    path = [str(tmp_path), str(site)]
    assert not in_folders(str(site / "pendulum" / "__init__.py"), folders, path)
    assert in_folders(str(tmp_path / "helpers.py"), folders, path)
    assert in_folders(str(lib / "helper.py"), folders, path)  # lib/ was not on sys.path before
    assert in_folders(str(site / "pendulum" / "__init__.py"), folders, [str(tmp_path)])
    assert not in_folders(str(tmp_path.parent / "elsewhere.py"), folders, path)
