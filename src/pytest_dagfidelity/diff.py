"""Structural differences between two dag.json documents, written as paths."""

from __future__ import annotations

import json
from typing import Any

_ABSENT: str = "(absent)"
# Graph shape first: a wrong edge matters more than a wrong default.
_PRIORITY = ("dags", "tasks", "upstream", "downstream", "operator", "task_groups", "schedule")


def _path(parts: list[Any]) -> str:
    return "/".join(str(p) for p in parts) or "(whole document)"


def _show(value: Any) -> str:
    if value is _ABSENT:
        return str(value)
    text: str = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def diff(expected: Any, actual: Any, *, limit: int = 40) -> list[str]:
    """``path: expected → actual`` lines, the graph's shape first, at most ``limit`` (+ a count)."""
    from deepdiff import DeepDiff

    found = DeepDiff(expected, actual, view="tree", ignore_order=False, verbose_level=2)
    lines: list[tuple[tuple[int, str], str]] = []
    for kind, levels in found.items():
        for level in levels:
            parts = level.path(output_format="list")
            old = _ABSENT if "added" in kind else level.t1
            new = _ABSENT if "removed" in kind else level.t2
            path = _path(parts)
            rank = min((i for i, key in enumerate(_PRIORITY) if key in parts), default=len(_PRIORITY))
            lines.append(((rank, path), f"{path}: {_show(old)} → {_show(new)}"))
    lines.sort()
    out = [text for _, text in lines[:limit]]
    if len(lines) > limit:
        out.append(f"... and {len(lines) - limit} more differences")
    return out
