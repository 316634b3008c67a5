"""The real-Airflow backend: a worker in an interpreter that has Apache Airflow installed."""

from __future__ import annotations

import os
import subprocess
import sys

from ..exceptions import BackendUnavailable
from ..versions import installed_airflow


def find_airflow_python(explicit: str | None = None) -> str:
    """``explicit``, else this interpreter when it has Airflow, else an error saying what to do."""
    if explicit:
        if not os.path.exists(explicit):
            raise BackendUnavailable(f"--airflow-python {explicit}: no such interpreter")
        return explicit
    if installed_airflow():
        return sys.executable
    raise BackendUnavailable(
        "real Airflow is not installed in this environment; install apache-airflow here, or point "
        "--airflow-python (ini: dag_fidelity_airflow_python) at the python of an Airflow venv"
    )


def airflow_version_of(python: str) -> str:
    """The Airflow version installed for ``python``, from package metadata (Airflow not imported)."""
    probe = subprocess.run(
        [python, "-c", "import importlib.metadata as m; print(m.version('apache-airflow'))"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise BackendUnavailable(f"{python} has no apache-airflow installed: {probe.stderr.strip()[-300:]}")
    return probe.stdout.strip()


def airflow_argv(explicit: str | None = None) -> list[str]:
    python = find_airflow_python(explicit)
    airflow_version_of(python)  # fail here, with the reason, rather than in the worker
    return [python, "-m", "pytest_dagfidelity.worker", "--backend", "airflow"]
