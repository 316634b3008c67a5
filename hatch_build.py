"""The wheel carries the package's bytecode, compiled by the interpreter that builds it.

uv installs without bytecode, and many environments set PYTHONDONTWRITEBYTECODE: then every
``dagfidelity compile`` compiled the ~55 modules of the package it loads from source (102 ms a
compile against 40 ms with this bytecode, paired runs in a fresh uv venv: docs/performance.md).
The ``.pyc`` files are hash-checked (PEP 552): Python uses one only while it matches its
source's bytes, whatever the files' times after install, and an interpreter of another version
ignores them (their names carry its tag). Editable installs read the checkout and get none.
"""

from __future__ import annotations

import os
import py_compile
import shutil
import sys
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = os.path.join("src", "pytest_dagfidelity")


class BytecodeHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version != "standard":
            return
        self._out = tempfile.mkdtemp(prefix="dagfidelity-bytecode-")
        source_root = os.path.join(self.root, "src")
        for folder, subfolders, files in os.walk(os.path.join(self.root, PACKAGE)):
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            for name in sorted(files):
                if not name.endswith(".py"):
                    continue
                source = os.path.join(folder, name)
                # As the interpreter names it: not cache_from_source, which a PYTHONPYCACHEPREFIX moves.
                relative = os.path.relpath(folder, source_root)
                pyc = f"{name[:-3]}.{sys.implementation.cache_tag}.pyc"
                cached = os.path.join(relative, "__pycache__", pyc)
                target = os.path.join(self._out, cached)
                py_compile.compile(
                    source,
                    cfile=target,
                    doraise=True,
                    invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
                )
                build_data["force_include"][target] = cached

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out:
            shutil.rmtree(out, ignore_errors=True)
