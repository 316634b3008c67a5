"""A syrupy extension for dag.json: ``snapshot(extension_class=DagJsonExtension)``, or the
``dag_snapshot`` fixture (``snapshot.use_extension(DagJsonExtension)``).

Needs syrupy 7 (``pip install "pytest-dagfidelity[syrupy]"``). One canonical JSON file
per DAG and Airflow minor version, the golden format of this package::

    __dag_snapshots__/airflow-<X.Y>/<test module>/<test name>.json

Each Airflow version's snapshots live in a folder of their own, and the only one syrupy
scans in a run is this version's: ``--snapshot-update`` on 3.3 never deletes 2.11's.
Not under ``__snapshots__``: syrupy's default extension scans all of that folder after
an inline ``extension_class=`` assertion, and would take other versions' files for
unknown ones. A mismatch shows this package's path diff (``tasks/x/retries: 0 → 1``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from syrupy.location import PyTestLocation

from .compile import dumps
from .dag_json import DagJson, current_version
from .diff import diff
from .golden import dag_golden


class DagJsonExtension(SingleFileSnapshotExtension):
    file_extension = "json"
    snapshot_dirname = "__dag_snapshots__"
    _write_mode = WriteMode.TEXT

    def serialize(self, data: Any, **_: Any) -> str:
        if not isinstance(data, DagJson):
            raise TypeError(
                "DagJsonExtension snapshots what the dag_json fixture returns "
                f"(dag_json('dags/x.py', dag_id='x')), not a {type(data).__name__}"
            )
        return dumps(dag_golden(data.airflow_version, data.file, dict(data)))

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        # syrupy scans the folder above the module's (discovery_dirname): this version's only.
        root = Path(test_location.filepath).parent / str(cls.snapshot_dirname)
        return str(root / f"airflow-{current_version() or 'unknown'}" / test_location.basename)

    def diff_lines(self, serialized_data: Any, snapshot_data: Any) -> Iterator[str]:
        lines = path_diff(serialized_data, snapshot_data)
        yield from lines if lines is not None else super().diff_lines(serialized_data, snapshot_data)


def path_diff(serialized_data: Any, snapshot_data: Any) -> list[str] | None:
    """``tasks/x/retries: 0 → 1`` lines between a snapshot and what dag_json gives now."""
    try:
        before, after = json.loads(str(snapshot_data)), json.loads(str(serialized_data))
    except ValueError:  # a snapshot file that is not JSON (or none): syrupy's text diff
        return None
    if not isinstance(before, dict) or not isinstance(after, dict):
        return None
    lines = [f"(expected: snapshot, Airflow {before.get('airflow_version')}; actual: dag_json now)"]
    if before.get("file") != after.get("file"):
        lines.append(f"file: {before.get('file')!r} → {after.get('file')!r}")
    return [*lines, *diff(before.get("dag"), after.get("dag")).lines]


def explain_comparison(left: Any, right: Any) -> list[str] | None:
    """pytest's explanation of ``dag_json(...) == snapshot(extension_class=DagJsonExtension)``.

    syrupy explains a failed assertion with the extension the ``snapshot`` fixture has
    once the assertion is over, which for an inline ``extension_class=`` is its default
    one again; this gives the path diff instead.
    """
    if not isinstance(left, DagJson) or not isinstance(right, SnapshotAssertion):
        return None
    results = list(right.executions.values())
    if not results or results[-1].success:
        return None
    last = results[-1]
    if last.recalled_data is None:
        return [
            f"{left.file}::{left.dag_id}: no snapshot for Airflow {left.airflow_version} yet; "
            "run pytest --snapshot-update"
        ]
    lines = path_diff(last.asserted_data, last.recalled_data)
    if lines is None:
        return None
    return [f"{left.file}::{left.dag_id} ≠ its snapshot ({last.snapshot_location})", *lines]


__all__ = ["DagJsonExtension", "explain_comparison"]
