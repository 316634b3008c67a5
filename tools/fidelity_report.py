"""Turn ``dagfidelity check --json`` output into the per-version tables of docs/fidelity.md.

    python tools/fidelity_report.py examples-2.11.jsonl examples-3.3.jsonl ... > docs/fidelity-tables.md

Each input holds one Airflow version's verdicts (one JSON object per file per line).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from typing import Any


def load(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def short(path: str) -> str:
    marker = "example_dags" + os.sep
    return path.split(marker, 1)[1] if marker in path else path


def reason(error: str | None) -> str:
    text = (error or "").split(" Fix:")[0].replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 160 else text[:157] + "..."


def table(runs: list[list[dict[str, Any]]]) -> str:
    lines = [
        "| Airflow | files | match | mismatch | refused by the shim | Airflow itself cannot parse | "
        "match among files Airflow parses |",
        "|---|---|---|---|---|---|---|",
    ]
    for verdicts in runs:
        c = Counter(v["verdict"] for v in verdicts)
        parsed = len(verdicts) - c["airflow_error"]
        rate = f"{100 * c['match'] / parsed:.1f}%" if parsed else "n/a"
        lines.append(
            f"| {verdicts[0]['airflow_version']} | {len(verdicts)} | {c['match']} | {c['mismatch']} | "
            f"{c['shim_error']} | {c['airflow_error']} | {rate} |"
        )
    return "\n".join(lines)


def details(verdicts: list[dict[str, Any]]) -> str:
    rows = [
        f"| `{short(v['path'])}` | {v['verdict']} | {reason(v['error'])} |"
        for v in verdicts
        if v["verdict"] != "match"
    ]
    if not rows:
        return "Every file matches."
    return "\n".join(["| file | verdict | reason |", "|---|---|---|", *rows])


def main(paths: list[str]) -> None:
    runs = [load(p) for p in paths]
    print(table(runs))
    for verdicts in runs:
        print(f"\n### Airflow {verdicts[0]['airflow_version']}: files not matched\n")
        print(details(verdicts))


if __name__ == "__main__":
    main(sys.argv[1:])
