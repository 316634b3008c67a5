"""Structural differences between two dag.json documents, written as paths a person reads
in one pass: DAG-level causes first, then tasks, then edges as ``+ a >> b`` / ``- a >> b``,
then task fields.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

_ABSENT: str = "(absent)"
# DAG-level fields whose change explains task-level ones: shown first, in this order.
_DAG_CAUSES = ("schedule", "catchup", "start_date", "end_date", "timezone", "default_args")


@dataclass(frozen=True)
class Changes:
    lines: list[str]  # at most ``limit``, plus a line counting the rest
    total: int

    def __bool__(self) -> bool:
        return self.total > 0


def _path(parts: list[Any]) -> str:
    return "/".join(str(p) for p in parts) or "(whole document)"


def _show(value: Any) -> str:
    if value is _ABSENT:
        return str(value)
    text: str = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def _dags(doc: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], dict[str, Any]]:
    """Every DAG document inside ``doc`` (a dag.json file document, or one DAG), by path."""
    if isinstance(doc, dict) and isinstance(doc.get("tasks"), dict):
        return {prefix: doc}
    if isinstance(doc, dict) and isinstance(doc.get("dags"), dict):
        return {(*prefix, "dags", k): v for k, v in doc["dags"].items() if isinstance(v, dict)}
    if isinstance(doc, dict) and isinstance(doc.get("dag"), dict):
        return _dags(doc["dag"], (*prefix, "dag"))
    return {}


def _edges(dag: dict[str, Any]) -> set[tuple[str, str]]:
    found = set()
    for task_id, task in dag["tasks"].items():
        for down in task.get("downstream") or () if isinstance(task, dict) else ():
            found.add((task_id, str(down)))
    return found


def _without_wiring(doc: Any) -> Any:
    """A copy without the upstream/downstream lists: edges are compared as sets instead."""
    doc = copy.deepcopy(doc)
    for dag in _dags(doc).values():
        for task in dag["tasks"].values():
            if isinstance(task, dict):
                task.pop("upstream", None)
                task.pop("downstream", None)
    return doc


def _rank(parts: list[Any]) -> tuple[int, int]:
    if "tasks" not in parts:
        field = next((p for p in parts if p in _DAG_CAUSES), None)
        if parts and parts[-1] in ("dags",) or (len(parts) >= 2 and parts[-2] == "dags"):
            return (0, 0)  # a DAG added or removed
        return (1, _DAG_CAUSES.index(field) if field else len(_DAG_CAUSES))
    after = parts[parts.index("tasks") + 1 :]
    return (2, 0) if len(after) <= 1 else (4, 0)  # a task added or removed; a task's field


def diff(expected: Any, actual: Any, *, limit: int = 40) -> Changes:
    """``path: expected → actual`` lines, most important first, at most ``limit`` (+ a count)."""
    from deepdiff import DeepDiff

    found = DeepDiff(
        _without_wiring(expected), _without_wiring(actual), view="tree", ignore_order=False, verbose_level=2
    )
    lines: list[tuple[tuple[int, int], str, str]] = []
    for kind, levels in found.items():
        for level in levels:
            parts = level.path(output_format="list")
            old = _ABSENT if "added" in kind else level.t1
            new = _ABSENT if "removed" in kind else level.t2
            path = _path(parts)
            lines.append((_rank(parts), path, f"{path}: {_show(old)} → {_show(new)}"))
    before, after = _dags(expected), _dags(actual)
    for where in sorted(set(before) & set(after)):
        prefix = f"{_path(list(where))}: " if where else ""
        old_edges, new_edges = _edges(before[where]), _edges(after[where])
        for sign, edges in (("+", new_edges - old_edges), ("-", old_edges - new_edges)):
            for up, down in sorted(edges):
                lines.append(((3, 0), f"{up} {down}", f"{prefix}{sign} {up} >> {down}"))
    lines.sort(key=lambda row: (row[0], row[1]))
    out = [text for _, _, text in lines[:limit]]
    if len(lines) > limit:
        out.append(f"... and {len(lines) - limit} more differences")
    return Changes(out, len(lines))
