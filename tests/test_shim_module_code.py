"""The code the shim runs for a DAG file is the code importlib runs for it (as DagBag does): a
current bytecode file where there is one, the source otherwise. The shim reads a timestamp
bytecode file itself; every case here is decided by importlib in the same process, not written
down."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from importlib.util import MAGIC_NUMBER, cache_from_source
from pathlib import Path

import pytest

SHIM = Path(__file__).parent.parent / "src/pytest_dagfidelity/shim"
SOURCE = """from airflow import DAG
WHERE = "source"
dag = DAG(dag_id="d_" + WHERE, schedule=None)
"""
# Both runs in one fresh interpreter, each from its own copy of the files: the DAG id says which
# code ran, importlib's module attribute says which it would have run.
PROBE = """
import importlib.util, json, sys
sys.path.insert(0, {shim!r})
from airflow import _dagfidelity as rt
rt.configure("3.3")
def outcome(run):
    try:
        return run()
    except Exception as exc:
        return type(exc).__name__ + ": " + str(exc)
def as_dagbag():
    spec = importlib.util.spec_from_file_location("as_dagbag", {plain!r})
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.dag.dag_id
def shim():
    return [d.dag_id for d in rt.load_file({shim_file!r})]
print(json.dumps({{"importlib": outcome(as_dagbag), "shim": outcome(shim)}}))
"""


def _pyc(code_text: str, mtime: int, size: int, flags: int = 0) -> bytes:
    """A bytecode file as PEP 552 lays it out, made from ``code_text``, with the header given."""
    code = compile(code_text, "dag.py", "exec", dont_inherit=True)
    header = MAGIC_NUMBER + flags.to_bytes(4, "little")
    return (
        header
        + (mtime & 0xFFFFFFFF).to_bytes(4, "little")
        + (size & 0xFFFFFFFF).to_bytes(4, "little")
        + marshal.dumps(code)
    )


def _folder(root: Path, name: str, pyc: bytes | None) -> Path:
    folder = root / name
    folder.mkdir()
    path = folder / "dag.py"
    path.write_text(SOURCE, encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    if pyc is not None:
        cached = Path(cache_from_source(str(path)))
        cached.parent.mkdir()
        cached.write_bytes(pyc)
    return path


def _run(tmp_path: Path, pyc: bytes | None) -> dict[str, object]:
    plain, shim_file = (_folder(tmp_path, name, pyc) for name in ("plain", "shim"))
    code = PROBE.format(shim=str(SHIM), plain=str(plain), shim_file=str(shim_file))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # neither run may rewrite the files it read
    env.pop("PYTHONPYCACHEPREFIX", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)  # type: ignore[no-any-return]


SIZE = len(SOURCE.encode())
BYTECODE = SOURCE.replace('"source"', '"bytecode"')
CASES = {
    "no bytecode file": None,
    "current bytecode file": _pyc(BYTECODE, 1_700_000_000, SIZE),
    "stale: another modification time": _pyc(BYTECODE, 1_600_000_000, SIZE),
    "stale: another size": _pyc(BYTECODE, 1_700_000_000, SIZE + 1),
    "hash-based, unchecked": _pyc(BYTECODE, 0, 0, flags=0b01),
    "another interpreter's magic number": b"\0\0\r\n" + _pyc(BYTECODE, 1_700_000_000, SIZE)[4:],
    "truncated": _pyc(BYTECODE, 1_700_000_000, SIZE)[:20],
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_shim_runs_what_importlib_runs(tmp_path: Path, case: str) -> None:
    report = _run(tmp_path, CASES[case])
    expected = report["importlib"]
    # A DAG id where importlib ran the file; its error (a bytecode file it refuses) where not.
    assert report["shim"] == ([expected] if str(expected).startswith("d_") else expected)


def test_the_cases_tell_bytecode_from_source(tmp_path: Path) -> None:
    # Without this, every case above could pass with both runs reading the source.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _run(tmp_path / "a", CASES["current bytecode file"])["importlib"] == "d_bytecode"
    assert _run(tmp_path / "b", CASES["no bytecode file"])["importlib"] == "d_source"
