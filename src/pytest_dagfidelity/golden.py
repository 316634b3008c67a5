"""Goldens: the reviewed record of what real Airflow produces, one file per DAG and version.

Layout: ``<golden_dir>/<airflow X.Y>/<DAG file path without .py>/<dag_id>.json``. A file
a version cannot parse records that as ``@error.json`` in the same folder (``@`` cannot
occur in a dag_id). Writes are atomic: a temporary file in the same folder, then
``os.replace``; a killed run leaves every golden either old or new.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .compile import SCHEMA_VERSION, dumps

ERROR_NAME = "@error"
# A dag_id is stored under its own name where that is a safe file name; otherwise (path
# separators, "..", characters a file system refuses, too long) under a stable encoding.
# The golden itself records the real id.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,199}$")


def _file_name_for(dag_id: str) -> str:
    if _SAFE_NAME.match(dag_id) and ".." not in dag_id:
        return dag_id
    return "@id-" + hashlib.sha256(dag_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class GoldenError(Exception):
    """A golden exists but cannot be used (invalid JSON, another schema version)."""


@dataclass(frozen=True)
class GoldenStore:
    root: Path

    def path(self, version: str, file: str, dag_id: str | None) -> Path:
        """Built from checked parts, and refused unless it stays inside the golden folder."""
        stem = file[:-3] if file.endswith(".py") else file
        name = ERROR_NAME if dag_id is None else _file_name_for(dag_id)
        path = self.root / version / stem / f"{name}.json"
        parts = Path(stem).parts
        if (
            Path(stem).is_absolute()
            or ".." in parts
            or not os.path.abspath(path).startswith(os.path.abspath(self.root) + os.sep)
        ):
            raise GoldenError(f"refusing a golden outside {self.root}: {path}")
        return path

    def read(self, version: str, file: str, dag_id: str | None) -> dict[str, Any] | None:
        path = self.path(version, file, dag_id)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise GoldenError(
                f"golden {path} is not valid JSON (line {exc.lineno}: {exc.msg}); it was edited by hand? "
                "Fix it, or regenerate it with --dag-fidelity-update"
            ) from None
        if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION:
            found = doc.get("schema_version") if isinstance(doc, dict) else None
            raise GoldenError(
                f"golden {path} has schema_version {found!r}, this version of pytest-dagfidelity writes "
                f"{SCHEMA_VERSION}; regenerate it with --dag-fidelity-update"
            )
        return doc

    def write(self, version: str, file: str, dag_id: str | None, doc: dict[str, Any]) -> str:
        """Write atomically; returns "created", "updated" or "unchanged"."""
        path = self.path(version, file, dag_id)
        for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a run killed mid-write
            stale.unlink(missing_ok=True)
        text = dumps(doc)
        try:
            if path.read_text(encoding="utf-8") == text:
                return "unchanged"
            outcome = "updated"
        except FileNotFoundError:
            outcome = "created"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return outcome


def dag_golden(version: str, file: str, dag: dict[str, Any]) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "airflow_version": version, "file": file, "dag": dag}


def error_golden(version: str, file: str, error_type: str) -> dict[str, Any]:
    # Only the type: messages carry paths and wording that change between machines.
    return {
        "schema_version": SCHEMA_VERSION,
        "airflow_version": version,
        "file": file,
        "error": {"type": error_type},
    }
