"""``dagfidelity check``: the backend under test against real Airflow, one verdict per file;
or several backends against each other, real Airflow as the referee.

The verdict itself is decided in ``verdict.judge``, as for the plugin's items.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .backends import Backend, ParseError, Result
from .causes import duplicate_dag_id
from .declarations import Declarations, FileDeclarations
from .discovery import Skipped, dag_files, unreadable
from .exceptions import UsageError
from .importpath import ImportPath, file_name
from .shard import Shard
from .verdict import DIFFERS, Context, Judgement, Side, Verdict, compare, judge


@dataclass
class FileVerdict:
    path: str  # as given on the command line's terms (relative to the working directory)
    file: str  # as dag.json and goldens record it
    verdict: str
    airflow_version: str
    dag_ids: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)
    error: str | None = None
    line: int | None = None
    summary: str = ""
    # Tasks of a provider operator not installed next to the backend: arguments recorded unchecked.
    unvalidated: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def iter_dag_files(
    paths: Iterable[str],
    airflow_version: str,
    shard: Shard | None = None,
    project_root: Path | None = None,
    skipped: list[Skipped] | None = None,
) -> Iterator[tuple[Path, Path]]:
    """(file, DAG folder) pairs: what Airflow would parse below each folder; files as given;
    with ``shard``, only that shard's files (by the name dag.json records).

    A path that does not exist, or a folder holding no DAG file, is a usage error: a CI
    job with a wrong path must not pass on nothing checked. Files discovery must not read
    (discovery.unreadable) are appended to ``skipped``; a given one is a usage error.
    """
    root = project_root or Path.cwd()
    for path, folder in _all_dag_files(paths, airflow_version, skipped):
        if shard is None or shard.holds(file_name(path, root, folder)):
            yield path, folder


def _all_dag_files(
    paths: Iterable[str], airflow_version: str, skipped: list[Skipped] | None
) -> Iterator[tuple[Path, Path]]:
    for given in paths:
        path = Path(given).absolute()
        if path.is_dir():
            before = len(skipped) if skipped is not None else 0
            found = list(dag_files(path, airflow_version, skipped))
            if not found and (skipped is None or len(skipped) == before):
                raise UsageError(
                    f"{given}: no DAG file found (no .py file there mentions airflow and a DAG, or "
                    ".airflowignore excludes them all); nothing to check"
                )
            for file in found:
                yield file, path
        elif os.path.lexists(path) and (problem := unreadable(path)) is not None:
            raise UsageError(problem.line)
        elif path.is_file():
            yield path, path.parent
        else:
            raise UsageError(f"{given}: no such file or folder")


def check_files(
    files: Iterable[tuple[Path, Path]],
    subjects: Backend | Sequence[Backend],
    real: Backend | None,
    *,
    import_path: ImportPath | None = None,
    declarations: Declarations | None = None,
    project_root: Path | None = None,
    labels: Sequence[str] | None = None,
    again: Callable[[], Backend] | None = None,
    determinism_only: bool = False,
) -> Iterator[FileVerdict]:
    """One verdict per file: the backend under test held to ``real`` Airflow; or, given two
    or more, the backends compared with each other, real Airflow (when given) as the referee.

    ``again``: starts real Airflow in a second worker with another hash seed (called once,
    when first needed), which parses a file a second time where the documents differ, so
    that a DAG that changes on every parse is reported as nondeterministic.
    ``determinism_only``: compare only those two parses (``dagfidelity check --determinism``);
    ``subjects`` are then not used."""
    backends = [subjects] if isinstance(subjects, Backend) else list(subjects)
    names = list(labels or [b.name for b in backends])
    import_path = import_path or ImportPath()
    declarations = declarations or Declarations()
    root = project_root or Path.cwd()
    version = (real or backends[0]).airflow_version
    first_seen: dict[str, str] = {}  # dag_id -> the file that defined it first
    second_worker: list[Backend] = []

    def parse_again(path: Path, name: str, sys_path: list[str]) -> Side:
        assert again is not None
        if not second_worker:
            second_worker.append(again())
        return Side.of(second_worker[0].compile(str(path), file=name, import_path=sys_path), None)

    for path, folder in files:
        name = file_name(path, root, folder)
        sys_path = import_path.for_folder(folder)
        declared = declarations.for_file(str(path), name, version)
        real_result = real.compile(str(path), file=name, import_path=sys_path) if real else None
        results: list[Result | None] = [
            b.compile(str(path), file=name, import_path=sys_path)
            if declared.airflow_only is None and not determinism_only
            else None
            for b in backends
        ]
        if determinism_only:
            results = [real_result]
        ids = [d for r in (real_result, *results) if r is not None for d in r.dag_ids]
        clash = duplicate_error(name, ids, first_seen)
        if clash is not None:  # as a DagBag over the folder: the later file is refused, by all
            real_result = real_result and Result.failed(clash)
            results = [r and Result.failed(clash) for r in results]
        subject = f"real Airflow {version}" if determinism_only else names[0]
        ctx = Context(file=name, airflow_version=version, subject=subject)
        sides = [Side.of(r, None) if r is not None else None for r in results]
        live = Side.of(real_result, None) if real_result is not None else None

        labelled = list(zip(names, sides, strict=True))
        second = parse_again(path, name, sys_path) if again is not None and determinism_only else None
        judgement = _verdict(ctx, labelled, live, declared, second)
        if again is not None and second is None and judgement.verdict in DIFFERS:
            judgement = _verdict(ctx, labelled, live, declared, parse_again(path, name, sys_path))
        error = "; ".join(p.title for p in judgement.problems) or (judgement.reason or None)
        diff_lines = [line for p in judgement.problems for line in p.lines]
        said = [r for r in (real_result, *results) if r is not None]
        line = next((r.error.line for r in said if r.error and r.error.line), None)
        yield FileVerdict(
            path=_shown(path),
            file=name,
            verdict=str(judgement.verdict),
            airflow_version=version,
            dag_ids=next((r.dag_ids for r in said if r.dag_ids), []),
            diff=diff_lines,
            error=error,
            line=line,
            summary=judgement.summary,
            unvalidated=[u.describe() for r in results if r is not None for u in r.unvalidated],
        )


def not_checked(
    files: Iterable[tuple[Path, Path]], version: str, why: BaseException, project_root: Path | None = None
) -> Iterator[FileVerdict]:
    """A verdict for each file a run could not check (a backend stopped for good before it):
    listed, and never a pass, so that the run's output accounts for every file it found."""
    root = project_root or Path.cwd()
    for path, folder in files:
        yield FileVerdict(
            path=_shown(path),
            file=file_name(path, root, folder),
            verdict=Verdict.NOT_CHECKED.value,
            airflow_version=version,
            error=f"not checked: {why}",
            summary=Verdict.NOT_CHECKED.value,
        )


def _shown(path: Path) -> str:
    """A file as a verdict shows it: relative to the working directory where it is below it."""
    return os.path.relpath(path) if str(path).startswith(os.getcwd()) else str(path)


def _verdict(
    ctx: Context,
    sides: list[tuple[str, Side | None]],
    live: Side | None,
    declared: FileDeclarations,
    again: Side | None,
) -> Judgement:
    if len(sides) == 1:
        return judge(ctx, sides[0][1], live, declared=declared, again=again)
    return compare(ctx, sides, live, declared=declared, again=again)


def duplicate_error(file: str, dag_ids: Iterable[str], first_seen: dict[str, str]) -> ParseError | None:
    """Airflow's DagBag refuses a file whose dag_id an earlier file (in path order) defined."""
    clashes = {d: first_seen[d] for d in dag_ids if first_seen.get(d, file) != file}
    for dag_id in dag_ids:
        first_seen.setdefault(dag_id, file)
    return duplicate_dag_id(clashes) if clashes else None
