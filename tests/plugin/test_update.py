"""--dag-fidelity-update with real Airflow: created/updated/unchanged, subsets, xdist, live drift."""

from __future__ import annotations

import json

import pytest

from .conftest import FILES, TARGET, Project

pytestmark = pytest.mark.airflow


@pytest.fixture(autouse=True)
def _real_airflow(airflow_backend: object) -> None:
    """Skips (or, in CI, fails) without real Airflow in this environment."""


@pytest.mark.parametrize("workers", ["0", "2"])
def test_update_creates_then_leaves_goldens_unchanged(project: Project, workers: str) -> None:
    ids = [i for name in FILES for i in project.add_corpus_file(name, with_goldens=False)]
    first = project.run("--dag-fidelity", "--dag-fidelity-update", "-n", workers)
    first.assert_outcomes(passed=len(ids))
    first.stdout.fnmatch_lines([f"*goldens in *{TARGET}: {len(ids)} created, 0 updated, 0 unchanged*"])
    written = project.goldens_snapshot()
    assert len(written) == len(ids)
    again = project.run("--dag-fidelity", "--dag-fidelity-update", "-n", workers)
    again.stdout.fnmatch_lines([f"*: 0 created, 0 updated, {len(ids)} unchanged*"])
    assert project.goldens_snapshot() == written
    project.run("--dag-fidelity", "-n", workers).assert_outcomes(passed=len(ids))


def test_update_on_a_k_subset_leaves_every_other_golden_byte_identical(project: Project) -> None:
    ids = [i for name in FILES for i in project.add_corpus_file(name)]
    for dag_id, name in ((ids[0], FILES[0]), (ids[-1], FILES[1])):
        path = project.golden(name, dag_id)
        golden = json.loads(path.read_text())
        golden["dag"]["description"] = "edited by hand"
        path.write_text(json.dumps(golden, indent=2) + "\n")
    before = project.goldens_snapshot()
    result = project.run("--dag-fidelity", "--dag-fidelity-update", "-k", ids[0])
    result.stdout.fnmatch_lines(["*: 0 created, 1 updated, 0 unchanged*"])
    after = project.goldens_snapshot()
    changed = sorted(k for k in before if before[k] != after[k])
    assert changed == [str(project.golden(FILES[0], ids[0]).relative_to(project.root))]
    assert json.loads(after[changed[0]])["dag"]["description"] != "edited by hand"


def test_a_stale_golden_is_reported_as_stale(project: Project) -> None:
    (dag_id, *_) = project.add_corpus_file(FILES[0])
    path = project.golden(FILES[0], dag_id)
    golden = json.loads(path.read_text())
    golden["dag"]["catchup"] = not golden["dag"]["catchup"]
    path.write_text(json.dumps(golden))
    result = project.run("--dag-fidelity", "-k", dag_id)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [f"*real Airflow {TARGET} ≠ golden: the golden is stale*", "*    catchup: *", "*stale_golden*"]
    )


def test_the_shim_is_held_to_live_airflow(project: Project) -> None:
    # Real Airflow parses this; the shim refuses to guess the text of an ObjectStoragePath (it
    # depends on the universal-pathlib release Airflow installs).
    (project.dags / "storage_path_text.py").write_text(
        "import datetime\n"
        "from airflow.io.path import ObjectStoragePath\n"
        "from airflow import DAG\n"
        "with DAG(str(ObjectStoragePath('file:///tmp/x')).split('/')[-1] or 'x',\n"
        "         start_date=datetime.datetime(2024, 1, 1), schedule=None):\n    pass\n"
    )
    result = project.run("--dag-fidelity")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "FAILED dags/storage_path_text.py::@file - unsupported*",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*the shim refused it: dags/storage_path_text.py:4: ShimUnsupported*ObjectStoragePath*",
            f"real Airflow {TARGET} parses it",
        ]
    )
    assert "no golden" not in result.stdout.str()  # real Airflow parses it: there is no file-level golden


def test_real_airflow_from_an_explicit_interpreter(project: Project) -> None:
    import sys

    ids = project.add_corpus_file(FILES[0])
    project.pytester.makeini(f"[pytest]\ndag_fidelity_airflow_python = {sys.executable}\n")
    result = project.run("--dag-fidelity")
    result.stdout.fnmatch_lines(
        [f"*dag-fidelity: Airflow {TARGET}, backend shim, real Airflow via {sys.executable}*"]
    )
    result.assert_outcomes(passed=len(ids))


def test_the_airflow_backend_can_be_the_one_held_to_the_goldens(project: Project) -> None:
    ids = project.add_corpus_file(FILES[0])
    result = project.run("--dag-fidelity", "--dag-fidelity-backend", "airflow")
    result.stdout.fnmatch_lines([f"*dag-fidelity: Airflow {TARGET}, backend airflow*"])
    result.assert_outcomes(passed=len(ids))
