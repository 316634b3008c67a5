"""The shim backend: the structural stand-in ``airflow`` package, emulating one Airflow minor."""

from __future__ import annotations

import os
import sys

from .base import BackendOptions
from .process import InProcessWorker, WorkerBackend, WorkerProcess, worker_argv

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from .protocol import Backend

LOADER = "pytest_dagfidelity.worker.shim_loader:ShimLoader"


def start(name: str, options: BackendOptions) -> Backend:
    """The shim emulating ``options.target`` (default: installed Airflow's minor, else the newest).

    ``in_process``: load the shim here and fork each parse from this process, instead of
    starting a worker (for a process that compiles a file or two and imports no Airflow).
    """
    from ..versions import resolve_target

    target = resolve_target(options.target)
    timeout, memory = options.timeout, options.memory_limit
    if options.in_process and hasattr(os, "fork"):
        from ..worker.shim_loader import ShimLoader

        here = InProcessWorker(ShimLoader(target), timeout=timeout, memory_limit=memory, text=options.text)
        return WorkerBackend(name, here)
    argv = worker_argv(sys.executable, LOADER, target)
    worker = WorkerProcess(argv, timeout=timeout, memory_limit=memory, env=dict(options.env or {}))
    return WorkerBackend(name, worker)
