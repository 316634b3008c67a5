"""The Airflow matrix is declared once (pyproject.toml); nox, tox and CI must not drift from it."""

from __future__ import annotations

import configparser
from pathlib import Path

import tomllib

ROOT = Path(__file__).parent.parent
MATRIX = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["dagfidelity"]["matrix"]


def tox() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "tox.ini")
    return parser


def test_tox_envs_are_the_nox_matrix() -> None:
    envs = [e.strip() for e in tox()["tox"]["env_list"].split(",")]
    assert [e for e in envs if e.startswith("airflow")] == [f"airflow{v.replace('.', '')}" for v in MATRIX]


def test_tox_pins_are_the_pyproject_pins() -> None:
    config = tox()
    for version, entry in MATRIX.items():
        deps = config[f"testenv:airflow{version.replace('.', '')}"]["deps"].split()
        assert deps == [f"apache-airflow=={entry['airflow']}", *entry["pins"]], version


def test_nox_reads_the_same_matrix() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("noxfile_under_test", ROOT / "noxfile.py")
    assert spec is not None and spec.loader is not None
    noxfile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(noxfile)
    assert noxfile.VERSIONS == list(MATRIX)


def test_the_workflow_runs_every_version() -> None:
    workflow = (ROOT / ".github/workflows/matrix.yml").read_text()
    for version in MATRIX:
        assert f'"{version}"' in workflow, version


def test_every_nox_session_the_docs_and_ci_name_exists() -> None:
    """README's first command among them: `nox -s fidelity-3.3` must be a session, not a typo."""
    import re
    import subprocess
    import sys

    listed = subprocess.run(
        [sys.executable, "-m", "nox", "-l"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    sessions = {line.split()[1] for line in listed.stdout.splitlines() if line[:2] in ("* ", "- ")}
    texts = [*(ROOT / "docs").rglob("*.md"), ROOT / "README.md", ROOT / "benchmarks" / "README.md"]
    named = {
        (path.name, name)
        for path in texts
        for match in re.finditer(r"nox -s ((?:\w[\w.-]* ?)+)", path.read_text())
        for name in match.group(1).split()
        if "X.Y" not in name
    }
    workflow = (ROOT / ".github/workflows/matrix.yml").read_text()
    named |= {("matrix.yml", f"fidelity-{v}") for v in MATRIX if "fidelity-${{ matrix.airflow }}" in workflow}
    assert named and {n for _, n in named} <= sessions, sorted(n for n in named if n[1] not in sessions)
