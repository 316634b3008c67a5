"""dag.json is byte-identical across processes with different hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS

FILES = [
    "taskflow_xcomargs__af3.py",
    "asset_schedules__af3.py",
    "task_groups__af3.py",
    "dag_factory__af3.py",
    "mapping__af3.py",
    "params__af3.py",
]


@pytest.mark.parametrize("name", FILES)
def test_compile_is_byte_identical_across_processes(name: str, tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"{seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest_dagfidelity.cli",
                "compile",
                str(CORPUS / name),
                "-o",
                str(out),
                "--backend",
                "shim",
                "--airflow-version",
                "3.3",
            ],
            check=True,
            env=env,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].endswith(b"\n") and b"0x" not in outputs[0] and str(CORPUS).encode() not in outputs[0]


def test_output_does_not_depend_on_where_the_checkout_lives(tmp_path: Path) -> None:
    # DagBag names a DAG module after the sha1 of its absolute path; dag.json must not.
    source = (Path(__file__).parent / "resources" / "custom_operator_af3.py").read_text()
    outputs = []
    for where in ("one/deeper", "two"):
        folder = tmp_path / where
        folder.mkdir(parents=True)
        (folder / "custom.py").write_text(source)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest_dagfidelity.cli",
                "compile",
                str(folder / "custom.py"),
                "--backend",
                "shim",
                "--airflow-version",
                "3.3",
            ],
            capture_output=True,
            check=True,
            cwd=folder,  # the project's root, wherever the checkout lives
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert b'"operator": "custom.GreetOperator"' in outputs[0] and b"unusual_prefix" not in outputs[0]


NONDETERMINISTIC = {
    "random_task_ids.py": "tasks",
    "uuid_in_description.py": "description",
    "id_in_repr.py": "template/user_defined_macros",
    "set_order_by_hash_seed.py": " >> ",  # its edges
}


@pytest.mark.airflow
def test_check_determinism_names_the_files_that_change_and_what_changed(
    tmp_path: Path, airflow_backend: object
) -> None:
    """Two parses by real Airflow in fresh processes with different hash seeds."""
    from .conftest import RESOURCES

    folder = tmp_path / "dags"
    folder.mkdir()
    for name in NONDETERMINISTIC:
        (folder / name).write_bytes((RESOURCES / "hostile" / name).read_bytes())
    (folder / "innocent.py").write_bytes((RESOURCES / "innocent.py").read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", "check", "--determinism", "--json", str(folder)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    import json

    verdicts = {Path(v["path"]).name: v for v in map(json.loads, done.stdout.splitlines())}
    assert sorted(verdicts) == sorted([*NONDETERMINISTIC, "innocent.py"])
    assert verdicts["innocent.py"]["verdict"] == "match"
    for name, path in NONDETERMINISTIC.items():
        verdict = verdicts[name]
        assert verdict["verdict"] == "nondeterministic", verdict
        assert "parses it differently each time" in verdict["error"]
        assert any(path in line for line in verdict["diff"]), (name, verdict["diff"])
