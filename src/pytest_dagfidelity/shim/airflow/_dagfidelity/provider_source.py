"""What an installed provider package defines, read from its source files, never imported.

Where the environment has a real ``airflow/providers/<pkg>`` folder (a project that installs
its providers, or an Airflow venv), the shim answers imports as Python would for it: a module
the provider does not have fails with ``ModuleNotFoundError``, a name it does not define with
``ImportError``, and a submodule is a submodule. Where the provider is not installed the shim
cannot know, and serves the module generically.
"""

from __future__ import annotations

import ast
import os
import sys
from functools import lru_cache

_SHIM_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _roots() -> list[str]:
    """Folders on ``sys.path`` holding a real ``airflow/providers`` package (the shim's own aside)."""
    found = []
    for entry in sys.path:
        if not entry or os.path.abspath(entry) == _SHIM_ROOT:
            continue
        candidate = os.path.join(entry, "airflow", "providers")
        if os.path.isdir(candidate):
            found.append(entry)
    return found


def _paths(module: str) -> list[str]:
    parts = module.split(".")
    return [os.path.join(root, *parts) for root in _roots()]


def package_installed(module: str) -> bool:
    """Whether the provider package owning ``module`` (``airflow.providers.<name>``, or the
    deeper namespace ``airflow.providers.apache.<name>``) is installed here."""
    parts = module.split(".")
    for depth in (3, 4):
        if len(parts) < depth:
            break
        for base in _paths(".".join(parts[:depth])):
            if os.path.isfile(os.path.join(base, "get_provider_info.py")):
                return True
    return False


def module_file(module: str) -> str | None:
    """The source file of ``module`` in an installed provider, or None where it has none."""
    for base in _paths(module):
        if os.path.isfile(os.path.join(base, "__init__.py")):
            return os.path.join(base, "__init__.py")
        if os.path.isfile(base + ".py"):
            return base + ".py"
        if os.path.isdir(base):
            return base  # a namespace package (airflow.providers.apache)
    return None


def is_submodule(module: str, name: str) -> bool:
    return module_file(f"{module}.{name}") is not None


def top_level_names(path: str) -> frozenset[str] | None:
    """Names a module's source binds at its top level; None when any name may exist (a
    module ``__getattr__``, a star import, an unreadable file)."""
    if os.path.isdir(path):
        return frozenset()
    try:
        return _top_level_names(path, os.stat(path).st_mtime_ns)
    except OSError:
        return None


@lru_cache(maxsize=256)
def _top_level_names(path: str, _mtime: int) -> frozenset[str] | None:
    try:
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
    except (OSError, SyntaxError, ValueError):
        return None
    names: set[str] = set()

    def visit(body: list[ast.stmt]) -> bool:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name == "__getattr__":
                    return False
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if alias.name == "*":
                        return False
                    names.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
            elif isinstance(node, (ast.If, ast.Try)):
                # Conditional definitions (version gates, optional imports): any branch counts.
                blocks = [node.body, node.orelse]
                if isinstance(node, ast.Try):
                    blocks += [h.body for h in node.handlers] + [node.finalbody]
                if not all(visit(b) for b in blocks):
                    return False
        return True

    return frozenset(names) if visit(tree.body) else None
