"""What changes in each DAG between two Airflow versions: ``dagfidelity upgrade``.

Two dag.json views of the same file (the shim emulating each version, or the real
goldens of each version) are compared into a set of :class:`Change` records, each
placed in one category of :data:`CATEGORIES` by the path it changes. The categories
and the consequences stated for them are declared once, in the tables below.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .compile import canonical
from .records import ParseError, Result

if TYPE_CHECKING:
    from .importpath import ImportPath


class _Absent:
    """The value on the side where a key does not exist."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "(absent)"


ABSENT: Any = _Absent()
PARSE_PATH = ("@parse",)  # where a change of a whole file's parse outcome sits


# -- categories: declared once -----------------------------------------------------------------
@dataclass(frozen=True)
class Category:
    key: str
    title: str
    # dag.json paths it owns, "/"-separated: "*" is one segment, "**" any rest (also none).
    patterns: tuple[str, ...] = ()
    level: Literal["error", "warning", "note"] = "note"  # how loudly reports (SARIF) flag it


CATEGORIES: tuple[Category, ...] = (
    Category("stops_parsing", "files that stop parsing", level="error"),
    Category("starts_parsing", "files that start parsing"),
    Category("parse_error", "files whose parse error changes", level="warning"),
    Category("discovery", "files Airflow starts or stops reading", level="warning"),
    Category("dags", "DAGs that appear or disappear", level="warning"),
    Category(
        "assets",
        "assets",
        ("schedule/asset_condition/**", "schedule/assets/**", "tasks/*/inlets/**", "tasks/*/outlets/**"),
    ),
    Category("schedule", "schedule & catchup", ("schedule/**", "catchup"), level="warning"),
    Category("dates", "dates", ("start_date/**", "end_date/**", "timezone/**")),
    Category("trigger_rules", "trigger rules", ("tasks/*/trigger_rule",), level="warning"),
    Category(
        "operators",
        "operators & import paths",
        ("tasks/*/operator", "tasks/*/operator_name", "tasks/*/arguments/**"),
    ),
    Category("mapping", "mapping", ("tasks/*/mapped/**",)),
    Category(
        "graph",
        "task graph",
        (
            "tasks/*",
            "tasks/*/upstream/**",
            "tasks/*/downstream/**",
            "tasks/*/task_group",
            "task_groups/**",
            "edge_labels/**",
        ),
    ),
    Category("defaults", "DAG & task defaults", ("**",)),
)
BY_KEY = {c.key: c for c in CATEGORIES}


def _matches(pattern: str, path: Sequence[str]) -> bool:
    parts = pattern.split("/")
    for i, part in enumerate(parts):
        if part == "**":
            return True
        if i >= len(path) or (part != "*" and part != path[i]):
            return False
    return len(parts) == len(path)


def category_of(path: Sequence[str]) -> str:
    """The first category of :data:`CATEGORIES` whose patterns own ``path`` (a path in a DAG)."""
    for category in CATEGORIES:
        if any(_matches(p, path) for p in category.patterns):
            return category.key
    raise AssertionError("the last category owns every path")


# -- records ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What one version makes of one file: its DAGs' documents, or the error that stops it."""

    dags: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    error: ParseError | None = None
    unread: bool = False  # this version never reads the file (.airflowignore syntax, safe mode)

    @property
    def unknown(self) -> bool:
        """Nothing to predict: the shim refused a construct it does not model, a harness limit
        stopped it, or this environment lacks a package the file imports (a missing provider
        is the version's own: the shim emulates which providers each version ships)."""
        error = self.error
        if error is None:
            return False
        return error.origin in ("unsupported", "harness") or (
            error.origin == "environment" and error.kind != "missing_provider"
        )


