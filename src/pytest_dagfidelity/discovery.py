"""Which files of a DAG folder Airflow would parse at all.

The same two filters as Airflow's ``list_py_file_paths``:

- ``.airflowignore`` files, in the syntax of ``[core] dag_ignore_file_syntax``
  (``regexp``, Airflow 2's default, or ``glob``, Airflow 3's; the environment variable
  ``AIRFLOW__CORE__DAG_IGNORE_FILE_SYNTAX`` overrides it, as it does for Airflow);
- safe mode (``dag_discovery_safe_mode``, on by default): a file that does not mention
  Airflow and a DAG (Airflow 3: or an asset) is skipped without being imported.

dag-factory YAML configs are found beside them, as ``yaml_dags.py`` decides.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pathspec.patterns.gitwildmatch import GitWildMatchPattern

from . import yaml_dags

IGNORE_FILE = ".airflowignore"


def might_contain_dag(path: str | Path, airflow_version: str) -> bool:
    try:
        content = Path(path).read_bytes().lower()
    except OSError:
        return True  # let parsing report what is wrong with it
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
    root: str | Path, airflow_version: str, yaml_suffixes: Sequence[str] | None = None
) -> Iterator[Path]:
    """Every ``.py`` file below ``root`` that Airflow would parse, and every dag-factory YAML
    config (``yaml_dags.py``; suffixes as configured), sorted within each folder."""
    root = Path(root).absolute()
    active = yaml_dags.suffixes(yaml_suffixes)
    syntax = ignore_syntax(airflow_version)
    rules_by_dir: dict[Path, list[_Rule]] = {}
    for folder, dirs, files in os.walk(root, followlinks=True):
        here = Path(folder)
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
            if _ignored(path, rules, syntax):
                continue
            if name.endswith(".py"):
                if (
                    name != "__init__.py"
                    and might_contain_dag(path, airflow_version)
                    and not (active and yaml_dags.is_loader_file(path))
                ):
                    yield path
            elif yaml_dags.is_yaml_dag_file(path, active):
                yield path
