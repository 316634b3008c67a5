"""``dagfidelity``: compile DAG files to dag.json, and check the shim against real Airflow."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence

from . import commands
from .backends import BACKENDS, DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, backend_name, start_backend
from .causes import NO_DAG_FIX, explain
from .check import MATCH, VERDICTS, check_files
from .compile import dumps
from .exceptions import DagFidelityError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dagfidelity", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    c = sub.add_parser("compile", help="write dag.json for every DAG in a file")
    c.add_argument("file")
    c.add_argument("-o", "--output", help="write here instead of stdout")
    c.add_argument("--backend", choices=BACKENDS, help="default: $LEOFLOW_PARSER_BACKEND, else shim")
    c.add_argument(
        "--airflow-version", help="X.Y the shim emulates (default: installed Airflow's, else newest)"
    )
    c.add_argument("--airflow-python", help="python of the Airflow venv for --backend airflow")
    _limits(c)

    k = sub.add_parser("check", help="compile with both backends and compare")
    k.add_argument("paths", nargs="+", metavar="PATH", help="DAG files or folders")
    k.add_argument("--json", action="store_true", help="one JSON object per file per line")
    k.add_argument("--airflow-python", help="python of the Airflow venv (default: this one)")
    _limits(k)
    commands.register(sub)
    return parser


def _limits(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout", type=_positive, default=DEFAULT_TIMEOUT, help="per-file time limit in seconds"
    )
    parser.add_argument(
        "--memory-limit",
        type=_positive,
        default=DEFAULT_MEMORY_LIMIT,
        metavar="MB",
        help="memory a DAG file may allocate while parsed",
    )


def _positive(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if hasattr(args, "run"):
            return int(args.run(args))
        if args.command == "compile":
            return _compile(args)
        return _check(args)
    except DagFidelityError as exc:
        print(f"dagfidelity: error: {exc}", file=sys.stderr)
        return 2


def _compile(args: argparse.Namespace) -> int:
    name = backend_name(args.backend)
    path = os.path.abspath(args.file)
    if not os.path.isfile(path):
        print(f"dagfidelity: error: {args.file}: no such file", file=sys.stderr)
        return 2
    with start_backend(
        name,
        target=args.airflow_version,
        airflow_python=args.airflow_python,
        timeout=args.timeout,
        memory_limit=args.memory_limit,
    ) as backend:
        result = backend.compile(path, file=os.path.basename(path), root=os.path.dirname(path))
    if not result.ok:
        print(explain(args.file, result.error or {}), file=sys.stderr)
        return 1
    if not result.dag_ids:
        print(f"{args.file}: defines no DAG. Fix: {NO_DAG_FIX}", file=sys.stderr)
        return 1
    text = dumps(result.doc)
    if args.output:
        tmp = f"{args.output}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(text)
    return 0


def _check(args: argparse.Namespace) -> int:
    counts: Counter[str] = Counter()
    limits = {"timeout": args.timeout, "memory_limit": args.memory_limit}
    with start_backend("airflow", airflow_python=args.airflow_python, **limits) as real:
        with start_backend("shim", target=real.airflow_version, **limits) as shim:
            for verdict in check_files(args.paths, shim, real):
                counts[verdict.verdict] += 1
                if args.json:
                    print(json.dumps(verdict.as_json(), sort_keys=True), flush=True)
                    continue
                ids = f" [{', '.join(verdict.dag_ids)}]" if verdict.dag_ids else ""
                print(f"{verdict.verdict:<13} {verdict.path}{ids}", flush=True)
                if verdict.error:  # a file both reject is agreement, and still worth saying why
                    print(f"    {verdict.error}")
                for line in verdict.diff:
                    print(f"    {line}")
    if not args.json:
        summary = ", ".join(f"{counts[v]} {v}" for v in VERDICTS)
        print(f"Airflow {real.airflow_version}: {summary}", file=sys.stderr)
    return 0 if set(counts) <= {MATCH} else 1


if __name__ == "__main__":
    sys.exit(main())