@dataclass(frozen=True)
class Change:
    category: str
    dag_id: str | None  # None: the file as a whole (it stops or starts parsing)
    path: tuple[str, ...]
    old: Any
    new: Any

    @property
    def where(self) -> str:
        return "/".join(self.path) if self.path else "(the DAG)"

    def key(self) -> tuple[str, str | None, tuple[str, ...], str, str]:
        """Comparable form: values as canonical JSON text (1, 1.0 and True differ)."""
        return (self.category, self.dag_id, self.path, _text(self.old), _text(self.new))

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"category": self.category, "dag_id": self.dag_id, "path": self.where}
        if self.old is not ABSENT:
            out["old"] = self.old
        if self.new is not ABSENT:
            out["new"] = self.new
        return out


def _text(value: Any) -> str:
    return "(absent)" if value is ABSENT else canonical(value)


@dataclass(frozen=True)
class FileUpgrade:
    path: str  # as the user named it (or relative to the current folder)
    file: str  # the dag.json ``file`` field
    from_version: str
    to_version: str
    before: Outcome
    after: Outcome
    changes: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def predicted(self) -> bool:
        return not (self.before.unknown or self.after.unknown)

    @property
    def dag_ids(self) -> list[str]:
        return sorted(set(self.before.dags) | set(self.after.dags))

    def by_dag(self) -> dict[str | None, list[Change]]:
        out: dict[str | None, list[Change]] = {}
        for change in self.changes:
            out.setdefault(change.dag_id, []).append(change)
        return out

    def consequences(self, dag_id: str | None) -> dict[str, str]:
        """category → one sentence saying what the changes of ``dag_id`` mean."""
        changes = [c for c in self.changes if c.dag_id == dag_id]
        ctx = Context(self, dag_id, changes)
        return {
            cat: sentence
            for cat in dict.fromkeys(c.category for c in changes)
            if (sentence := consequence(cat, ctx)) is not None
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "file": self.file,
            "from": self.from_version,
            "to": self.to_version,
            "changed": self.changed,
            "predicted": self.predicted,
            "dag_ids": self.dag_ids,
            "errors": {
                side: None
                if o.error is None
                else {"type": o.error.type, "message": o.error.message, "line": o.error.line}
                for side, o in (("from", self.before), ("to", self.after))
            },
            "consequences": {
                dag_id or "": sentences
                for dag_id in self.by_dag()
                if (sentences := self.consequences(dag_id))
            },
            "changes": [c.as_json() for c in self.changes],
        }


# -- comparison ---------------------------------------------------------------------------------
def compare(before: Outcome, after: Outcome) -> tuple[Change, ...]:
    """Every change from ``before`` to ``after``, in a stable order (by DAG, then path)."""
    if before.unread or after.unread:
        if before.unread == after.unread:
            return ()
        read = sorted(after.dags if before.unread else before.dags)
        return (
            Change(
                "discovery",
                None,
                PARSE_PATH,
                "unread" if before.unread else read,
                read if before.unread else "unread",
            ),
        )
    if before.error is not None or after.error is not None:
        if after.error is not None and before.error is None:
            return (Change("stops_parsing", None, PARSE_PATH, sorted(before.dags), after.error.type),)
        assert before.error is not None
        if after.error is None:
            return (Change("starts_parsing", None, PARSE_PATH, before.error.type, sorted(after.dags)),)
        if before.error.type != after.error.type:
            return (Change("parse_error", None, PARSE_PATH, before.error.type, after.error.type),)
        return ()
    changes: list[Change] = []
    for dag_id in sorted(set(before.dags) | set(after.dags)):
        old, new = before.dags.get(dag_id, ABSENT), after.dags.get(dag_id, ABSENT)
        if old is ABSENT or new is ABSENT:
            changes.append(Change("dags", dag_id, (), old, new))
        else:
            changes.extend(_walk(dag_id, old, new, ()))
    return tuple(changes)


