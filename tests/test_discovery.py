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
