"""Backends: where a DAG file is compiled. ``base.Backend`` is the protocol; ``registry`` finds them."""

from __future__ import annotations

from collections.abc import Mapping

from ..records import ParseError, Result
from .base import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, PARSE_TIME, Backend, BackendOptions
from .registry import ENV_VAR, Registry


def start_backend(
    name: str,
    *,
    target: str | None = None,
    airflow_python: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: float | None = DEFAULT_MEMORY_LIMIT,
    in_process: bool = False,
    commands: Mapping[str, str] | None = None,
) -> Backend:
    """Start the backend registered as ``name`` (``commands``: external ones, NAME -> command)."""
    options = BackendOptions(target, airflow_python, timeout, memory_limit, in_process)
    return Registry(commands).start(name, options)


__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TIMEOUT",
    "ENV_VAR",
    "PARSE_TIME",
    "Backend",
    "BackendOptions",
    "ParseError",
    "Registry",
    "Result",
    "start_backend",
]