def _walk(dag_id: str, old: Any, new: Any, path: tuple[str, ...]) -> Iterator[Change]:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new)):
            yield from _walk(dag_id, old.get(key, ABSENT), new.get(key, ABSENT), (*path, str(key)))
    elif _text(old) != _text(new):
        yield Change(category_of(path), dag_id, path, old, new)


def change_keys(changes: Iterable[Change]) -> frozenset[tuple[str, str | None, tuple[str, ...], str, str]]:
    return frozenset(c.key() for c in changes)


# -- consequences: declared once ----------------------------------------------------------------
@dataclass(frozen=True)
class Context:
    upgrade: FileUpgrade
    dag_id: str | None
    changes: list[Change]

    @property
    def x(self) -> str:
        return self.upgrade.from_version

    @property
    def y(self) -> str:
        return self.upgrade.to_version

    def dag(self, side: str) -> Mapping[str, Any]:
        outcome = self.upgrade.before if side == "old" else self.upgrade.after
        return outcome.dags.get(self.dag_id or "", {})

    def value(self, side: str, *path: str) -> Any:
        node: Any = self.dag(side)
        for part in path:
            if not isinstance(node, Mapping) or part not in node:
                return ABSENT
            node = node[part]
        return node

    def of(self, category: str) -> list[Change]:
        return [c for c in self.changes if c.category == category]

    def tasks(self, category: str) -> list[str]:
        return sorted({c.path[1] for c in self.of(category) if len(c.path) > 1 and c.path[0] == "tasks"})


