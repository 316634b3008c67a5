"""``dagfidelity``: compile DAG files to dag.json, and check the shim against real Airflow."""

from __future__ import annotations

# Imported here: what every command needs. The rest is imported by the command that uses it,
# so a one-file compile (issue 12) pays for its own modules only.
import argparse
import gc
import os
import sys
from collections.abc import Sequence

from .defaults import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT
from .exceptions import DagFidelityError

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

    from .backends import Backend, Registry


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own, told the terminal's width as ``shutil.get_terminal_size`` reads it: left
    to itself it imports ``shutil`` (with ``bz2``, ``lzma`` and ``fnmatch``) for every argument
    added, ~1.4 ms of a one-file compile that never prints help."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(
            prog, indent_increment, max_help_position, _columns() - 2 if width is None else width
        )


def _columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else stdout's terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    """Every parser and subparser of the command line, with its help formatter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; ``command``: the subcommand the arguments start with, for a parser
    that knows only that one (the same messages and help for it, without building the others)."""
    parser = _Parser(prog="dagfidelity", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    c = sub.add_parser("compile", help="write dag.json for every DAG in a file")
    c.add_argument("file")
    c.add_argument("-o", "--output", help="write here instead of stdout")
    _backend(c, "the backend that compiles it: shim, airflow, or any registered one")
    c.add_argument(
        "--airflow-version", help="X.Y the shim emulates (default: installed Airflow's, else newest)"
    )
    c.add_argument("--airflow-python", help="python of the Airflow venv for --backend airflow")
    c.add_argument("--dag-folder", help="the DAG folder the file belongs to (default: the file's folder)")
    _import_path(c)
    _limits(c)
    if command == "compile":
        return parser

    k = sub.add_parser("check", help="compile with both backends and compare")
    k.add_argument("paths", nargs="+", metavar="PATH", help="DAG files or folders")
    k.add_argument("--json", action="store_true", help="one JSON object per file per line")
    k.add_argument("--airflow-python", help="python of the Airflow venv (default: this one)")
    _backend(k, "the backend held to real Airflow (not airflow itself)")
    k.add_argument(
        "--compare",
        metavar="A,B[,...]",
        help="compare these backends with each other, real Airflow as the referee when reachable",
    )
    k.add_argument(
        "--airflow-version",
        help="X.Y the compared backends emulate when no real Airflow is reachable (with --compare)",
    )
    k.add_argument("--shard", metavar="K/N", help="check only the DAG files of shard K of N (docs/ci.md)")
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
    from . import commands

    commands.register(sub)
    return parser


def _backend(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--backend", metavar="NAME", help=f"{what} (default: $LEOFLOW_PARSER_BACKEND, else shim)"
    )
    parser.add_argument(
        "--external-backend",
        action="append",
        default=[],
        metavar="NAME=COMMAND",
        help="a backend that is a program speaking the JSON-lines protocol of docs/backends.md",
    )


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
    """The command line; ``argv`` None: this process's own, and a compile then ends the process."""
    given = sys.argv[1:] if argv is None else list(argv)
    if argv is None:
        _untranslated_where_nothing_can_translate()
    args = _parser(given[0] if given else None).parse_args(given)
    if args.command in ("compile", "check"):
        _say_what_the_sandbox_lacks()
    try:
        if hasattr(args, "run"):
            return int(args.run(args))
        if args.command == "compile":
            code = _compile(args, owns_process=argv is None)
            if argv is None:
                from .worker.ending import end_process

                end_process(code)
            return code
        return _check(args)
    except DagFidelityError as exc:
        print(f"dagfidelity: error: {exc}", file=sys.stderr)
        return 2


def _untranslated_where_nothing_can_translate() -> None:
    """argparse looks each of its messages up with gettext, which imports ``locale`` to name the
    catalogues it would read (~1 ms of a one-file compile). Where the interpreter has no catalogue
    folder at all, every lookup returns its message as it is: argparse is told so instead. Only in
    this command's own process (``main()`` with no ``argv``), before anything else binds a domain."""
    import gettext

    folder = getattr(gettext, "_default_localedir", None)  # private: read only where it exists
    if folder is not None and not os.path.isdir(folder) and not getattr(gettext, "_localedirs", True):
        argparse._ = str  # type: ignore[attr-defined]


