"""Keep docs/fidelity.md's tables in step with ``dagfidelity check --json`` runs.

    python tools/fidelity_report.py record 3.3 check-output.jsonl   # -> docs/fidelity/examples-3.3.json
    python tools/fidelity_report.py render                          # rewrite the tables in docs/fidelity.md

``nox -s examples-X.Y`` does both for one version. Recorded verdicts keep paths relative
to the example_dags folder, so the files are the same on every machine.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
DATA = ROOT / "docs" / "fidelity"
DOC = ROOT / "docs" / "fidelity.md"
BEGIN, END = "<!-- examples:begin (tools/fidelity_report.py render) -->", "<!-- examples:end -->"


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def short(path: str) -> str:
    return path.split("example_dags/", 1)[1] if "example_dags/" in path else path


def reason(error: str | None) -> str:
    text = (
        re.sub(r"/\S*/site-packages/", "", (error or "").split(" Fix:")[0])
        .replace("|", "\\|")
        .replace("\n", " ")
    )
    return text if len(text) <= 160 else text[:157] + "..."


# Verdict names before check and the plugin shared one vocabulary (verdict.py).
RENAMED = {"shim_error": "unsupported", "airflow_error": "environment_error"}


def record(version: str, source: str) -> Path:
    verdicts = [json.loads(line) for line in Path(source).read_text().splitlines() if line.strip()]
    for v in verdicts:
        v["path"] = short(v["path"])
        v["error"] = reason(v["error"]) if v["error"] else None
    verdicts.sort(key=lambda v: v["path"])
    DATA.mkdir(parents=True, exist_ok=True)
    out = DATA / f"examples-{version}.json"
    out.write_text(json.dumps(verdicts, indent=1, sort_keys=True) + "\n")
    return out


def table(runs: dict[str, list[dict[str, Any]]]) -> str:
    lines = [
        "| Airflow | files | match | mismatch | refused by the shim | Airflow cannot parse it, or no DAG | "
        "match among files Airflow parses |",
        "|---|---|---|---|---|---|---|",
    ]
    for version, verdicts in runs.items():
        c = Counter(RENAMED.get(v["verdict"], v["verdict"]) for v in verdicts)
        unparsed = c["environment_error"] + c["import_error"] + c["no_dag"]
        parsed = len(verdicts) - unparsed
        rate = f"{100 * c['match'] / parsed:.1f}%" if parsed else "n/a"
        lines.append(
            f"| {version} | {len(verdicts)} | {c['match']} | {c['mismatch']} | {c['unsupported']} | "
            f"{unparsed} | {rate} |"
        )
    return "\n".join(lines)


def details(version: str, verdicts: list[dict[str, Any]]) -> str:
    rows = [
        f"| `{v['path']}` | {RENAMED.get(v['verdict'], v['verdict'])} | {v['error'] or ''} |"
        for v in verdicts
        if v["verdict"] != "match"
    ]
    body = (
        "Every file matches."
        if not rows
        else "\n".join(["| file | verdict | reason |", "|---|---|---|", *rows])
    )
    return f"### Airflow {version}: files not matched\n\n{body}"


def render() -> None:
    runs = {
        p.stem.removeprefix("examples-"): json.loads(p.read_text())
        for p in sorted(DATA.glob("examples-*.json"), key=lambda p: _key(p.stem.removeprefix("examples-")))
    }
    generated = "\n\n".join([table(runs), *(details(v, runs[v]) for v in runs)])
    text = DOC.read_text()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(text[:start] + "\n" + generated + "\n" + text[end:])


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "record":
        print(record(*args))
    elif command == "render":
        render()
    else:
        raise SystemExit(f"unknown command {command!r}: record VERSION JSONL | render")