def _names(items: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _schedule(ctx: Context) -> str | None:
    old, new = ctx.value("old", "schedule"), ctx.value("new", "schedule")
    old_catchup, new_catchup = ctx.value("old", "catchup"), ctx.value("new", "catchup")
    old_kind, new_kind = _get(old, "kind"), _get(new, "kind")
    if old_kind == "delta" and _get(old, "delta") == {"$timedelta": 86400} and new_kind == "none":
        catchup = " with catchup" if old_catchup is True else ""
        return (
            f"no schedule given: {ctx.x} ran it daily{catchup}; {ctx.y} never runs it on a schedule "
            "(pass schedule= explicitly to keep it running)"
        )
    sentences = []
    old_tt, new_tt = str(_get(old, "timetable") or ""), str(_get(new, "timetable") or "")
    if old_tt.rsplit(".", 1)[-1] != new_tt.rsplit(".", 1)[-1]:
        if old_tt.endswith("CronDataIntervalTimetable") and new_tt.endswith("CronTriggerTimetable"):
            sentences.append(
                f"its cron schedule becomes a CronTriggerTimetable: {ctx.x} ran each interval after it "
                f"ended, {ctx.y} runs at each tick with the tick as logical date"
            )
        elif old_kind != new_kind:
            sentences.append(f"it is scheduled differently: {old_kind} in {ctx.x}, {new_kind} in {ctx.y}")
        else:
            sentences.append(f"its timetable changes class: {_short(old_tt)} → {_short(new_tt)}")
    if old_catchup is True and new_catchup is False:
        sentences.append(f"catchup is off in {ctx.y}: runs missed since start_date are no longer backfilled")
    elif old_catchup is False and new_catchup is True:
        sentences.append(f"catchup is on in {ctx.y}: every run missed since start_date is backfilled")
    if _get(old, "expression") != _get(new, "expression") and old_kind == new_kind == "cron":
        sentences.append(
            f"the same cron schedule is written {_get(new, 'expression')!r} instead of "
            f"{_get(old, 'expression')!r}: code that reads the expression sees the new form"
        )
    if not sentences and old_tt != new_tt:
        sentences.append(f"the timetable class moves to {_module(new_tt)}: imports by path must follow")
    return "; ".join(sentences) or None


def _operators(ctx: Context) -> str | None:
    moved = [c for c in ctx.of("operators") if c.path[2:] == ("operator",)]
    sentences = []
    if moved:
        modules = sorted({_module(str(c.new)) for c in moved if c.new is not ABSENT})
        sentences.append(
            f"{len(moved)} task(s) come from another module in {ctx.y} ({_names(modules, 2)}): "
            f"imports of the {ctx.x} path are deprecated or gone"
        )
    arguments = sorted({c.path[3] for c in ctx.of("operators") if c.path[2:3] == ("arguments",)})
    if arguments:
        sentences.append(f"operator arguments differ ({_names(arguments)}): check the values you rely on")
    return "; ".join(sentences) or None


def _assets(ctx: Context) -> str:
    texts = " ".join(_text(c.old) + _text(c.new) for c in ctx.of("assets"))
    if '"Dataset"' in texts and '"Asset"' in texts:
        return (
            f"Datasets become Assets in {ctx.y}: each gets a name and a group beside its URI, "
            "and asset events and schedules key on them"
        )
    return f"the assets it reads, writes or waits for are identified differently in {ctx.y}"


def _trigger_rules(ctx: Context) -> str:
    rules = sorted({f"{_show(c.old)} → {_show(c.new)}" for c in ctx.of("trigger_rules")})
    tasks = _names(ctx.tasks("trigger_rules"))
    return f"{tasks} wait for their upstream tasks under another rule ({_names(rules, 2)})"


def _stops(ctx: Context) -> str:
    error = ctx.upgrade.after.error
    assert error is not None
    at = f" at line {error.line}" if error.line else ""
    return (
        f"{ctx.y} cannot parse this file ({error.type}{at}): its DAGs disappear from the scheduler "
        "and the file is listed as an import error"
    )


def _starts(ctx: Context) -> str:
    return f"{ctx.y} parses this file: its DAGs ({_names(sorted(ctx.upgrade.after.dags))}) appear"


def _defaults(ctx: Context) -> str:
    changes = ctx.of("defaults")
    # Same value, another JSON type (false → 0): Python compares them equal, JSON does not.
    retyped = [c for c in changes if c.old is not ABSENT and c.new is not ABSENT and c.old == c.new]
    sentences = []
    if retyped:
        fields = _names(sorted({_field(c.path) for c in retyped}))
        sentences.append(
            f"{fields}: the same value, stored as another type in {ctx.y} "
            f"({show(retyped[0].old)} → {show(retyped[0].new)}); only code that checks the type notices"
        )
    other = [c for c in changes if c not in retyped]
    if other:
        sentences.append(
            f"values Airflow fills in differ in {ctx.y} ({_names(sorted({_field(c.path) for c in other}))}): "
            f"set them explicitly to keep {ctx.x}'s behaviour"
        )
    return "; ".join(sentences)


CONSEQUENCES: dict[str, Callable[[Context], str | None]] = {
    "stops_parsing": _stops,
    "starts_parsing": _starts,
    "discovery": lambda ctx: (
        f"{ctx.y} {'never reads' if ctx.upgrade.after.unread else 'reads'} this file "
        "(its .airflowignore syntax or DAG-discovery rule differs): its DAGs "
        f"{'disappear' if ctx.upgrade.after.unread else 'appear'}"
    ),
    "parse_error": lambda ctx: (
        f"it still does not parse in {ctx.y}, now failing with "
        f"{getattr(ctx.upgrade.after.error, 'type', None)}"
    ),
    "dags": lambda ctx: (
        f"the DAG {'appears' if ctx.value('old', 'dag_id') is ABSENT else 'disappears'} in {ctx.y}"
    ),
    "schedule": _schedule,
    "dates": lambda ctx: (
        f"its start/end dates or timezone differ in {ctx.y}: the first run and the runs it backfills move"
    ),
    "assets": _assets,
    "trigger_rules": _trigger_rules,
    "operators": _operators,
    "mapping": lambda ctx: f"{_names(ctx.tasks('mapping'))} expand differently at run time in {ctx.y}",
    "graph": lambda ctx: f"its task graph changes in {ctx.y}: tasks or dependencies appear or disappear",
    "defaults": lambda ctx: _defaults(ctx),
}


def consequence(category: str, ctx: Context) -> str | None:
    return CONSEQUENCES[category](ctx)


def _field(path: Sequence[str]) -> str:
    """The setting a path names: a task's field (``retries``), else the DAG's (``tags``)."""
    return path[2] if path[:1] == ("tasks",) and len(path) > 2 else path[0]


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, Mapping) else None


