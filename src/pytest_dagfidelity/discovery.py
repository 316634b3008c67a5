"""Which files of a DAG folder Airflow would parse at all.

The same two filters as Airflow's ``list_py_file_paths``:

- ``.airflowignore`` files, in the syntax of ``[core] dag_ignore_file_syntax``
  (``regexp``, Airflow 2's default, or ``glob``, Airflow 3's; the environment variable
  ``AIRFLOW__CORE__DAG_IGNORE_FILE_SYNTAX`` overrides it, as it does for Airflow);
- safe mode (``dag_discovery_safe_mode``, on by default): a file that does not mention
  Airflow and a DAG (Airflow 3: or an asset) is skipped without being imported.

And it is safe on any folder: symlinked folders are followed, each real folder once (one
seen again, through a loop or a second link, is reported and not walked again, where
Airflow stops the whole scan with "Detected recursive loop"); only
regular files are read (a named pipe would block, ``/dev/zero`` never end), none larger
than ``MAX_FILE_BYTES``; a name that is not valid UTF-8 is reported, not read. What is not
read is handed to the caller as a ``Skipped`` with the reason and the fix.

dag-factory YAML configs are found beside them, as ``yaml_dags.py`` decides.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import yaml_dags

IGNORE_FILE = ".airflowignore"
MAX_FILE_BYTES = 10 * 1024 * 1024  # no hand-written DAG file comes near; a generated one may


@dataclass(frozen=True)
class Skipped:
    """A file (or folder) discovery did not read, and why."""

    path: Path
    reason: str
    fix: str

    @property
    def shown(self) -> str:
        """The path, printable whatever bytes its name holds (undecodable ones as \\x escapes)."""
        return printable(self.path)

    @property
    def line(self) -> str:
        return f"{self.shown}: not checked: {self.reason}. Fix: {self.fix}"


def printable(path: str | Path) -> str:
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def unreadable(path: Path) -> Skipped | None:
    """Why ``path`` must not be read as a DAG file, if it must not."""
    if printable(path) != str(path):
        return Skipped(
            path,
            "its name is not valid UTF-8",
            "rename the file with a UTF-8 name (Airflow records file names as text)",
        )
    try:
        info = path.stat()  # follows a symlink, as Airflow does
    except OSError as exc:
        return Skipped(path, f"it cannot be read ({exc.strerror})", "remove the broken or looping symlink")
    if not stat.S_ISREG(info.st_mode):
        return Skipped(
            path,
            "it is not a regular file (a named pipe, device or socket); reading it would block or never end",
            "keep only regular .py files in the DAG folder",
        )
    if info.st_size > MAX_FILE_BYTES:
        return Skipped(
            path,
            f"it is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for a DAG file "
            f"({info.st_size} bytes)",
            "generate less code into one file, or list the file in .airflowignore",
        )
    return None


def might_contain_dag(path: str | Path, airflow_version: str) -> bool:
    if unreadable(Path(path)) is not None:
        return True  # never read here: the caller reports it (dag_files' ``skipped``)
    try:
        content = Path(path).read_bytes()
    except OSError:
        return True  # let parsing report what is wrong with it
    return mentions_dag(content, airflow_version)


def mentions_dag(content: bytes, airflow_version: str) -> bool:
    """Airflow's safe-mode heuristic on a file's bytes."""
    content = content.lower()
    if b"airflow" not in content:
        return False
    words = (b"dag",) if airflow_version.startswith("2.") else (b"dag", b"asset")
    return any(word in content for word in words)


def ignore_syntax(airflow_version: str) -> str:
    default = "regexp" if airflow_version.startswith("2.") else "glob"
    return os.environ.get("AIRFLOW__CORE__DAG_IGNORE_FILE_SYNTAX", default).lower() or "regexp"


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    raw: str
    include: bool | None  # glob: True ignores, False re-includes ("!pattern")
    relative_to: Path | None  # glob: anchored to the ignore file's folder; regexp: the DAG root


def _compile(line: str, root: Path, ignore_file: Path, syntax: str) -> _Rule | None:
    if syntax == "regexp":
        try:
            return _Rule(re.compile(line), line, True, root)
        except re.error:
            return None  # Airflow logs and skips an invalid pattern
    if line.strip() == "/":
        return None
    anchored = line.startswith("/") or "/" in line.rstrip("/")
    # Imported here: only a glob .airflowignore needs it, and it costs a collection ~50 ms.
    from pathspec.patterns.gitwildmatch import GitWildMatchPattern

    with warnings.catch_warnings():  # newer pathspec deprecates it; Airflow matches with it still
        warnings.simplefilter("ignore", DeprecationWarning)
        glob = GitWildMatchPattern(line)
    if glob.regex is None:
        return None
    return _Rule(glob.regex, line, glob.include, ignore_file.parent if anchored else None)


def _ignored(path: Path, rules: list[_Rule], syntax: str) -> bool:
    if syntax == "regexp":
        return any(r.pattern.search(str(path.relative_to(r.relative_to or path.parent))) for r in rules)
    ignored = False
    for rule in rules:
        name = str(path.relative_to(rule.relative_to)) if rule.relative_to else path.name
        if rule.raw.endswith("/") and path.is_dir():
            name += "/"
        if rule.include is not None and rule.pattern.match(name):
            ignored = rule.include
    return ignored


def dag_files(
    root: str | Path,
    airflow_version: str,
    skipped: list[Skipped] | None = None,
    *,
    yaml_suffixes: Sequence[str] | None = None,
) -> Iterator[Path]:
    """Every ``.py`` file below ``root`` that Airflow would parse, and every dag-factory YAML
    config (``yaml_dags.py``; suffixes as configured), sorted within each folder. What it
    must not read is appended to ``skipped`` (see the module's doc)."""
    root = Path(root).absolute()
    active = yaml_dags.suffixes(yaml_suffixes)
    syntax = ignore_syntax(airflow_version)
    rules_by_dir: dict[Path, list[_Rule]] = {}
    seen: set[str] = set()  # real paths of the folders walked
    for folder, dirs, files in os.walk(root, followlinks=True):
        here = Path(folder)
        real = os.path.realpath(here)
        if real in seen:
            dirs[:] = []
            if skipped is not None:
                skipped.append(
                    Skipped(
                        here,
                        f"the folder {printable(real)} appears more than once through symlinks (a "
                        "loop, or two links to one folder); Airflow stops the whole scan with "
                        "'Detected recursive loop when walking DAG directory'",
                        "remove the symlink, or list it in .airflowignore",
                    )
                )
            continue
        seen.add(real)
        rules = list(rules_by_dir.get(here, []))
        ignore_file = here / IGNORE_FILE
        if ignore_file.is_file():
            lines = (re.sub(r"\s*#.*", "", line) for line in ignore_file.read_text().split("\n"))
            rules += [r for r in (_compile(line, root, ignore_file, syntax) for line in lines if line) if r]
        dirs[:] = sorted(
            d for d in dirs if not d.startswith((".", "__")) and not _ignored(here / d, rules, syntax)
        )
        for d in dirs:
            rules_by_dir[here / d] = rules
        for name in sorted(files):
            path = here / name
            is_python = name.endswith(".py")
            if (is_python and name == "__init__.py") or _ignored(path, rules, syntax):
                continue
            if not is_python and not yaml_dags.has_yaml_suffix(path, active):
                continue
            problem = unreadable(path)
            if problem is not None:
                if skipped is not None:
                    skipped.append(problem)
            elif is_python:
                try:  # read once, for both questions
                    content = path.read_bytes()
                except OSError:
                    yield path  # let parsing report what is wrong with it
                    continue
                if mentions_dag(content, airflow_version) and not (
                    active and yaml_dags.calls_loader(content)
                ):
                    yield path
            elif yaml_dags.is_yaml_dag_file(path, active):
                yield path
