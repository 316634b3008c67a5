"""Discovery as Airflow's list_py_file_paths: .airflowignore in both syntaxes, and safe mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_dagfidelity.discovery import dag_files, might_contain_dag

DAG_SOURCE = "from airflow import DAG\ndag = DAG('x')\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("orders.py", "orders_draft.py", "keep_draft.py", "helpers/io.py", "team/etl/load.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(DAG_SOURCE)
    (tmp_path / "util.py").write_text("import json\n")  # mentions neither airflow nor a DAG
    return tmp_path


def found(root: Path, version: str) -> list[str]:
    return [p.relative_to(root).as_posix() for p in dag_files(root, version)]


def test_without_an_ignore_file_every_file_that_might_hold_a_dag(folder: Path) -> None:
    assert found(folder, "3.3") == [
        "keep_draft.py",
        "orders.py",
        "orders_draft.py",
        "helpers/io.py",
        "team/etl/load.py",
    ]


def test_regexp_syntax_is_airflow_2s_default(folder: Path) -> None:
    (folder / ".airflowignore").write_text("helpers/\n_draft\\.py$  # drafts\n")
    assert found(folder, "2.11") == ["orders.py", "team/etl/load.py"]


def test_glob_syntax_is_airflow_3s_default_with_negation_and_anchoring(folder: Path) -> None:
    (folder / ".airflowignore").write_text("helpers/\n*_draft.py\n!keep_draft.py\n")
    (folder / "team" / ".airflowignore").write_text("/etl/load.py\n")
    assert found(folder, "3.3") == ["keep_draft.py", "orders.py"]


def test_the_environment_chooses_the_syntax_as_it_does_for_airflow(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / ".airflowignore").write_text("*_draft.py\n")
    monkeypatch.setenv("AIRFLOW__CORE__DAG_IGNORE_FILE_SYNTAX", "glob")
    assert "orders_draft.py" not in found(folder, "2.11")


def test_safe_mode_words_differ_by_major_version(tmp_path: Path) -> None:
    asset_only = tmp_path / "assets.py"
    asset_only.write_text("from airflow.sdk import Asset\nraw = Asset('s3://raw')\n")
    assert might_contain_dag(asset_only, "3.3") and not might_contain_dag(asset_only, "2.11")


UNREADABLE = {
    "pipe.py": "not a regular file",
    "zero.py": "not a regular file",
    "dangling.py": "cannot be read",
    "huge.py": "larger than the 10 MB limit",
    "caf\\xe9.py": "not valid UTF-8",
    "loop": "appears more than once through symlinks",
}


def make_unreadable(root: Path) -> None:
    """Files no discovery may read, made here (never in git): each as the issue found them."""
    import os

    os.mkfifo(root / "pipe.py")
    (root / "zero.py").symlink_to("/dev/zero")
    (root / "dangling.py").symlink_to(root / "nowhere.py")
    with open(root / "huge.py", "wb") as fh:  # sparse: no 10 MB written
        fh.write(b"from airflow import DAG\n")
        fh.truncate(10 * 1024 * 1024 + 1)
    (Path(os.fsdecode(bytes(root) + b"/caf\xe9.py"))).write_text(DAG_SOURCE)
    (root / "sub").mkdir()
    (root / "sub" / "loop").symlink_to(root)


def test_only_regular_readable_files_are_read_and_the_rest_reported(tmp_path: Path) -> None:
    from pytest_dagfidelity.discovery import Skipped

    make_unreadable(tmp_path)
    (tmp_path / "good.py").write_text(DAG_SOURCE)
    skipped: list[Skipped] = []
    assert found_with(tmp_path, skipped) == ["good.py"]  # it returns: nothing blocked or read forever
    lines = {s.shown.rsplit("/", 1)[-1]: s.line for s in skipped}
    assert sorted(lines) == sorted(UNREADABLE)
    for name, reason in UNREADABLE.items():
        line = lines[name]
        assert reason in line and ": not checked: " in line and ". Fix: " in line and "\n" not in line
        line.encode("utf-8")  # printable as it is: text output cannot crash on it


def found_with(root: Path, skipped: list[object]) -> list[str]:
    return [p.relative_to(root).as_posix() for p in dag_files(root, "3.3", skipped)]  # type: ignore[arg-type]


def test_a_symlinked_folder_is_followed_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "etl.py").write_text(DAG_SOURCE)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    skipped: list[object] = []
    assert found_with(tmp_path, skipped) == ["link/etl.py"]  # sorted: "link" first; "real" is the same
    assert [s.reason.split(" (")[0] for s in skipped] == [  # type: ignore[attr-defined]
        f"the folder {tmp_path / 'real'} appears more than once through symlinks"
    ]


@pytest.mark.airflow
@pytest.mark.parametrize("output", ["text", "json"])
def test_check_reports_each_unreadable_file_and_fails(
    tmp_path: Path, output: str, airflow_backend: object
) -> None:
    import json
    import subprocess
    import sys

    from .conftest import RESOURCES

    folder = tmp_path / "dags"
    folder.mkdir()
    make_unreadable(folder)
    (folder / "innocent.py").write_bytes((RESOURCES / "innocent.py").read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest_dagfidelity.cli",
            "check",
            str(folder),
            *(["--json"] if output == "json" else []),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr
    for name, reason in UNREADABLE.items():
        assert any(name in line and reason in line for line in done.stderr.splitlines()), (name, done.stderr)
    if output == "json":
        (verdict,) = map(json.loads, done.stdout.splitlines())
        assert verdict["file"] == "dags/innocent.py" and verdict["verdict"] == "match"
    else:
        assert "match" in done.stdout and "innocent.py" in done.stdout
        summary = done.stderr.splitlines()[-1]
        assert summary.endswith(f"1 match, {len(UNREADABLE)} not read"), summary
