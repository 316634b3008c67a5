"""Backends: where a DAG file is compiled. ``base.Backend`` is the protocol; ``registry`` finds them."""

from __future__ import annotations

import os
from collections.abc import Mapping

from ..records import ParseError, Result
from .base import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, PARSE_TIME, BackendOptions
from .registry import ENV_VAR, Registry

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from .protocol import Backend


def __getattr__(name: str) -> object:
    if name == "Backend":  # a typing.Protocol: loaded where it is first named (base.py)
        from .protocol import Backend

        return Backend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def other_hash_seed(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Worker variables for a second parse in a fresh process with another hash seed than the
    first worker's: set one past the user's seed, else a fixed one (the first is then random)."""
    given = environ.get("PYTHONHASHSEED", "")
    seed = (int(given) + 1) % 4294967296 if given.isdigit() else 1
    return {"PYTHONHASHSEED": str(seed)}


def start_backend(
    name: str,
    *,
    target: str | None = None,
    airflow_python: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: float | None = DEFAULT_MEMORY_LIMIT,
    in_process: bool = False,
    commands: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Backend:
    """Start the backend registered as ``name`` (``commands``: external ones, NAME -> command;
    ``env``: variables a worker gets beyond this process's, a hash seed, say)."""
    options = BackendOptions(target, airflow_python, timeout, memory_limit, in_process, env=env)
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
    "other_hash_seed",
    "start_backend",
]
