"""``worker/tempdir.py`` against ``tempfile`` itself: the same folder chosen, and a DAG file that
imports ``tempfile`` after the harness settled the folder sees that folder."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pytest_dagfidelity.cli import _columns
from pytest_dagfidelity.worker import tempdir


def tempfile_choice() -> str:
    return tempfile._get_default_tempdir()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(
    "setting",
    ["unset", "a folder", "missing", "a file", "empty, TEMP a folder"],
)
def test_the_folder_chosen_is_tempfiles(
    setting: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "temp"
    folder.mkdir()
    if setting == "a folder":
        monkeypatch.setenv("TMPDIR", str(folder))
    elif setting == "missing":
        monkeypatch.setenv("TMPDIR", str(tmp_path / "nowhere"))
    elif setting == "a file":
        (tmp_path / "file").write_text("")
        monkeypatch.setenv("TMPDIR", str(tmp_path / "file"))
    elif setting == "empty, TEMP a folder":
        monkeypatch.setenv("TMPDIR", "")
        monkeypatch.setenv("TEMP", str(folder))
    chosen = tempdir.default_tempdir()
    assert chosen == tempfile_choice()
    assert (chosen == str(folder)) == (setting in ("a folder", "empty, TEMP a folder"))
    assert not [p for p in folder.iterdir()]  # the probe file is gone


def test_a_folder_made_is_private_and_in_the_temporary_folder() -> None:
    made = Path(tempdir.make_folder("dagfidelity-test-"))
    try:
        assert made.is_dir() and made.name.startswith("dagfidelity-test-")
        assert str(made.parent) == tempfile.gettempdir()
        assert stat.S_IMODE(made.stat().st_mode) == 0o700
    finally:
        made.rmdir()


PRESET = """
import json, os, sys
from pytest_dagfidelity.worker import tempdir
assert "tempfile" not in sys.modules
tempdir.preset()
settled = tempdir.gettempdir()
os.environ["TMPDIR"] = sys.argv[1]  # a probe made now would choose this folder instead
import inspect, tempfile
print(json.dumps({
    "settled": settled,
    "seen": tempfile.gettempdir(),
    "source": inspect.getsource(tempfile.mkdtemp)[:14],
    "hooks": sum(type(f).__name__ == "_Preset" for f in sys.meta_path),
}))
"""


def test_tempfile_imported_after_the_preset_starts_with_the_settled_folder(tmp_path: Path) -> None:
    """As if the harness had called ``tempfile.gettempdir()`` before the sandbox: a DAG file
    importing tempfile later sees that folder without a probe (which the sandbox refuses)."""
    other = tmp_path / "other"
    other.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", PRESET, str(other)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["seen"] == report["settled"] != str(other)
    assert report["source"] == "def mkdtemp(su"  # the module's own loader still reads its source
    assert report["hooks"] == 0  # the hook removed itself once used


@pytest.mark.parametrize("columns", [None, "123", "abc", "0"])
def test_the_help_width_is_shutils(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _columns() == shutil.get_terminal_size().columns


def test_a_dag_reading_the_temporary_folder_in_a_one_file_compile_sees_the_environments(
    tmp_path: Path,
) -> None:
    """The CLI's compile never imports tempfile; the file's parse is sandboxed: it still reads
    the folder TMPDIR names, as in real Airflow's DAG processor."""
    temp = tmp_path / "temp"
    temp.mkdir()
    dag = tmp_path / "dags" / "reads_tmp.py"
    dag.parent.mkdir()
    dag.write_text(
        "import tempfile\nfrom airflow.sdk import DAG\n"
        "dag = DAG('reads_tmp', schedule=None, tags=[tempfile.gettempdir()])\n",
        encoding="utf-8",
    )
    env = {**os.environ, "TMPDIR": str(temp)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", "compile", str(dag), "--airflow-version", "3.3"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["dags"]["reads_tmp"]["tags"] == [str(temp)]
