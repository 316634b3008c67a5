"""Which Airflow a pytest run is about: the real one it can reach, and the X.Y it targets.

Decided once, here, for ``--dag-fidelity`` items and the ``dag_json`` fixture alike.
"""

from __future__ import annotations

import sys

import pytest

from .backends.airflow import airflow_version_of
from .exceptions import DagFidelityError
from .settings import Settings
from .versions import installed_airflow, resolve_target


def live_airflow(settings: Settings) -> str | None:
    """The interpreter of the real Airflow this run can reach, or None."""
    if settings.airflow_python:
        return settings.airflow_python  # checked with its version, in target_version
    return sys.executable if installed_airflow() else None


def target_version(settings: Settings, airflow_python: str | None) -> str:
    """The Airflow X.Y of the run: real Airflow's, else the one named, else the newest."""
    if airflow_python is None:
        try:
            return resolve_target(settings.airflow_version)
        except DagFidelityError as exc:
            raise pytest.UsageError(str(exc)) from None
    try:
        installed = airflow_version_of(airflow_python)
    except DagFidelityError as exc:
        raise pytest.UsageError(f"--dag-fidelity-airflow-python: {exc}") from None
    live = resolve_target(installed)
    if settings.airflow_version and resolve_target(settings.airflow_version) != live:
        raise pytest.UsageError(
            f"--dag-fidelity-airflow-version {settings.airflow_version} disagrees with "
            f"the real Airflow {installed} at {airflow_python}; drop one of them"
        )
    return live
