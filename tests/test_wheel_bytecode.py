"""The wheel carries hash-checked bytecode for every module (``hatch_build.py``): a venv installed
without compiling (uv's default), run with PYTHONDONTWRITEBYTECODE, still starts from it."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_every_module_in_the_wheel_has_its_checked_hash_bytecode(tmp_path: Path) -> None:
    uv = shutil.which("uv") or str(Path(sys.executable).parent / "uv")
    if not Path(uv).exists():
        pytest.skip("uv is in the test extra: pip install -e '.[test]'")
    out = tmp_path / "dist"
    done = subprocess.run(
        [uv, "build", "--wheel", "--python", sys.executable, "--out-dir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = out.glob("*.whl")
    tag = sys.implementation.cache_tag
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        modules = sorted(n for n in names if n.endswith(".py"))
        assert len(modules) > 50
        for module in modules:
            folder, _, file = module.rpartition("/")
            pyc = f"{folder}/__pycache__/{file[:-3]}.{tag}.pyc"
            assert pyc in names, f"{module}: no {pyc} in the wheel"
            data = archive.read(pyc)
            # PEP 552: magic, flags (bit 0 hash-based, bit 1 checked), then the source's hash.
            assert data[:4] == importlib.util.MAGIC_NUMBER, pyc
            assert int.from_bytes(data[4:8], "little") == 0b11, f"{pyc}: not a checked-hash pyc"
            assert data[8:16] == importlib.util.source_hash(archive.read(module)), f"{pyc}: another source"
