"""The ``upgrade`` and ``report`` subcommands of ``dagfidelity``, registered by :func:`register`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .exceptions import UsageError

Command = Callable[[argparse.Namespace], int]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the subcommands; each sets ``run`` on its namespace."""
    u = sub.add_parser(
        "upgrade",
        help="what changes in each DAG from one Airflow version to another (shim only, no Airflow)",
        description="Compile every DAG file with the shim emulating each version and list what "
        "changes, by category. Exit status: 0 nothing changes, 1 something changes (or the shim "
        "cannot predict a file), 2 usage error.",
    )
    u.add_argument("paths", nargs="+", metavar="PATH", help="DAG files or folders")
    u.add_argument("--from", dest="from_version", required=True, metavar="X.Y", help="Airflow today")
    u.add_argument("--to", dest="to_version", required=True, metavar="X.Y", help="Airflow after the upgrade")
    u.add_argument("--json", action="store_true", help="one JSON object per file per line")
    u.add_argument("--html", metavar="PATH", help="also write an HTML report of the changes here")
    u.add_argument("--sarif", metavar="PATH", help="also write the changes as SARIF 2.1.0 here")
    from .cli import _import_path  # the same sys.path options as check and compile

    _import_path(u)
    u.set_defaults(run=run_upgrade)

    r = sub.add_parser(
        "report",
        help="build the HTML report (and SARIF, markdown) from goldens and results",
        description="Build the self-contained HTML report from the goldens and from results: "
        "the JSON lines `dagfidelity check --json` prints, or the results file of "
        "`pytest --dag-fidelity-results`. Changes between adjacent versions come from the goldens.",
    )
    r.add_argument("results", nargs="*", metavar="RESULTS", help="JSON-lines or JSON results files")
    r.add_argument("--goldens", default="goldens", help="golden folder (default: ./goldens)")
    r.add_argument("-o", "--output", default="dagfidelity-report.html", help="HTML file to write")
    r.add_argument("--sarif", metavar="PATH", help="also write SARIF 2.1.0 here")
    r.add_argument("--markdown", metavar="PATH", help="also write the markdown summary here")
    r.add_argument("--title", default="DAG fidelity report")
    r.set_defaults(run=run_report)


def run_upgrade(args: argparse.Namespace) -> int:
    from .importpath import ImportPath
    from .upgrade import render_text, summary, upgrade_files
    from .versions import resolve_target

    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"{', '.join(missing)}: no such file or folder")
    old, new = resolve_target(args.from_version), resolve_target(args.to_version)
    upgrades = []
    import_path = ImportPath.build(Path.cwd(), args.plugins_folder, args.import_root)
    for up in upgrade_files(args.paths, old, new, import_path=import_path):
        upgrades.append(up)
        if args.json:
            print(json.dumps(up.as_json(), sort_keys=True), flush=True)
    if not upgrades:
        raise UsageError(f"no DAG file found in {' '.join(args.paths)}")
    if not args.json:
        for line in render_text(upgrades):
            print(line)
        changed = [u for u in upgrades if u.changed or not u.predicted]
        print(
            f"Airflow {old} → {new}: {len(changed)} of {len(upgrades)} files change"
            + (f" ({'; '.join(summary(upgrades))})" if changed else ""),
            file=sys.stderr,
        )
    if args.html or args.sarif:
        from .report.model import Report

        report = Report.from_upgrades(upgrades)
        if args.html:
            from .report.html import write_html

            write_html(report, args.html)
        if args.sarif:
            from .report.sarif import write_sarif

            write_sarif(report, args.sarif, source_root=Path.cwd())
    return 1 if any(u.changed or not u.predicted for u in upgrades) else 0


def run_report(args: argparse.Namespace) -> int:
    from .report.model import Report, read_results

    results = [r for path in args.results for r in read_results(Path(path))]
    report = Report.from_goldens(Path(args.goldens), results, title=args.title)
    from .report.html import write_html

    write_html(report, args.output)
    if args.sarif:
        from .report.sarif import write_sarif

        write_sarif(report, args.sarif)
    if args.markdown:
        from .report.markdown import render_markdown

        Path(args.markdown).write_text(render_markdown(report), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