def _module(path: str) -> str:
    return path.rsplit(".", 1)[0]


def _short(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def show(value: Any, width: int = 100) -> str:
    if value is ABSENT:
        return "(absent)"
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 3] + "..."


_show = show


# -- sources: the shim emulating a version, or the goldens real Airflow wrote --------------------
def outcome_of_result(result: Result) -> Outcome:
    if result.error is not None:
        return Outcome(error=result.error)
    assert result.doc is not None
    return Outcome(dags=dict(result.doc["dags"]))


def golden_outcome(golden_dir: Path, version: str, file: str) -> Outcome | None:
    """What real Airflow ``version`` made of ``file``, from its goldens; None if it has none."""
    stem = file[:-3] if file.endswith(".py") else file
    folder = golden_dir / version / stem
    if not folder.is_dir():
        return None
    error = folder / "@error.json"
    if error.is_file():
        doc = json.loads(error.read_text(encoding="utf-8"))
        return Outcome(error=ParseError(str(doc["error"]["type"]), ""))  # goldens keep only the type
    dags = {}
    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        # The golden records the real id; an unsafe one is stored under an encoded file name.
        dags[str(doc["dag"].get("dag_id", path.stem))] = doc["dag"]
    return Outcome(dags=dags)


def upgrade_of(
    path: str, file: str, from_version: str, to_version: str, before: Outcome, after: Outcome
) -> FileUpgrade:
    changes = () if before.unknown or after.unknown else compare(before, after)
    return FileUpgrade(path, file, from_version, to_version, before, after, changes)


def upgrade_files(
    paths: Iterable[str],
    from_version: str,
    to_version: str,
    *,
    import_path: ImportPath | None = None,
    project_root: Path | None = None,
    timeout: float | None = None,
    memory_limit: float | None = None,
) -> Iterator[FileUpgrade]:
    """Compile every DAG file under ``paths`` with the shim emulating each version; compare.

    Each file gets Airflow's ``sys.path`` (its DAG folder, the plugins folder, ``import_path``'s
    roots) and is named relative to ``project_root`` (default: the working directory), as
    ``dagfidelity check`` names it."""
    from .backends import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, start_backend
    from .importpath import ImportPath, file_name

    import_path = import_path or ImportPath()
    root = project_root or Path.cwd()

    seconds = DEFAULT_TIMEOUT if timeout is None else timeout
    megabytes = DEFAULT_MEMORY_LIMIT if memory_limit is None else memory_limit
    with start_backend("shim", target=from_version, timeout=seconds, memory_limit=megabytes) as old:
        with start_backend("shim", target=to_version, timeout=seconds, memory_limit=megabytes) as new:
            for path, folder, readers in dag_files_of(paths, (from_version, to_version)):
                name = file_name(Path(path), root, Path(folder))
                sys_path = import_path.for_folder(Path(folder))
                outcomes = []
                for version, backend in ((from_version, old), (to_version, new)):
                    outcome = outcome_of_result(backend.compile(path, file=name, import_path=sys_path))
                    outcomes.append(outcome if version in readers else replace(outcome, unread=True))
                yield upgrade_of(_display(path), name, from_version, to_version, *outcomes)


