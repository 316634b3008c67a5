"""The report as a short markdown summary: what ``$GITHUB_STEP_SUMMARY`` shows on a CI run."""

from __future__ import annotations

import os
from collections import Counter

from ..upgrade import BY_KEY, CATEGORIES
from . import SUMMARY_ENV
from .model import Report
from .verdicts import is_failure

MAX_LISTED = 30


def render_markdown(report: Report) -> str:
    lines = [f"## {report.title}", ""]
    verdicts = sorted({r.verdict for r in report.results.values()})
    versions = [v for v in report.versions if any(k[2] == v for k in report.results)]
    if versions:
        lines += ["| Airflow | " + " | ".join(verdicts) + " |", "|---|" + "---:|" * len(verdicts)]
        for version in versions:
            counts = Counter(r.verdict for k, r in report.results.items() if k[2] == version)
            lines.append(f"| {version} | " + " | ".join(str(counts[v]) for v in verdicts) + " |")
        lines.append("")
        failing = [r for r in report.results.values() if is_failure(r.verdict)]
        if failing:
            lines.append(f"**{len(failing)} failing:**")
            lines.append("")
            for r in sorted(failing, key=lambda r: (r.airflow_version, r.file, r.dag_id or ""))[:MAX_LISTED]:
                where = f"{r.file}:{r.line}" if r.line else r.file
                dag = f" {r.dag_id}" if r.dag_id else ""
                lines.append(f"- `{where}`{dag} — **{r.verdict}** (Airflow {r.airflow_version})")
            if len(failing) > MAX_LISTED:
                lines.append(f"- … and {len(failing) - MAX_LISTED} more (see the HTML report)")
            lines.append("")
    pairs = report.requested or report.pairs  # the upgrades asked about, else the goldens' history
    if pairs:
        present = {c.category for row in report.rows for pair in pairs for c in report.changes(row, pair)}
        keys = [c.key for c in CATEGORIES if c.key in present]
        lines += ["| upgrade | DAGs changed | " + " | ".join(BY_KEY[k].title for k in keys) + " |"]
        lines.append("|---|---:|" + "---:|" * len(keys))
        for pair in pairs:
            touched: dict[str, set[tuple[str, str | None]]] = {k: set() for k in keys}
            changed: set[tuple[str, str | None]] = set()
            for row in report.rows:
                for change in report.changes(row, pair):
                    touched[change.category].add((row.file, row.dag_id))
                    changed.add((row.file, row.dag_id))
            cells = " | ".join(str(len(touched[k])) if touched[k] else "" for k in keys)
            lines.append(f"| {pair[0]} → {pair[1]} | {len(changed)} | {cells} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def append_step_summary(report: Report) -> bool:
    """Append to ``$GITHUB_STEP_SUMMARY`` when it is set; True if it was."""
    path = os.environ.get(SUMMARY_ENV)
    if not path:
        return False
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(render_markdown(report))
    return True