def _say_what_the_sandbox_lacks() -> None:
    """Once per run, before any DAG file runs: what this kernel's sandbox does not enforce."""
    from .worker.landlock import status

    sandbox = status()
    if sandbox.missing:
        print(sandbox.line, file=sys.stderr)


def _compile(args: argparse.Namespace, owns_process: bool = False) -> int:
    # os.path, not pathlib, here: pathlib costs a cold compile ~3 ms.
    from .backends import BackendOptions, Registry
    from .backends.registry import parse_commands
    from .causes import NO_DAG_FIX, explain
    from .compile import dumps
    from .importpath import ImportPath, file_name

    registry = Registry(parse_commands(args.external_backend, "--external-backend"))
    name = registry.select(args.backend, "--backend").name
    path = os.path.abspath(args.file)
    if os.path.isdir(path):
        raise DagFidelityError(
            f"{args.file} is a folder; compile takes one DAG file. To check every DAG file in a "
            f"folder, run: dagfidelity check {args.file}"
        )
    if not os.path.isfile(path):
        raise DagFidelityError(f"{args.file}: no such file")
    folder = os.path.abspath(args.dag_folder) if args.dag_folder else os.path.dirname(path)
    cwd = os.getcwd()
    import_path = ImportPath.build(cwd, args.plugins_folder, args.import_root)
    options = BackendOptions(
        target=args.airflow_version,
        airflow_python=args.airflow_python,
        timeout=args.timeout,
        memory_limit=args.memory_limit,
        in_process=True,  # one file: a backend that can need not start a worker
        text=True,  # and it only writes the document: it can come as text
    )
    if owns_process and name == "shim":
        # The shim loads here and the file is parsed in a child forked from this process, which
        # then ends: it makes no cyclic garbage worth collecting, while the collector would walk
        # the shim and its version table again and again as they load (~4 ms of a cold compile).
        # The file's own process turns the collector back on (worker/forkserver.py).
        gc.disable()
    with registry.start(name, options) as backend:
        result = backend.compile(
            path, file=file_name(path, cwd, folder), import_path=import_path.for_folder(folder)
        )
    if result.error is not None:
        print(explain(args.file, result.error), file=sys.stderr)
        return 1
    if not result.dag_ids:
        print(f"{args.file}: defines no DAG. Fix: {NO_DAG_FIX}", file=sys.stderr)
        return 1
    text = result.text if result.text is not None else dumps(result.doc)
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
    import contextlib
    import json
    from collections import Counter
    from pathlib import Path

    from .backends import Registry, other_hash_seed
    from .backends.base import BackendOptions
    from .backends.registry import REFERENCE, parse_commands
    from .check import FileVerdict, check_files, iter_dag_files, not_checked
    from .declarations import Declarations
    from .discovery import Skipped
    from .importpath import ImportPath
    from .progress import Progress
    from .records import UNVALIDATED_NOTE
    from .verdict import PASSED, Verdict
    from .versions import resolve_target

    counts: Counter[str] = Counter()
    stopped: DagFidelityError | None = None
    declarations = Declarations.from_lines(args.expect_failure, args.airflow_only, "the command line")
    import_path = ImportPath.build(Path.cwd(), args.plugins_folder, args.import_root)
    registry = Registry(parse_commands(args.external_backend, "--external-backend"))
    names = _subjects(args, registry)
    # Every path is checked, and the files found, before Airflow's seconds of start-up.
    for given in args.paths:
        if not os.path.exists(given):
            raise DagFidelityError(f"{given}: no such file or folder")
    python = _referee(args)
    if args.determinism and python is None:
        raise DagFidelityError("--determinism parses with real Airflow, and none is reachable")
    from .backends.airflow import airflow_version_of

    version = resolve_target(airflow_version_of(python) if python else args.airflow_version)
    if python and args.airflow_version and resolve_target(args.airflow_version) != version:
        raise DagFidelityError(
            f"--airflow-version {args.airflow_version} disagrees with the real Airflow {version} at "
            f"{python}; drop one of them"
        )
    from .shard import Shard

    shard = Shard.parse(args.shard, "--shard") if args.shard else None
    skipped: list[Skipped] = []
    files = list(iter_dag_files(args.paths, version, shard, skipped=skipped))
    for problem in skipped:  # never read, and never a pass: the run fails below
        print(f"dagfidelity: {problem.line}", file=sys.stderr)
    if shard and not files and not skipped:  # the other shards hold every file: a partition, not a gap
        print(
            f"dagfidelity: shard {shard}: no DAG file under {' '.join(args.paths)} falls to it",
            file=sys.stderr,
        )
        return 0
    if not args.json:
        against = f"real Airflow {version}" if python else f"each other (Airflow {version}; no real Airflow)"
        what = "real Airflow with itself, parsing twice" if args.determinism else " and ".join(names)
        print(
            f"dagfidelity: {len(files)} DAG files{f' (shard {shard})' if shard else ''}, "
            f"{what} checked against {against}",
            file=sys.stderr,
        )
    options = BackendOptions(target=version, timeout=args.timeout, memory_limit=args.memory_limit)
    progress = Progress(len(files), sys.stderr)
    with contextlib.ExitStack() as stack:
        real = None
        if python:
            options = options.replace(airflow_python=python)
            if not args.json:  # its import takes seconds: say what the wait is
                print(f"dagfidelity: starting real Airflow ({python})", file=sys.stderr, flush=True)
            real = stack.enter_context(registry.start(REFERENCE, options))
            options = options.replace(target=real.airflow_version)
        referee = options

        def again() -> Backend:  # a second real Airflow, another hash seed: started when first needed
            return stack.enter_context(registry.start(REFERENCE, referee.replace(env=other_hash_seed())))

        if args.determinism and real is not None:
            subjects = [real]  # held to its own second parse only
        else:
            subjects = [stack.enter_context(registry.start(n, options)) for n in names]
        labels = [registry.entry(n, "--backend").label for n in names]
        verdicts = check_files(
            files,
            subjects,
            real,
            import_path=import_path,
            declarations=declarations,
            labels=None if args.determinism else labels,
            again=again if real is not None else None,
            determinism_only=args.determinism,
        )

        def report(verdict: FileVerdict) -> None:
            counts[verdict.verdict] += 1
            progress.clear()
            if args.json:
                print(json.dumps(verdict.as_json(), sort_keys=True), flush=True)
            else:
                ids = f" [{', '.join(verdict.dag_ids)}]" if verdict.dag_ids else ""
                print(f"{verdict.summary:<17} {verdict.path}{ids}", flush=True)
                if verdict.error:
                    print(f"    {verdict.error}")
                if verdict.unvalidated:
                    print(f"    {UNVALIDATED_NOTE}: {', '.join(verdict.unvalidated)}")
                for line in verdict.diff:
                    print(f"    {line}", flush=True)
            progress.advance(verdict.path)

        checked = 0
        try:
            for verdict in verdicts:
                report(verdict)
                checked += 1
        except DagFidelityError as exc:  # a backend gone for good: the files left are listed, unchecked
            stopped = exc
            for verdict in not_checked(files[checked:], options.target or version, exc):
                report(verdict)
        progress.clear()
    if not args.json:
        summary = ", ".join(f"{counts[v.value]} {v.value}" for v in Verdict if counts[v.value])
        summary += f", {len(skipped)} not read" if skipped else ""
        print(f"Airflow {version}: {summary or 'nothing checked'}", file=sys.stderr)
    if stopped is not None:
        raise stopped  # its one line, last
    passed = {v.value for v in PASSED} | {Verdict.EXPECTED_FAILURE.value}
    return 0 if counts and set(counts) <= passed and not skipped else 1


def _subjects(args: argparse.Namespace, registry: Registry) -> tuple[str, ...]:
    from .backends.registry import parse_compare

    if args.compare:
        if args.backend or args.determinism:
            raise DagFidelityError("--compare names the backends compared: drop --backend and --determinism")
        return parse_compare(args.compare, registry, "--compare")
    return (registry.subject(args.backend, "--backend"),)


def _referee(args: argparse.Namespace) -> str | None:
    """Real Airflow's interpreter; with --compare, None where none is reachable (and none was named)."""
    from .backends.airflow import find_airflow_python

    if args.compare and not args.airflow_python:
        try:
            return find_airflow_python(None)
        except DagFidelityError:
            return None
    return find_airflow_python(args.airflow_python)


if __name__ == "__main__":
    sys.exit(main())
