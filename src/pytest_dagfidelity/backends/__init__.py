"""Backends: where a DAG file is compiled. Each runs in its own reusable worker process."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from ..exceptions import UsageError
from ..records import ParseError, Result
from .base import Backend
from .process import InProcessShim, WorkerProcess

BACKENDS = ("shim", "airflow")
ENV_VAR = "LEOFLOW_PARSER_BACKEND"
DEFAULT_TIMEOUT = 30.0  # Airflow's own dagbag_import_timeout
DEFAULT_MEMORY_LIMIT = 2048.0  # MB a file may allocate while parsed; a 50,000-task DAG needs ~300


def other_hash_seed(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Worker variables for a second parse in a fresh process with another hash seed than the
    first worker's: set one past the user's seed, else a fixed one (the first is then random)."""
    given = environ.get("PYTHONHASHSEED", "")
    seed = (int(given) + 1) % 4294967296 if given.isdigit() else 1
    return {"PYTHONHASHSEED": str(seed)}


def backend_name(explicit: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    name = explicit or environ.get(ENV_VAR) or "shim"
    if name not in BACKENDS:
        raise UsageError(
            f"unknown parser backend {name!r} (from {'--backend' if explicit else ENV_VAR}); "
            f"valid values: {', '.join(BACKENDS)}"
        )
    return name


def start_backend(
    name: str,
    *,
    target: str | None = None,
    airflow_python: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: float | None = DEFAULT_MEMORY_LIMIT,
    in_process: bool = False,
    env: Mapping[str, str] | None = None,
) -> Backend:
    """Start a worker for ``name``: the shim emulating ``target``, or real Airflow in ``airflow_python``.

    ``in_process``: load the shim in this process and fork each parse from it, instead of
    starting a worker (for a process that compiles a file or two and never imports Airflow).
    ``env``: variables the worker gets beyond this process's (a hash seed, say).
    """
    name = backend_name(name)
    if name == "shim" and in_process and hasattr(os, "fork"):
        from ..versions import resolve_target

        shim = InProcessShim(resolve_target(target), timeout=timeout, memory_limit=memory_limit)
        return Backend(name, shim)
    if name == "shim":
        from ..versions import resolve_target

        argv = [
            sys.executable,
            "-m",
            "pytest_dagfidelity.worker",
            "--backend",
            "shim",
            "--target",
            resolve_target(target),
        ]
    else:
        from .airflow import airflow_argv

        argv = airflow_argv(airflow_python)
    return Backend(name, WorkerProcess(argv, timeout=timeout, memory_limit=memory_limit, env=dict(env or {})))


__all__ = [
    "BACKENDS",
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TIMEOUT",
    "ENV_VAR",
    "Backend",
    "ParseError",
    "Result",
    "backend_name",
    "start_backend",
]
