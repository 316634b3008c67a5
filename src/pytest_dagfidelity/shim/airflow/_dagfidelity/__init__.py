"""Internals of the structural shim. Standard library only; see ``runtime``."""

from __future__ import annotations

from .finder import install
from .operators import unvalidated_tasks
from .runtime import STATE, TARGET, configure, load_file

# What load_file imports for every DAG, imported here, outside the parse process's sandbox,
# where its bytecode can be cached: imported first in a sandboxed parser, it would be
# compiled from source on every one-file compile (~1.5 ms).
from . import task_executors  # noqa: E402, F401  isort: skip

__all__ = ["STATE", "TARGET", "configure", "install", "load_file", "unvalidated_tasks"]
