"""Providers registered through the ``apache_airflow_provider`` entry point by distributions that
live outside ``airflow/providers/`` (``airflow-ai-sdk`` registers ``@task.llm`` this way).

Airflow's providers manager finds every provider through that entry point: it calls the function
the entry point names and reads ``task-decorators`` (and the rest) from the dict it returns. The
shim reads the same thing without importing anything: each ``*.dist-info/entry_points.txt`` on
``sys.path``, then the named function's ``return {...}`` in the module's source, keeping the
entries that are literals (``"versions": [__version__]`` is not, and is not needed). Packages under
``airflow/providers/`` are read from their folders (``provider_source``) and skipped here.
"""

from __future__ import annotations

import ast
import os
import sys
from functools import lru_cache
from typing import Any

GROUP = "apache_airflow_provider"
_SHIM_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def search_roots() -> list[str]:
    """``sys.path`` folders other than the shim's own."""
    roots = []
    for entry in sys.path:
        folder = os.path.abspath(entry or os.curdir)
        if folder != _SHIM_ROOT and os.path.isdir(folder) and folder not in roots:
            roots.append(folder)
    return roots


def module_source(module: str) -> str | None:
    """The source file of a module outside ``airflow`` on ``sys.path``, found as Python's path
    finder would (first root wins), never imported."""
    parts = module.split(".")
    for root in search_roots():
        base = os.path.join(root, *parts)
        for candidate in (os.path.join(base, "__init__.py"), base + ".py"):
            if os.path.isfile(candidate):
                return candidate
    return None


def entry_points() -> list[str]:
    """``module:function`` of every ``apache_airflow_provider`` entry point on ``sys.path`` whose
    module is outside ``airflow.providers``, in path order (a distribution seen twice counts once)."""
    found: list[str] = []
    seen: set[str] = set()
    for root in search_roots():
        try:
            mtime = os.stat(root).st_mtime_ns
        except OSError:
            continue
        for distribution, targets in _entry_points_in(root, mtime):
            if distribution not in seen:
                seen.add(distribution)
                found += targets
    return found


@lru_cache(maxsize=64)
def _entry_points_in(root: str, _mtime: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each distribution in ``root`` that has an ``entry_points.txt``, with its provider entry
    points: read once while the folder is unchanged (installing or removing one changes it)."""
    import configparser

    try:
        names = sorted(os.listdir(root))
    except OSError:
        return ()
    found = []
    for name in names:
        if not name.endswith(".dist-info"):
            continue
        path = os.path.join(root, name, "entry_points.txt")
        if not os.path.isfile(path):
            continue
        distribution = name.split("-")[0].lower().replace("_", "-")
        parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
        parser.optionxform = str  # type: ignore[assignment, method-assign]
        targets: list[str] = []
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            found.append((distribution, ()))
            continue
        if parser.has_section(GROUP):
            for _, value in sorted(parser.items(GROUP)):
                target = value.split("[")[0].strip()
                if ":" in target and not target.startswith("airflow.providers."):
                    targets.append(target)
        found.append((distribution, tuple(targets)))
    return tuple(found)


def provider_packages() -> frozenset[str]:
    """Top-level packages of the modules the entry points name (``acme_ai`` for ``acme_ai:info``)."""
    key = tuple(sys.path)
    if key not in _PACKAGES:
        _PACKAGES[key] = frozenset(t.split(":")[0].split(".")[0] for t in entry_points())
    return _PACKAGES[key]


_PACKAGES: dict[tuple[str, ...], frozenset[str]] = {}


def provider_infos() -> list[dict[str, Any]]:
    """The literal entries of what each entry point's function returns, read from source."""
    infos = []
    for target in entry_points():
        module, _, function = target.partition(":")
        path = module_source(module)
        if path is None:
            continue
        try:
            with open(path, encoding="utf-8") as fh:
                tree = ast.parse(fh.read())
        except (OSError, SyntaxError, ValueError):
            continue
        funcdef = next(
            (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function.strip()), None
        )
        for node in ast.walk(funcdef) if funcdef is not None else ():
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Dict):
                infos.append(_literal_entries(node.value))
                break
    return infos


def _literal_entries(node: ast.Dict) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if not isinstance(key, ast.Constant) or not isinstance(key.value, str):
            continue
        try:
            entries[key.value] = ast.literal_eval(value)
        except ValueError:
            continue
    return entries
