"""Internals of the structural shim. Standard library only; see ``runtime``."""

from __future__ import annotations

from .finder import install
from .operators import unvalidated_tasks
from .runtime import STATE, TARGET, configure, load_file

__all__ = ["STATE", "TARGET", "configure", "install", "load_file", "unvalidated_tasks"]
