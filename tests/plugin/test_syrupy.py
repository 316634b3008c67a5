"""Users' own syrupy tests: the ``dag_json`` fixture and ``DagJsonExtension``, in pytester.

The snapshots the shim writes are held to the goldens real Airflow wrote for the same
corpus file, so these tests never hold the shim to itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pytest_dagfidelity.versions import installed_airflow

from .conftest import REPO

pytest.importorskip("syrupy", reason="syrupy is in the test extra: pip install -e '.[test]'")

FILE = "branch_join_rules__af2.py"  # one DAG; parses on every Airflow version of the matrix
DAG_ID = FILE[:-3]
TEST = f"""
from pytest_dagfidelity.snapshot import DagJsonExtension


def test_branching(dag_json, snapshot):
    doc = dag_json("dags/{FILE}", dag_id="{DAG_ID}")
    assert doc.backend == __import__("os").environ.get("EXPECT_BACKEND", "shim")
    assert doc == snapshot(extension_class=DagJsonExtension)
"""
# The same, through the plugin's fixture (syrupy's use_extension): unused snapshots are found.
TEST_WITH_FIXTURE = f"""
def test_branching(dag_json, dag_snapshot):
    assert dag_json("dags/{FILE}", dag_id="{DAG_ID}") == dag_snapshot
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    # Under xdist, the inner run would take itself for a worker, and syrupy leaves reporting
    # (and deleting unused snapshots) to a controller there is none of.
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    (pytester.path / "dags").mkdir()
    shutil.copy(REPO / "corpus" / FILE, pytester.path / "dags" / FILE)
    pytester.makepyfile(test_dags=TEST)
    return pytester


def snapshot_path(root: Path, version: str) -> Path:
    return root / "__dag_snapshots__" / f"airflow-{version}" / "test_dags" / "test_branching.json"


def run(pytester: pytest.Pytester, version: str, *args: str) -> pytest.RunResult:
    version_args = [] if installed_airflow() else ["--dag-fidelity-airflow-version", version]
    return pytester.runpytest("-p", "no:cacheprovider", *version_args, *args)


@pytest.fixture
def version() -> str:
    from pytest_dagfidelity.versions import resolve_target

    return resolve_target(None)


@pytest.mark.parametrize("style", ["inline", "fixture"])
def test_create_match_mismatch_and_update(project: pytest.Pytester, version: str, style: str) -> None:
    if style == "fixture":
        project.makepyfile(test_dags=TEST_WITH_FIXTURE)
    created = run(project, version, "--snapshot-update")
    created.assert_outcomes(passed=1)
    created.stdout.fnmatch_lines(["*1 snapshot generated*"])
    stored = json.loads(snapshot_path(project.path, version).read_text())
    golden = json.loads((REPO / "goldens" / version / "corpus" / DAG_ID / f"{DAG_ID}.json").read_text())
    # What the shim snapshots is what real Airflow wrote as the reviewed golden.
    assert stored["dag"] == golden["dag"] and stored["airflow_version"] == version
    assert stored["file"] == f"dags/{FILE}"

    run(project, version).assert_outcomes(passed=1)

    dag = project.path / "dags" / FILE
    dag.write_text(
        dag.read_text().replace('EmptyOperator(task_id="left")', 'EmptyOperator(task_id="left", retries=4)')
    )
    failed = run(project, version)
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        [
            f"*(expected: snapshot, Airflow {version}; actual: dag_json now)*",
            "*tasks/left/retries: 0 → 4*",
        ]
    )
    assert '-         "retries": 0,' not in failed.stdout.str()  # the path diff, not a text diff
    assert json.loads(snapshot_path(project.path, version).read_text()) == stored  # a failure writes nothing

    updated = run(project, version, "--snapshot-update")
    updated.assert_outcomes(passed=1)
    updated.stdout.fnmatch_lines(["*1 snapshot updated*"])
    assert (
        json.loads(snapshot_path(project.path, version).read_text())["dag"]["tasks"]["left"]["retries"] == 4
    )
    run(project, version).assert_outcomes(passed=1)


@pytest.mark.skipif(
    installed_airflow() is not None, reason="real Airflow here pins the run to its own version"
)
@pytest.mark.parametrize("style", ["inline", "fixture"])
def test_two_airflow_versions_share_one_snapshot_directory(project: pytest.Pytester, style: str) -> None:
    if style == "fixture":
        project.makepyfile(test_dags=TEST_WITH_FIXTURE)
    for version in ("2.11", "3.3"):
        run(project, version, "--snapshot-update").assert_outcomes(passed=1)
    for version in ("2.11", "3.3"):  # an update on one version deleted neither
        stored = json.loads(snapshot_path(project.path, version).read_text())
        golden = json.loads((REPO / "goldens" / version / "corpus" / DAG_ID / f"{DAG_ID}.json").read_text())
        assert stored["dag"] == golden["dag"] and stored["airflow_version"] == version
        run(project, version).assert_outcomes(passed=1)
    # A test that is gone: its snapshot is removed on the version that ran, and only there.
    gone = {v: snapshot_path(project.path, v).with_name("test_gone.json") for v in ("2.11", "3.3")}
    for path in gone.values():
        path.write_text("{}")
    result = run(project, "3.3", "--snapshot-update")
    result.assert_outcomes(passed=1)
    assert gone["2.11"].exists()
    if style == "fixture":  # syrupy finds unused snapshots of the extension a fixture uses
        assert not gone["3.3"].exists()
    assert snapshot_path(project.path, "2.11").exists() and snapshot_path(project.path, "3.3").exists()


def test_a_dag_that_does_not_load_is_never_snapshotted(project: pytest.Pytester, version: str) -> None:
    (project.path / "dags" / FILE).write_text("import airflow\nraise ValueError('broken at import')\n")
    result = run(project, version, "--snapshot-update")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*dag_json: dags/{FILE}*ValueError*broken at import*"])
    assert not (project.path / "__snapshots__").exists() or not snapshot_path(project.path, version).exists()


def test_a_wrong_dag_id_names_the_ones_there(project: pytest.Pytester, version: str) -> None:
    project.makepyfile(
        test_dags=f"def test_x(dag_json):\n    dag_json('dags/{FILE}', dag_id='nope')\n",
    )
    result = run(project, version)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*dag_json: dags/{FILE} defines no DAG 'nope'; it defines: {DAG_ID}*"])


@pytest.mark.airflow
def test_the_same_snapshot_holds_real_airflow_in_ci(
    project: pytest.Pytester, version: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Snapshots taken with the shim on a laptop; CI selects real Airflow and they still hold."""
    run(project, version, "--snapshot-update").assert_outcomes(passed=1)
    monkeypatch.setenv("LEOFLOW_PARSER_BACKEND", "airflow")
    monkeypatch.setenv("EXPECT_BACKEND", "airflow")  # the test itself checks who compiled it
    run(project, version).assert_outcomes(passed=1)
