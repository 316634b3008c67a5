"""A user's own repository, as a new user meets the plugin: each numbered problem of the
"user's repository" issue, reproduced. These run without Airflow (the shim's route);
tests/test_user_repository.py runs the same repository against real Airflow.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from .conftest import FILES, TARGET, Project, without_airflow

REPO = Path(__file__).parent.parent / "resources" / "repo"
pytestmark = without_airflow


def copy_repo(project: Project) -> None:
    shutil.rmtree(project.dags)
    for part in ("dags", "plugins", "include"):
        shutil.copytree(REPO / part, project.root / part)
    project.pytester.makeini("[pytest]\ndag_fidelity_import_roots = .\n")


def verdicts(result: pytest.RunResult) -> str:
    return next(line for line in result.outlines if line.startswith(f"Airflow {TARGET}: "))


# 1. Imports from the DAG folder ---------------------------------------------------------------


def test_a_dag_imports_from_the_dag_folder_plugins_and_named_roots(project: Project) -> None:
    copy_repo(project)
    result = project.run("--dag-fidelity", "-k", "orders_daily")
    # orders.py imports common/ (DAG folder), audit_operator (plugins) and include/ (a named root):
    # it parses, and only lacks its golden, whose path says where the DAG lives.
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*no golden for Airflow*dags/team/orders/orders_daily.json*",
            "FAILED dags/team/orders.py::orders_daily - missing_golden",
        ]
    )
    assert "ModuleNotFoundError" not in result.stdout.str()


def test_the_rootdir_is_not_on_the_path_unless_named(project: Project) -> None:
    (project.root / "rootdir_only.py").write_text("VALUE = 1\n")
    (project.dags / "uses_rootdir.py").write_text(
        "import rootdir_only\nfrom airflow import DAG\ndag = DAG('uses_rootdir', schedule=None)\n"
    )
    # Airflow's DAG processor never puts pytest's rootdir on sys.path: neither does the plugin.
    result = project.run("--dag-fidelity")
    result.stdout.fnmatch_lines(
        ["*dags/uses_rootdir.py:1: ModuleNotFoundError: No module named 'rootdir_only'*"]
    )
    result.assert_outcomes(failed=1)
    named = project.run("--dag-fidelity", "--dag-fidelity-import-roots", ".")
    named.stdout.fnmatch_lines(
        ["*no golden for Airflow*uses_rootdir.json*", "FAILED *::uses_rootdir - missing_golden"]
    )


def test_ignored_files_in_subfolders_are_not_collected(project: Project) -> None:
    copy_repo(project)
    result = project.run("--dag-fidelity", "--collect-only", "-q")
    collected = [line for line in result.outlines if "::" in line]
    assert not [line for line in collected if "draft_orders" in line or "scratch" in line or "common" in line]
    assert "dags/team/orders.py::orders_daily" in collected


# 2. Broken DAGs never pass ----------------------------------------------------------------------

# file: (source, the error type an old update recorded as its golden, the verdict now)
BROKEN = {
    "syntax.py": (
        "from airflow import DAG\nwith DAG('s', schedule=None)\n    pass\n",
        "SyntaxError",
        "import_error",
    ),
    "missing_module.py": (
        "import company_sdk\nfrom airflow import DAG\n",
        "ModuleNotFoundError",
        "environment_error",
    ),
    "airflow2_only.py": (
        "import datetime\nfrom airflow import DAG\n"
        "DAG('old', start_date=datetime.datetime(2024, 1, 1), schedule_interval='@daily')\n",
        "TypeError",
        "import_error",
    ),
}


@pytest.mark.skipif(not TARGET.startswith("3."), reason="schedule_interval is refused from Airflow 3 on")
def test_a_broken_dag_fails_even_with_the_error_golden_an_old_update_wrote(project: Project) -> None:
    for name, (source, recorded, _) in BROKEN.items():
        (project.dags / name).write_text(source)
        golden = project.goldens / "dags" / name[:-3] / "@error.json"
        golden.parent.mkdir(parents=True)
        doc = {
            "schema_version": 1,
            "airflow_version": TARGET,
            "file": f"dags/{name}",
            "error": {"type": recorded},
        }
        golden.write_text(json.dumps(doc) + "\n")
    result = project.run("--dag-fidelity")
    result.assert_outcomes(failed=len(BROKEN))
    for name, (_, _, verdict) in BROKEN.items():
        result.stdout.fnmatch_lines([f"FAILED dags/{name}::@file - {verdict}*"])
    # Never the update as the fix for a file that does not load.
    assert "--dag-fidelity-update" not in result.stdout.str()
    result.stdout.fnmatch_lines(["*dags/syntax.py:2: SyntaxError*Fix: *"])


# 3. One vocabulary ------------------------------------------------------------------------------


def test_a_shim_refusal_is_counted_as_unsupported_not_mismatch(project: Project) -> None:
    shutil.copy(REPO / "dags" / "legacy" / "exports_path.py", project.dags / "refused.py")
    text = (project.dags / "refused.py").read_text().replace("# dagfidelity: airflow-only", "#")
    (project.dags / "refused.py").write_text(text)
    result = project.run("--dag-fidelity")
    result.assert_outcomes(failed=1)
    assert verdicts(result) == f"Airflow {TARGET}: 1 unsupported"


def test_an_airflow_only_file_is_skipped_with_its_reason_when_no_airflow_is_reachable(
    project: Project,
) -> None:
    shutil.copy(REPO / "dags" / "legacy" / "exports_path.py", project.dags / "legacy.py")
    result = project.run("--dag-fidelity", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*checked by real Airflow only (turns an ObjectStoragePath into text at parse time; *:5)*",
        ]
    )


# Reading the results ----------------------------------------------------------------------------


def test_v_prints_real_node_ids_and_the_summary_names_verdict_and_changes(project: Project) -> None:
    name = FILES[0]
    (dag_id, *_) = project.add_corpus_file(name)
    path = project.golden(name, dag_id)
    golden = json.loads(path.read_text())
    golden["dag"]["catchup"] = not golden["dag"]["catchup"]
    path.write_text(json.dumps(golden))
    result = project.run("--dag-fidelity", "-v", "-k", dag_id)
    result.stdout.fnmatch_lines([f"dags/{name}::{dag_id} FAILED*"])
    result.stdout.fnmatch_lines([f"FAILED dags/{name}::{dag_id} - golden_mismatch: 1 change*"])


# A mistake gets one line ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["folder", "not executable", "no airflow"])
def test_a_wrong_airflow_python_is_one_line(project: Project, tmp_path: Path, kind: str) -> None:
    if kind == "folder":
        python, says = str(tmp_path), "is a folder, not a Python interpreter"
    elif kind == "not executable":
        (tmp_path / "python").write_text("")
        python, says = str(tmp_path / "python"), "is not executable"
    else:
        python, says = sys.executable, "has no apache-airflow installed"
    result = project.run("--dag-fidelity", "--dag-fidelity-airflow-python", python)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: --dag-fidelity-airflow-python: *{says}*"])
    assert "Traceback" not in result.stderr.str() and "INTERNALERROR" not in result.stdout.str()
