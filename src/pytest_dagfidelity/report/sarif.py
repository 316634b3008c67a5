"""The report as SARIF 2.1.0, for GitHub code scanning: each mismatch, refusal and upgrade break
at its file and line. Upgrade changes are findings for the upgrades asked about
(``--dag-fidelity-upgrade-to``, ``dagfidelity upgrade``), not for the goldens' history.

Rules: one per failing verdict (``verdict/<name>``) and one per upgrade category
(``upgrade/<key>``), with the level their tables give.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .. import __version__
from ..upgrade import BY_KEY, CATEGORIES, describe
from .model import DagResult, Report, Row
from .verdicts import VERDICT_STYLES, is_failure, style

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def write_sarif(report: Report, path: str | os.PathLike[str], *, source_root: Path | None = None) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(render_sarif(report, source_root=source_root), indent=2) + "\n", encoding="utf-8"
    )
    os.replace(tmp, target)


def rules() -> list[dict[str, Any]]:
    found = [
        {
            "id": f"verdict/{s.name}",
            "name": s.name,
            "shortDescription": {"text": s.meaning},
            "defaultConfiguration": {"level": s.level},
        }
        for s in VERDICT_STYLES
        if is_failure(s.name) or s.outcome == "xfail"
    ]
    found += [
        {
            "id": f"upgrade/{c.key}",
            "name": c.key,
            "shortDescription": {"text": f"Airflow upgrade: {c.title}"},
            "defaultConfiguration": {"level": c.level},
        }
        for c in CATEGORIES
    ]
    return found


def render_sarif(report: Report, *, source_root: Path | None = None) -> dict[str, Any]:
    ids = [r["id"] for r in rules()]
    results: list[dict[str, Any]] = []
    for row in report.rows:
        for version in report.versions:
            result = report.result(row, version)
            if result is not None and (
                is_failure(result.verdict) or style(result.verdict).outcome == "xfail"
            ):
                results.append(_verdict_result(report, row, result, ids, source_root))
        for pair in report.requested:  # the goldens' history between old versions is not a finding
            changes = report.changes(row, pair)
            for category in CATEGORIES:
                mine = [c for c in changes if c.category == category.key]
                if not mine:
                    continue
                up = report.upgrade(row, pair)
                assert up is not None
                if category.key in ("stops_parsing", "starts_parsing", "parse_error") and row != _first_row(
                    report, row.file
                ):
                    continue  # a file-level change is reported once, not once per DAG of the file
                error = up.after.error if category.key == "stops_parsing" else None
                line = error.line if error is not None and error.line else report.line_of(row, source_root)
                sentence = {**up.consequences(None), **up.consequences(row.dag_id)}.get(category.key)
                who = f"{row.dag_id}: " if row.dag_id and category.key not in ("stops_parsing",) else ""
                text = (
                    f"Airflow {pair[0]} → {pair[1]}: {who}{BY_KEY[category.key].title}"
                    + (f": {sentence}" if sentence else "")
                    + ". "
                    + "; ".join(describe(c, up) for c in mine[:5])
                    + (f"; and {len(mine) - 5} more" if len(mine) > 5 else "")
                )
                results.append(
                    {
                        "ruleId": f"upgrade/{category.key}",
                        "ruleIndex": ids.index(f"upgrade/{category.key}"),
                        "level": category.level,
                        "message": {"text": text},
                        "locations": [_location(row.file, line)],
                        "partialFingerprints": {
                            "dagfidelity/v1": f"{row.file}:{row.dag_id}:{pair[0]}:{pair[1]}:{category.key}"
                        },
                    }
                )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dagfidelity",
                        "version": __version__,
                        "rules": rules(),
                    }
                },
                "results": results,
            }
        ],
    }


def _first_row(report: Report, file: str) -> Row:
    return next(r for r in report.rows if r.file == file)


def _verdict_result(
    report: Report, row: Row, result: DagResult, ids: list[str], source_root: Path | None
) -> dict[str, Any]:
    s = style(result.verdict)
    where = f"{row.dag_id}: " if row.dag_id else ""
    detail = result.error or "; ".join(result.diff[:5]) or s.meaning
    line = result.line or report.line_of(row, source_root)
    rule = f"verdict/{s.name}"
    return {
        "ruleId": rule,
        **({"ruleIndex": ids.index(rule)} if rule in ids else {}),
        "level": s.level,
        "message": {"text": f"Airflow {result.airflow_version}: {where}{result.verdict}: {detail}"},
        "locations": [_location(result.path or row.file, line)],
        "partialFingerprints": {
            "dagfidelity/v1": f"{row.file}:{row.dag_id}:{result.airflow_version}:{s.name}"
        },
    }


def _location(file: str, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": Path(file).as_posix(), "uriBaseId": "%SRCROOT%"}}
    if line:
        physical["region"] = {"startLine": int(line)}
    return {"physicalLocation": physical}
