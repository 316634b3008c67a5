"""``dagfidelity``: compile DAG files to dag.json, and check the shim against real Airflow."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from . import commands
from .backends import (
    BACKENDS,
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_TIMEOUT,
    Backend,
    backend_name,
    other_hash_seed,
    start_backend,
)
from .backends.airflow import airflow_version_of, find_airflow_python
from .causes import NO_DAG_FIX, explain
from .compile import dumps
from .exceptions import DagFidelityError
from .importpath import ImportPath, file_name
from .versions import resolve_target


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
    c.add_argument("--dag-folder", help="the DAG folder the file belongs to (default: the file's folder)")
    _import_path(c)
    _limits(c)

    k = sub.add_parser("check", help="compile with both backends and compare")
    k.add_argument("paths", nargs="+", metavar="PATH", help="DAG files or folders")
    k.add_argument("--json", action="store_true", help="one JSON object per file per line")
    k.add_argument("--airflow-python", help="python of the Airflow venv (default: this one)")
    k.add_argument(
        "--determinism",
        action="store_true",
        help="only parse each file twice with real Airflow, in fresh processes with different hash "
        "seeds, and report the files whose dag.json differs (nondeterministic)",
    )
    k.add_argument(
        "--expect-failure",
        action="append",
        default=[],
        metavar="'GLOB SPEC [raises=TYPE] [REASON]'",
        help="declare files expected to fail on some Airflow versions (see docs/plugin.md)",
    )
    k.add_argument(
        "--airflow-only",
        action="append",
        default=[],
        metavar="'GLOB [REASON]'",
        help="files checked by real Airflow only (the shim refuses them by design)",
    )
    _import_path(k)
    _limits(k)
    commands.register(sub)
    return parser


def _import_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--plugins-folder",
        default="plugins",
        help="Airflow's plugins folder, put on sys.path as Airflow does (default: ./plugins, if present)",
    )
    parser.add_argument(
        "--import-root",
        action="append",
        default=[],
        metavar="DIR",
        help="another folder DAG files import from, e.g. an Astro project's root for include/",
    )


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
    if args.command in ("compile", "check"):
        _say_what_the_sandbox_lacks()
    try:
        if hasattr(args, "run"):
            return int(args.run(args))
        if args.command == "compile":
            return _compile(args)
        return _check(args)
    except DagFidelityError as exc:
        print(f"dagfidelity: error: {exc}", file=sys.stderr)
        return 2


def _say_what_the_sandbox_lacks() -> None:
    """Once per run, before any DAG file runs: what this kernel's sandbox does not enforce."""
    from .worker.landlock import status

    sandbox = status()
    if sandbox.missing:
        print(sandbox.line, file=sys.stderr)


def _compile(args: argparse.Namespace) -> int:
    name = backend_name(args.backend)
    path = Path(args.file).absolute()
    if path.is_dir():
        raise DagFidelityError(
            f"{args.file} is a folder; compile takes one DAG file. To check every DAG file in a "
            f"folder, run: dagfidelity check {args.file}"
        )
    if not path.is_file():
        raise DagFidelityError(f"{args.file}: no such file")
    folder = Path(args.dag_folder).absolute() if args.dag_folder else path.parent
    import_path = ImportPath.build(Path.cwd(), args.plugins_folder, args.import_root)
    with start_backend(
        name,
        target=args.airflow_version,
        airflow_python=args.airflow_python,
        timeout=args.timeout,
        memory_limit=args.memory_limit,
        in_process=True,  # the shim: no worker to start for one file
    ) as backend:
        result = backend.compile(
            str(path), file=file_name(path, Path.cwd(), folder), import_path=import_path.for_folder(folder)
        )
    if result.error is not None:
        print(explain(args.file, result.error), file=sys.stderr)
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
    # Imported here: a one-file compile needs none of it.
    from .check import check_files, iter_dag_files
    from .declarations import Declarations
    from .discovery import Skipped
    from .verdict import PASSED, Verdict

    counts: Counter[str] = Counter()
    limits = {"timeout": args.timeout, "memory_limit": args.memory_limit}
    declarations = Declarations.from_lines(args.expect_failure, args.airflow_only, "the command line")
    import_path = ImportPath.build(Path.cwd(), args.plugins_folder, args.import_root)
    # Every path is checked, and the files found, before Airflow's seconds of start-up.
    for given in args.paths:
        if not os.path.exists(given):
            raise DagFidelityError(f"{given}: no such file or folder")
    python = find_airflow_python(args.airflow_python)
    version = resolve_target(airflow_version_of(python))
    skipped: list[Skipped] = []
    files = list(iter_dag_files(args.paths, version, skipped))
    for problem in skipped:  # never read, and never a pass: the run fails below
        print(f"dagfidelity: {problem.line}", file=sys.stderr)
    if not args.json:
        print(f"dagfidelity: {len(files)} DAG files, checked against real Airflow {version}", file=sys.stderr)
    with contextlib.ExitStack() as running:
        real = running.enter_context(start_backend("airflow", airflow_python=python, **limits))

        def again() -> Backend:  # a second worker, another hash seed: started when first needed
            return running.enter_context(
                start_backend("airflow", airflow_python=python, env=other_hash_seed(), **limits)
            )

        if args.determinism:
            subject = real
        else:
            subject = running.enter_context(start_backend("shim", target=real.airflow_version, **limits))
        verdicts = check_files(
            files,
            subject,
            real,
            import_path=import_path,
            declarations=declarations,
            again=again,
            determinism_only=args.determinism,
        )
        for verdict in verdicts:
            counts[verdict.verdict] += 1
            if args.json:
                print(json.dumps(verdict.as_json(), sort_keys=True), flush=True)
                continue
            ids = f" [{', '.join(verdict.dag_ids)}]" if verdict.dag_ids else ""
            print(f"{verdict.summary:<17} {verdict.path}{ids}", flush=True)
            if verdict.error:
                print(f"    {verdict.error}")
            for line in verdict.diff:
                print(f"    {line}", flush=True)
    if not args.json:
        summary = ", ".join(f"{counts[v.value]} {v.value}" for v in Verdict if counts[v.value])
        summary += f", {len(skipped)} not checked" if skipped else ""
        print(f"Airflow {real.airflow_version}: {summary}", file=sys.stderr)
    passed = {v.value for v in PASSED} | {Verdict.EXPECTED_FAILURE.value}
    return 0 if set(counts) <= passed and not skipped else 1


if __name__ == "__main__":
    sys.exit(main())
