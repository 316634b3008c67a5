"""What every report shows, built once: DAG rows × Airflow versions, verdicts, upgrade changes.

Sources: the goldens (real Airflow's record of each version), the results of runs (the
JSON lines ``dagfidelity check --json`` prints, or the results file the plugin writes),
and upgrade predictions of the shim. Renderers (``html.py``, ``sarif.py``,
``markdown.py``) only present this model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..upgrade import FileUpgrade, Outcome, golden_outcome, upgrade_of
from ..versions import matrix
from .verdicts import canonical_name

FILE_ROW = "@file"  # the row of a file that defines no DAG in any version


@dataclass(frozen=True)
class DagResult:
    """One verdict on one DAG (or on a file that yields none) under one Airflow version."""

    file: str
    dag_id: str | None
    verdict: str
    airflow_version: str
    diff: tuple[str, ...] = ()
    error: str | None = None
    line: int | None = None
    path: str | None = None  # the file on disk, relative to the repository, when it differs from file

    @classmethod
    def from_json(cls, record: Mapping[str, Any]) -> list[DagResult]:
        """One record: a plugin result (``dag_id``) or a ``check --json`` line (``dag_ids``)."""
        file = str(record.get("file") or record.get("path"))
        ids: list[str | None] = (
            [*record["dag_ids"]] or [None] if "dag_ids" in record else [record.get("dag_id")]
        )
        line = record.get("line")
        return [
            cls(
                file=file,
                dag_id=dag_id,
                verdict=canonical_name(str(record["verdict"])),
                airflow_version=str(record.get("airflow_version", "")),
                diff=tuple(str(d) for d in record.get("diff") or ()),
                error=None if record.get("error") is None else str(record["error"]),
                line=int(line) if isinstance(line, int) else None,
                path=None if record.get("path") is None else str(record["path"]),
            )
            for dag_id in ids
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "dag_id": self.dag_id,
            "verdict": self.verdict,
            "airflow_version": self.airflow_version,
            "diff": list(self.diff),
            "error": self.error,
            "line": self.line,
            "path": self.path,
        }


def read_results(path: Path) -> list[DagResult]:
    """A results file: JSON lines (``check --json``), or one JSON object with ``results``."""
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and "results" in whole:
        records: Iterable[Any] = whole["results"]
    elif isinstance(whole, dict):
        records = [whole]
    else:
        records = (json.loads(line) for line in text.splitlines() if line.strip())
    return [r for record in records for r in DagResult.from_json(record)]


@dataclass(frozen=True)
class Row:
    file: str
    dag_id: str | None
    anchor: str

    @property
    def label(self) -> str:
        return self.dag_id if self.dag_id is not None else f"{self.file} (no DAG)"


@dataclass
class Report:
    title: str
    versions: list[str]
    rows: list[Row]
    # (file, version) → what that version made of the file (goldens, or a prediction)
    outcomes: dict[tuple[str, str], Outcome] = field(default_factory=dict)
    results: dict[tuple[str, str | None, str], DagResult] = field(default_factory=dict)
    upgrades: dict[tuple[str, str, str], FileUpgrade] = field(default_factory=dict)  # (file, from, to)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    source: str = "goldens"
    # Pairs someone asked about (an upgrade prediction), not only the goldens' history.
    requested: list[tuple[str, str]] = field(default_factory=list)

    # -- building --------------------------------------------------------------------------
    @classmethod
    def from_goldens(
        cls,
        golden_dir: Path,
        results: Sequence[DagResult] = (),
        *,
        upgrades: Sequence[FileUpgrade] = (),
        title: str = "DAG fidelity report",
    ) -> Report:
        """Rows from the goldens of every version; adjacent versions' changes from the goldens too."""
        files = _golden_files(golden_dir)
        versions = _sorted_versions(
            {v for v, _ in files} | {r.airflow_version for r in results if r.airflow_version}
        )
        report = cls(title, versions, [])
        for version, file in sorted(files):
            outcome = golden_outcome(golden_dir, version, file)
            if outcome is not None:
                report.outcomes[file, version] = outcome
        for old, new in zip(versions[:-1], versions[1:], strict=True):
            report.pairs.append((old, new))
            for file in sorted({f for _, f in files}):
                a, b = report.outcomes.get((file, old)), report.outcomes.get((file, new))
                if a is not None and b is not None:
                    report.upgrades[file, old, new] = upgrade_of(file, file, old, new, a, b)
        report.add_upgrades(upgrades)
        report.add_results(results)
        report._build_rows()
        return report

    @classmethod
    def from_upgrades(cls, upgrades: Sequence[FileUpgrade], title: str = "Airflow upgrade") -> Report:
        """Rows from the shim's predictions only (``dagfidelity upgrade --html``)."""
        versions = _sorted_versions({v for u in upgrades for v in (u.from_version, u.to_version)})
        report = cls(title, versions, [], source="shim")
        report.add_upgrades(upgrades)
        report._build_rows()
        return report

    def add_upgrades(self, upgrades: Iterable[FileUpgrade]) -> None:
        for up in upgrades:
            pair = (up.from_version, up.to_version)
            if pair not in self.pairs:
                self.pairs.append(pair)
            if pair not in self.requested:
                self.requested.append(pair)
            # Rows are keyed by the path the user named (the plugin names it as the goldens do).
            self.upgrades[(up.path, *pair)] = up
            for version, outcome in ((up.from_version, up.before), (up.to_version, up.after)):
                self.outcomes.setdefault((up.path, version), outcome)
                if version not in self.versions:
                    self.versions[:] = _sorted_versions({*self.versions, version})

    def add_results(self, results: Iterable[DagResult]) -> None:
        for result in results:
            self.results[result.file, result.dag_id, result.airflow_version] = result
            if result.airflow_version and result.airflow_version not in self.versions:
                self.versions[:] = _sorted_versions({*self.versions, result.airflow_version})

    def _build_rows(self) -> None:
        by_file: dict[str, set[str]] = {}
        for (file, _), outcome in self.outcomes.items():
            by_file.setdefault(file, set()).update(outcome.dags)
        for file, dag_id, _ in self.results:
            known = by_file.setdefault(file, set())
            if dag_id is not None:
                known.add(dag_id)
        rows: list[Row] = []
        for file in sorted(by_file):
            ids: list[str | None] = [*sorted(by_file[file])] or [None]
            for dag_id in ids:
                rows.append(Row(file, dag_id, _anchor(len(rows), file, dag_id)))
        self.rows = rows

    # -- reading ---------------------------------------------------------------------------
    def result(self, row: Row, version: str) -> DagResult | None:
        found = self.results.get((row.file, row.dag_id, version))
        if found is None:  # a verdict on the whole file (it failed before any DAG was known)
            found = self.results.get((row.file, None, version))
        return found

    def outcome(self, row: Row, version: str) -> Outcome | None:
        return self.outcomes.get((row.file, version))

    def dag(self, row: Row, version: str) -> Mapping[str, Any] | None:
        outcome = self.outcome(row, version)
        if outcome is None or row.dag_id is None:
            return None
        return outcome.dags.get(row.dag_id)

    def upgrade(self, row: Row, pair: tuple[str, str]) -> FileUpgrade | None:
        return self.upgrades.get((row.file, *pair))

    def changes(self, row: Row, pair: tuple[str, str]) -> list[Any]:
        """The changes of ``row``'s DAG in ``pair``, with its file's (stops/starts parsing)."""
        up = self.upgrade(row, pair)
        if up is None:
            return []
        return [c for c in up.changes if c.dag_id is None or c.dag_id == row.dag_id]

    def newest_dag(self, row: Row) -> tuple[str, Mapping[str, Any]] | None:
        for version in reversed(self.versions):
            dag = self.dag(row, version)
            if dag is not None:
                return version, dag
        return None

    def touched_tasks(self, row: Row) -> set[str]:
        """Tasks a result's diff or an upgrade change names: the picture highlights them."""
        tasks: set[str] = set()
        for version in self.versions:
            result = self.result(row, version)
            if result is not None:
                for line in result.diff:
                    tasks.update(_TASK_IN_DIFF.findall(line))
        for pair in self.pairs:
            for change in self.changes(row, pair):
                if change.path[:1] == ("tasks",) and len(change.path) > 1:
                    tasks.add(change.path[1])
        return tasks

    def changed_edges(self, row: Row) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """(added, removed) edges over every pair of versions."""
        added: set[tuple[str, str]] = set()
        removed: set[tuple[str, str]] = set()
        for old, new in self.pairs:
            a, b = self.dag(row, old), self.dag(row, new)
            if a is None or b is None:
                continue
            ea, eb = edges(a), edges(b)
            added |= eb - ea
            removed |= ea - eb
        return added, removed

    def line_of(self, row: Row, root: Path | None) -> int | None:
        """The line that defines ``row``'s dag_id in its file, found in the source (for SARIF)."""
        if root is None or row.dag_id is None:
            return None
        try:
            text = (root / row.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        for number, line in enumerate(text.splitlines(), 1):
            if f'"{row.dag_id}"' in line or f"'{row.dag_id}'" in line:
                return number
        return None


_TASK_IN_DIFF = re.compile(r"tasks/([^/:\s]+)")


def edges(dag: Mapping[str, Any]) -> set[tuple[str, str]]:
    return {
        (task_id, down)
        for task_id, task in dag.get("tasks", {}).items()
        for down in task.get("downstream", [])
    }


def _anchor(index: int, file: str, dag_id: str | None) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{file}-{dag_id or FILE_ROW}").strip("-")
    return f"r{index}-{slug[:60]}"


def _golden_files(golden_dir: Path) -> set[tuple[str, str]]:
    """(version, file) for every file that has a golden, ``file`` as its goldens record it."""
    found: set[tuple[str, str]] = set()
    if not golden_dir.is_dir():
        return found
    for version_dir in golden_dir.iterdir():
        if not version_dir.is_dir():
            continue
        seen: set[Path] = set()
        for golden in sorted(version_dir.rglob("*.json")):
            if golden.parent in seen:
                continue
            seen.add(golden.parent)
            try:
                file = json.loads(golden.read_text(encoding="utf-8"))["file"]
            except (ValueError, KeyError, TypeError):
                continue
            found.add((version_dir.name, str(file)))
    return found


def _sorted_versions(versions: Iterable[str]) -> list[str]:
    known = list(matrix())

    def key(version: str) -> tuple[int, ...]:
        try:
            return tuple(int(p) for p in version.split("."))
        except ValueError:
            return (len(known) + 1000,)

    return sorted(set(versions), key=key)
