"""Which files are dag-factory YAML DAG configs, and which Python files are dag-factory loaders.

dag-factory's folder loader (``load_yaml_dags(dags_folder=...)``) walks the DAG folder and
takes every file whose name ends with one of its suffixes (``.yaml`` and ``.yml`` unless the
call says otherwise). This module decides the same, once, for discovery, the plugin and the
worker, except for ``defaults.yml``/``defaults.yaml``: dag-factory merges those into every
config beside and below them, so they are not configs of their own. Like Airflow's safe mode
for ``.py`` files, a YAML file that never names ``tasks`` cannot define a DAG (a datasets
file, a Kubernetes pod template) and is not collected.

A Python file that calls dag-factory's loader would build the same DAGs again from the
same YAML files: while YAML files are collected it is not, and its YAML files stand for it.

The suffixes are configurable (``dag_fidelity_yaml_suffixes`` / ``--dag-fidelity-yaml-suffix``
in the plugin, ``DAGFIDELITY_YAML_SUFFIXES`` for every route); none turns YAML off.
Standard library only: the worker imports it too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:  # os.path here: the one-file compile imports this module, pathlib costs it ~3 ms
    from pathlib import Path

DEFAULT_SUFFIXES = (".yaml", ".yml")  # dag-factory's load_yaml_dags default
DEFAULTS_FILE_NAMES = ("defaults.yml", "defaults.yaml")  # dag-factory's constants.DEFAULTS_FILE_NAMES
SUFFIXES_ENV = "DAGFIDELITY_YAML_SUFFIXES"

# Patterns, compiled (and cached by re) where first used: a one-file compile of a .py file
# imports this module and uses none of them.
_TASKS_KEY = rb"(?m)^[ \t]*-?[ \t]*[\"']?tasks[\"']?[ \t]*:"
_LOADER_CALL = rb"\bload_yaml_dags\b|\bDagFactory\b"
_IMPORTS_DAGFACTORY = rb"(?m)^[ \t]*(?:from|import)[ \t]+dagfactory\b"


def suffixes(configured: Sequence[str] | None = None) -> tuple[str, ...]:
    """The suffixes in force: those configured, else ``DAGFIDELITY_YAML_SUFFIXES`` (comma
    separated; empty turns YAML off), else dag-factory's default."""
    if configured is not None:
        return tuple(s if s.startswith(".") else f".{s}" for s in configured if s)
    env = os.environ.get(SUFFIXES_ENV)
    if env is None:
        return DEFAULT_SUFFIXES
    return suffixes([s.strip() for s in env.split(",")])


def is_python(path: str | Path) -> bool:
    """Everything the harness parses is a Python DAG file or a dag-factory YAML config."""
    return str(path).endswith(".py")


def has_yaml_suffix(path: str | Path, active: Sequence[str]) -> bool:
    name = os.path.basename(path)
    return any(name.endswith(s) for s in active) and name not in DEFAULTS_FILE_NAMES


def might_define_dags(path: str | Path) -> bool:
    """dag-factory builds a DAG only from a mapping with ``tasks``: a YAML file without the word
    is not a DAG config (as Airflow's safe mode skips a .py file without "dag")."""
    try:
        return re.search(_TASKS_KEY, _read(path)) is not None
    except OSError:
        return True  # let parsing report what is wrong with it


def is_yaml_dag_file(path: str | Path, active: Sequence[str]) -> bool:
    return has_yaml_suffix(path, active) and might_define_dags(path)


def is_loader_file(path: str | Path) -> bool:
    """A Python file that imports dagfactory and calls its loader: its DAGs are the YAML files'."""
    try:
        content = _read(path)
    except OSError:
        return False
    return calls_loader(content)


def _read(path: str | Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def calls_loader(content: bytes) -> bool:
    """``is_loader_file`` on a file's bytes."""
    imports = re.search(_IMPORTS_DAGFACTORY, content) is not None
    return imports and re.search(_LOADER_CALL, content) is not None
