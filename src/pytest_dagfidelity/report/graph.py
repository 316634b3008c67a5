"""A DAG's task graph as inline SVG: a simple layered layout, computed here, left to right.

Each task sits in the layer of its longest path from a root; within a layer, tasks are
ordered by the mean position of their upstream tasks (one barycentre pass), then by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from html import escape
from typing import Any

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 150, 26, 60, 12, 10
MAX_TASKS = 300  # beyond this a picture says less than the list of changes
LABEL_CHARS = 20


@dataclass(frozen=True)
class Layout:
    positions: dict[str, tuple[int, int]]  # task id → (layer, index in layer)
    width: int
    height: int

    def xy(self, task_id: str) -> tuple[int, int]:
        layer, index = self.positions[task_id]
        return PAD + layer * (NODE_W + GAP_X), PAD + index * (NODE_H + GAP_Y)


def layout(tasks: Mapping[str, Any]) -> Layout:
    upstream = {t: sorted(u for u in task.get("upstream", []) if u in tasks) for t, task in tasks.items()}
    layer: dict[str, int] = {}

    def depth(task_id: str, seen: frozenset[str] = frozenset()) -> int:
        if task_id not in layer:
            parents = [p for p in upstream[task_id] if p not in seen]  # a cycle cannot loop here
            layer[task_id] = 1 + max((depth(p, seen | {task_id}) for p in parents), default=-1)
        return layer[task_id]

    for task_id in sorted(tasks):
        depth(task_id)
    layers: dict[int, list[str]] = {}
    for task_id in sorted(tasks):
        layers.setdefault(layer[task_id], []).append(task_id)
    index: dict[str, int] = {}
    for number in sorted(layers):
        members = layers[number]

        def centre(task_id: str) -> float:
            placed = [index[p] for p in upstream[task_id] if p in index]
            return sum(placed) / len(placed) if placed else float("inf")

        members.sort(key=lambda t: (centre(t), t))
        for i, task_id in enumerate(members):
            index[task_id] = i
    positions = {t: (layer[t], index[t]) for t in tasks}
    columns = max(layers, default=0) + 1
    rows = max((len(m) for m in layers.values()), default=1)
    width = 2 * PAD + columns * NODE_W + (columns - 1) * GAP_X
    height = 2 * PAD + rows * NODE_H + (rows - 1) * GAP_Y
    return Layout(positions, width, height)


def svg(
    dag: Mapping[str, Any],
    *,
    touched: AbstractSet[str] = frozenset(),
    added_edges: AbstractSet[tuple[str, str]] = frozenset(),
    removed_edges: AbstractSet[tuple[str, str]] = frozenset(),
) -> str:
    """The picture; tasks in ``touched`` and the changed edges are highlighted."""
    tasks: Mapping[str, Any] = dag.get("tasks", {})
    if len(tasks) > MAX_TASKS:
        return f'<p class="note">{len(tasks)} tasks: too many to draw; the changes are listed below.</p>'
    if not tasks:
        return '<p class="note">no tasks</p>'
    lay = layout(tasks)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="{lay.width}" '
        f'height="{lay.height}" viewBox="0 0 {lay.width} {lay.height}" role="img" '
        f'aria-label="task graph of {escape(str(dag.get("dag_id", "")))}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#607d8b"/>'
        "</marker></defs>",
    ]
    drawn = {(t, d) for t, task in tasks.items() for d in task.get("downstream", []) if d in tasks}
    for source, target in sorted(drawn | {e for e in removed_edges if e[0] in tasks and e[1] in tasks}):
        kind = (
            "added"
            if (source, target) in added_edges
            else "removed"
            if (source, target) in removed_edges
            else "edge"
        )
        (x1, y1), (x2, y2) = lay.xy(source), lay.xy(target)
        x1, y1, y2 = x1 + NODE_W, y1 + NODE_H // 2, y2 + NODE_H // 2
        middle = (x1 + x2) // 2
        parts.append(
            f'<path class="{kind}" d="M {x1} {y1} C {middle} {y1} {middle} {y2} {x2} {y2}" '
            f'marker-end="url(#arrow)"><title>{escape(source)} &gt;&gt; {escape(target)} ({kind})'
            "</title></path>"
        )
    for task_id in sorted(tasks):
        x, y = lay.xy(task_id)
        label = task_id if len(task_id) <= LABEL_CHARS else task_id[: LABEL_CHARS - 1] + "…"
        kind = "task touched" if task_id in touched else "task"
        operator = str(tasks[task_id].get("operator_name") or "")
        parts.append(
            f'<g class="{kind}" data-task="{escape(task_id)}"><title>{escape(task_id)} ({escape(operator)})'
            f'</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="5"/>'
            f'<text x="{x + 8}" y="{y + NODE_H // 2 + 4}">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
