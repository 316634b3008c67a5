"""tools/realworld/check.py's summary: the figures docs/fidelity.md quotes per batch."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

TOOL = Path(__file__).parent.parent / "tools" / "realworld" / "check.py"


@pytest.fixture(scope="module")
def check():
    spec = importlib.util.spec_from_file_location("realworld_check", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _record(entry: dict, verdict: str, error: str | None = None) -> dict:
    folder = entry["repo"].replace("/", "__") + "@" + entry["commit"][:12]
    return {
        "airflow_version": "2.11",
        "path": f"/tmp/rw/{folder}/{entry['path']}",
        "repo": entry["repo"],
        "verdict": verdict,
        "error": error,
    }


def test_each_batch_is_counted_apart_and_in_the_whole(check, tmp_path, capsys):
    files = check.load_manifest()["files"]
    first = next(f for f in files if not f.get("batch"))
    batch = next(f for f in files if f.get("batch"))
    records = [
        _record(first, "match"),
        _record(first, "mismatch"),
        _record(batch, "unsupported", "the shim refused it"),
        _record(batch, "import_error", "does not load in real Airflow 2.11"),
    ]
    # Two records of one file stand for two files: the counts are what is asserted.
    path = tmp_path / "run.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    check.summary(str(path), details=False, by_batch=True)
    rows = capsys.readouterr().out.splitlines()
    assert rows[1] == "| 2.11 | all | 4 | 3 | 1 | 1 | 1 | 33.3% |"
    assert f"| 2.11 | {batch['batch']} | 2 | 1 | 0 | 0 | 1 | 0.0% |" in rows
    assert "| 2.11 | first set | 2 | 2 | 1 | 1 | 0 | 50.0% |" in rows