def dag_files_of(paths: Iterable[str], versions: Sequence[str]) -> Iterator[tuple[str, str, frozenset[str]]]:
    """(file, root, versions that read it): what either version reads below each folder
    (``.airflowignore`` in its syntax, safe mode); a file named directly, by all of them."""
    from .discovery import dag_files

    for given in paths:
        if os.path.isdir(given):
            root = os.path.abspath(given)
            found: dict[str, set[str]] = {}
            for version in versions:
                for p in dag_files(root, version):
                    found.setdefault(str(p), set()).add(version)
            for path in sorted(found):
                yield path, root, frozenset(found[path])
        else:
            yield os.path.abspath(given), os.path.dirname(os.path.abspath(given)), frozenset(versions)


def _display(path: str) -> str:
    cwd = os.getcwd()
    return os.path.relpath(path, cwd) if path.startswith(cwd + os.sep) else path


# -- text ----------------------------------------------------------------------------------------
UNKNOWN_BECAUSE = {
    "unsupported": "the shim does not model a construct it uses",
    "environment": "this environment lacks a package it imports (install it where upgrade runs)",
    "harness": "a limit of the harness stopped it (time, memory, a crash)",
}


def render_text(upgrades: Sequence[FileUpgrade], *, limit: int = 8) -> list[str]:
    """The report ``dagfidelity upgrade`` prints: per file, per DAG, per category."""
    lines: list[str] = []
    for up in upgrades:
        if not up.predicted:
            error = up.before.error if up.before.unknown else up.after.error
            assert error is not None
            lines.append(f"{up.path}: not predicted: {UNKNOWN_BECAUSE.get(error.origin, error.origin)}")
            at = f" (line {error.line})" if error.line else ""
            lines.append(f"    {error.type}{at}: {' '.join(str(error.message).split())}")
            continue
        if not up.changed:
            continue
        lines.append(up.path)
        for dag_id, changes in up.by_dag().items():
            if dag_id is not None:
                lines.append(f"  {dag_id}")
            sentences = up.consequences(dag_id)
            indent = "    " if dag_id is not None else "  "
            for key in (c.key for c in CATEGORIES):
                mine = [c for c in changes if c.category == key]
                if not mine:
                    continue
                sentence = sentences.get(key)
                lines.append(f"{indent}{BY_KEY[key].title}" + (f": {sentence}" if sentence else ""))
                for change in mine[:limit]:
                    lines.append(f"{indent}    {describe(change, up)}")
                if len(mine) > limit:
                    lines.append(f"{indent}    ... and {len(mine) - limit} more")
    return lines


def describe(change: Change, up: FileUpgrade | None = None) -> str:
    if change.category == "stops_parsing" and up is not None and up.after.error is not None:
        error = up.after.error
        at = f" (line {error.line})" if error.line else ""
        message = " ".join(str(error.message).split()) if error.message else ""
        return f"{error.type}{at}" + (f": {message}" if message else "")
    if change.category == "starts_parsing":
        return f"was {change.old}; now defines {_names(list(change.new), 6)}"
    if change.category == "discovery":
        if change.old == "unread":
            return f"was not read; now read, defining {_names(list(change.new), 6) or 'no DAG'}"
        return f"defined {_names(list(change.old), 6) or 'no DAG'}; now not read"
    if change.category == "dags":
        if change.old is ABSENT:
            return f"+ {change.dag_id} ({len(change.new.get('tasks', {}))} tasks)"
        return f"- {change.dag_id}"
    if change.path[:1] == ("tasks",) and len(change.path) == 2:
        return f"{'+' if change.old is ABSENT else '-'} task {change.path[1]}"
    return f"{change.where}: {show(change.old)} → {show(change.new)}"


def summary(upgrades: Sequence[FileUpgrade]) -> list[str]:
    """Counts by category: how many DAGs (or files) each category touches."""
    touched: dict[str, set[tuple[str, str | None]]] = {c.key: set() for c in CATEGORIES}
    for up in upgrades:
        for change in up.changes:
            touched[change.category].add((up.path, change.dag_id))
    rows = [f"{BY_KEY[k].title}: {len(v)}" for k, v in touched.items() if v]
    return rows
