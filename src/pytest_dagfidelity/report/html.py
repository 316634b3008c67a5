"""The report as one self-contained HTML file: inline CSS and SVG, no script, no network.

A DAG × Airflow-version matrix (a verdict cell per version, an upgrade cell between
versions), each cell linking to its detail below; per DAG a picture of the task graph.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from html import escape
from pathlib import Path

from ..upgrade import BY_KEY, CATEGORIES, Change, describe
from .graph import svg
from .model import Report, Row
from .verdicts import VERDICT_STYLES, style

MAX_CHANGES = 25  # per DAG and pair of versions in the details; the rest is counted
GOLDEN_COLOURS = {"dag": "#f1f8e9", "error": "#f3e5f5", "absent": "#fafafa", "none": "#ffffff"}
UPGRADE_COLOURS = {
    "none": "#ffffff",
    "changed": "#fff59d",
    "stops_parsing": "#e57373",
    "starts_parsing": "#90caf9",
}

CSS = """
body{font:13px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:16px;color:#212121}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 6px}
.sub{color:#616161;margin:0 0 10px}
table.matrix{border-collapse:collapse;font-size:12px}
.matrix th,.matrix td{border:1px solid #e0e0e0;padding:2px 6px;white-space:nowrap}
.matrix thead th{position:sticky;top:0;background:#fafafa;z-index:1}
.matrix td.file{color:#757575;max-width:190px;overflow:hidden;text-overflow:ellipsis}
.matrix td.cell,.matrix td.up{text-align:center;min-width:46px}
.matrix td.cell{max-width:84px;overflow:hidden;text-overflow:ellipsis}
.matrix td.dag{max-width:250px;overflow:hidden;text-overflow:ellipsis}
.matrix td.file{vertical-align:top}
.matrix td a{color:inherit;text-decoration:none;display:block}
.matrix th.up,.matrix td.up{min-width:28px;color:#5d4037}
.legend span{display:inline-block;padding:1px 6px;margin:2px;border:1px solid #e0e0e0;font-size:12px}
section.dag{border-top:1px solid #e0e0e0;margin-top:14px;padding-top:4px}
.detail{margin:6px 0 6px 12px;padding:4px 8px;border-left:3px solid #bdbdbd}
.detail:target{background:#fffde7;border-left-color:#f9a825}
.detail h3{font-size:13px;margin:2px 0}
.detail pre{margin:2px 0;white-space:pre-wrap;font-size:12px}
.consequence{color:#4e342e}.cat{font-weight:600}
.graph{display:block;margin:6px 0;max-width:100%;height:auto}
.graph .task rect{fill:#eceff1;stroke:#90a4ae}
.graph .touched rect{fill:#fff59d;stroke:#f57f17;stroke-width:2}
.graph text{font:11px monospace;fill:#263238}
.graph path{fill:none;stroke:#90a4ae;stroke-width:1.2}
.graph path.added{stroke:#2e7d32;stroke-width:2.5}
.graph path.removed{stroke:#c62828;stroke-width:2.5;stroke-dasharray:5 3}
.note{color:#757575;font-style:italic}
"""


def write_html(report: Report, path: str | os.PathLike[str]) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(render_html(report), encoding="utf-8")
    os.replace(tmp, target)


def columns(report: Report) -> list[tuple[str, str] | str]:
    """Versions in order, an adjacent pair between two versions, other pairs at the end."""
    out: list[tuple[str, str] | str] = []
    adjacent = set(zip(report.versions[:-1], report.versions[1:], strict=True))
    for i, version in enumerate(report.versions):
        out.append(version)
        if i + 1 < len(report.versions) and (version, report.versions[i + 1]) in report.pairs:
            out.append((version, report.versions[i + 1]))
    out.extend(pair for pair in report.pairs if pair not in adjacent)
    return out


def render_html(report: Report) -> str:
    return "".join(_page(report))


def _page(report: Report) -> Iterator[str]:
    yield f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(report.title)}</title>'
    yield f"<style>{CSS}</style></head><body>"
    yield f"<h1>{escape(report.title)}</h1>"
    yield f'<p class="sub">{len(report.rows)} DAGs × Airflow {", ".join(report.versions)}; '
    yield f"changes between versions from the {escape(report.source)}. " + _totals(report) + "</p>"
    yield '<p class="legend">'
    for s in VERDICT_STYLES if report.results else ():
        yield f'<span style="background:{s.colour}" title="{escape(s.meaning)}">{s.name}</span>'
    yield f'<span style="background:{GOLDEN_COLOURS["dag"]}">✓ parses</span>'
    yield f'<span style="background:{GOLDEN_COLOURS["error"]}">✗ does not parse</span>'
    yield f'<span style="background:{UPGRADE_COLOURS["changed"]}">Δn changes</span>'
    yield f'<span style="background:{UPGRADE_COLOURS["stops_parsing"]}">stops parsing</span>'
    yield f'<span style="background:{UPGRADE_COLOURS["starts_parsing"]}">starts parsing</span></p>'
    yield from _matrix(report)
    for row in report.rows:
        yield from _section(report, row)
    yield "</body></html>\n"


def _totals(report: Report) -> str:
    parts = []
    for version in report.versions:
        counts: dict[str, int] = {}
        for (_, _, v), result in report.results.items():
            if v == version:
                counts[result.verdict] = counts.get(result.verdict, 0) + 1
        if counts:
            text = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
            parts.append(f"Airflow {escape(version)}: {escape(text)}")
    return "; ".join(parts)


def _matrix(report: Report) -> Iterator[str]:
    cols = columns(report)
    yield '<table class="matrix" id="matrix"><thead><tr><th>file</th><th>DAG</th>'
    for col in cols:
        if isinstance(col, str):
            yield f'<th class="version">{escape(col)}</th>'
        else:
            label = "→" if col[1] == _next(report, col[0]) else f"{col[0]}→{col[1]}"
            yield f'<th class="up" title="{escape(col[0])} → {escape(col[1])}">{escape(label)}</th>'
    yield "</tr></thead><tbody>"
    span: dict[str, int] = {}
    for row in report.rows:
        span[row.file] = span.get(row.file, 0) + 1
    for row in report.rows:
        yield f'<tr data-file="{escape(row.file)}" data-dag="{escape(row.dag_id or "")}">'
        if row.file in span:  # the file's name once, over the rows of its DAGs
            name = escape(row.file)
            yield f'<td class="file" rowspan="{span.pop(row.file)}" title="{name}">{name}</td>'
        label = escape(row.label)
        yield f'<td class="dag" title="{label}"><a href="#{row.anchor}">{label}</a></td>'

        for col in cols:
            yield _version_cell(report, row, col) if isinstance(col, str) else _upgrade_cell(report, row, col)
        yield "</tr>"
    yield "</tbody></table>"


def _next(report: Report, version: str) -> str | None:
    i = report.versions.index(version)
    return report.versions[i + 1] if i + 1 < len(report.versions) else None


def golden_state(report: Report, row: Row, version: str) -> tuple[str, str]:
    """("dag" | "error" | "absent" | "none", text) for what the version made of the row."""
    outcome = report.outcome(row, version)
    if outcome is None:
        return "none", ""
    if outcome.error is not None:
        return "error", f"✗ {outcome.error.type}"
    if row.dag_id is not None and row.dag_id in outcome.dags:
        return "dag", "✓"
    return "absent", "—"


def _version_cell(report: Report, row: Row, version: str) -> str:
    state, text = golden_state(report, row, version)
    result = report.result(row, version)
    verdict = result.verdict if result is not None else ""
    colour = style(verdict).colour if result is not None else GOLDEN_COLOURS[state]
    shown = verdict or text
    title = (
        style(verdict).meaning
        if result is not None
        else {"dag": "parses", "error": text, "absent": "no such DAG", "none": "no golden"}[state]
    )
    link = (
        f'<a href="#{row.anchor}-v{version}">{escape(shown)}</a>'
        if _has_version_detail(report, row, version)
        else escape(shown)
    )
    return (
        f'<td class="cell" data-version="{escape(version)}" data-verdict="{escape(verdict)}" '
        f'data-golden="{state}" style="background:{colour}" title="{escape(title)}">{link}</td>'
    )


def _upgrade_cell(report: Report, row: Row, pair: tuple[str, str]) -> str:
    changes = report.changes(row, pair)
    categories = {c.category for c in changes}
    kind = next(
        (k for k in ("stops_parsing", "starts_parsing") if k in categories), "changed" if changes else "none"
    )
    text = (
        ""
        if not changes
        else "✗"
        if kind == "stops_parsing"
        else "✓"
        if kind == "starts_parsing"
        else f"Δ{len(changes)}"
    )
    titles = ", ".join(BY_KEY[c.key].title for c in CATEGORIES if c.key in categories)
    body = f'<a href="#{row.anchor}-u{pair[0]}-{pair[1]}">{escape(text)}</a>' if changes else ""
    return (
        f'<td class="up" data-pair="{escape(pair[0])}-{escape(pair[1])}" data-changes="{len(changes)}" '
        f'style="background:{UPGRADE_COLOURS[kind]}" title="{escape(titles or "no change")}">{body}</td>'
    )


def _has_version_detail(report: Report, row: Row, version: str) -> bool:
    result = report.result(row, version)
    outcome = report.outcome(row, version)
    return bool(result is not None and (result.diff or result.error)) or bool(outcome and outcome.error)


def _section(report: Report, row: Row) -> Iterator[str]:
    yield f'<section class="dag" id="{row.anchor}"><h2>{escape(row.label)} '
    yield f"<small>{escape(row.file)}</small></h2>"
    newest = report.newest_dag(row)
    if newest is not None:
        version, dag = newest
        added, removed = report.changed_edges(row)
        yield f'<p class="note">task graph as Airflow {escape(version)} builds it; highlighted: '
        yield "changed tasks and edges (green added, red dashed removed)</p>"
        yield svg(dag, touched=report.touched_tasks(row), added_edges=added, removed_edges=removed)
    for version in report.versions:
        if _has_version_detail(report, row, version):
            yield from _version_detail(report, row, version)
    for pair in report.pairs:
        changes = report.changes(row, pair)
        if changes:
            yield from _upgrade_detail(report, row, pair, changes)
    yield "</section>"


def _version_detail(report: Report, row: Row, version: str) -> Iterator[str]:
    result = report.result(row, version)
    outcome = report.outcome(row, version)
    title = result.verdict if result is not None else "does not parse"
    yield f'<div class="detail" id="{row.anchor}-v{version}">'
    yield f"<h3>Airflow {escape(version)}: {escape(title)}</h3>"
    if outcome is not None and outcome.error is not None:
        who = "real Airflow" if report.source == "goldens" else "the shim emulating Airflow"
        error = outcome.error
        at = f" (line {error.line})" if error.line else ""
        message = f": {' '.join(error.message.split())}" if error.message else ""
        yield f"<p>{who} {escape(version)} does not parse the file: {escape(error.type + at + message)}</p>"
    if result is not None and result.error:
        at = f" (line {result.line})" if result.line else ""
        yield f"<pre>{escape(result.error)}{escape(at)}</pre>"
    if result is not None and result.diff:
        yield f"<pre>{escape(chr(10).join(result.diff))}</pre>"
    yield "</div>"


def _upgrade_detail(report: Report, row: Row, pair: tuple[str, str], changes: list[Change]) -> Iterator[str]:
    up = report.upgrade(row, pair)
    assert up is not None
    yield (
        f'<div class="detail" id="{row.anchor}-u{pair[0]}-{pair[1]}"><h3>Airflow {escape(pair[0])} → '
        f"{escape(pair[1])}: {len(changes)} change{'s' if len(changes) != 1 else ''}</h3>"
    )
    sentences = {**up.consequences(None), **up.consequences(row.dag_id)}
    shown = 0
    for category in CATEGORIES:
        mine = [c for c in changes if c.category == category.key]
        if not mine:
            continue
        sentence = sentences.get(category.key)
        yield f'<p><span class="cat">{escape(category.title)}</span>'
        yield f': <span class="consequence">{escape(sentence)}</span></p>' if sentence else "</p>"
        lines = [describe(c, up) for c in mine[: max(0, MAX_CHANGES - shown)]]
        shown += len(lines)
        if lines:
            yield f"<pre>{escape(chr(10).join(lines))}</pre>"
    if shown < len(changes):
        yield f'<p class="note">… and {len(changes) - shown} more</p>'
    yield "</div>"
