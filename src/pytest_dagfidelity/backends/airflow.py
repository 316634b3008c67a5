"""The real-Airflow backend: a worker in an interpreter that has Apache Airflow installed."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

from ..exceptions import BackendUnavailable
from ..versions import installed_airflow
from .base import Backend, BackendOptions
from .process import WorkerBackend, WorkerProcess, worker_argv

if TYPE_CHECKING:
    from .shared import WorkerServer

LOADER = "pytest_dagfidelity.worker.airflow_loader:AirflowLoader"


def find_airflow_python(explicit: str | None = None) -> str:
    """``explicit``, else this interpreter when it has Airflow, else an error saying what to do."""
    if explicit:
        check_python(explicit)
        return explicit
    if installed_airflow():
        return sys.executable
    raise BackendUnavailable(
        "real Airflow is not installed in this environment; install apache-airflow here, or point "
        "--airflow-python (ini: dag_fidelity_airflow_python) at the python of an Airflow venv"
    )


def check_python(python: str) -> None:
    """One line naming what is wrong with an interpreter the user named for real Airflow."""
    if os.path.isdir(python):
        hint = os.path.join(python, "bin", "python")
        raise BackendUnavailable(
            f"{python} is a folder, not a Python interpreter; name the python inside the venv"
            + (f", e.g. {hint}" if os.path.exists(hint) else "")
        )
    if not os.path.exists(python):
        raise BackendUnavailable(f"{python}: no such interpreter")
    if not os.access(python, os.X_OK):
        raise BackendUnavailable(f"{python} is not executable; name the python of an Airflow venv")


def airflow_version_of(python: str) -> str:
    """The Airflow version installed for ``python``, from package metadata (Airflow not imported)."""
    check_python(python)
    if os.path.abspath(python) == os.path.abspath(sys.executable):
        # This interpreter: its own metadata answers, without an interpreter (~0.1 s) per ask. Not
        # compared through symlinks: every venv's python resolves to the one base interpreter.
        installed, why = installed_airflow(), "no apache-airflow distribution on its sys.path"
    else:
        installed, why = _ask_for_version(python)
    if installed is None:
        raise BackendUnavailable(
            f"{python} has no apache-airflow installed ({why}); install it there, or name the "
            "python of an Airflow venv"
        )
    return installed


def _ask_for_version(python: str) -> tuple[str | None, str]:
    """Another interpreter's Airflow version, asked of it: the version, or None and why not."""
    try:
        probe = subprocess.run(
            [python, "-c", "import importlib.metadata as m; print(m.version('apache-airflow'))"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackendUnavailable(f"{python} cannot be run as a Python interpreter: {exc}") from None
    if probe.returncode != 0:
        return None, (probe.stderr.strip().splitlines() or ["it did not say why"])[-1]
    return probe.stdout.strip(), ""


def start(name: str, options: BackendOptions) -> Backend:
    """Real Airflow's DagBag in ``options.airflow_python`` (default: this interpreter's Airflow).

    Its version is what is installed there; ``options.target`` does not change it.
    """
    if options.server:  # the run's one warm Airflow (an xdist worker of a run whose controller serves it)
        from .shared import SharedWorker

        shared = SharedWorker(options.server, timeout=options.timeout, memory_limit=options.memory_limit)
        return WorkerBackend(name, shared)
    python = find_airflow_python(options.airflow_python)
    airflow_version_of(python)  # fail here, with the reason, rather than in the worker
    worker = WorkerProcess(
        worker_argv(python, LOADER),
        timeout=options.timeout,
        memory_limit=options.memory_limit,
        env=dict(options.env or {}),
    )
    return WorkerBackend(name, worker)


def serve(options: BackendOptions) -> WorkerServer:
    """Real Airflow imported once, serving every process of the run that connects."""
    from .shared import WorkerServer

    python = find_airflow_python(options.airflow_python)
    airflow_version_of(python)
    return WorkerServer(worker_argv(python, LOADER), env=options.env)
