"""Load a DAG file against the structural shim (the stand-in ``airflow`` package)."""

from __future__ import annotations

import os
import sys

from .loading import FileLoader, private_airflow_home

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

SHIM_ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "shim")
FALLBACK_ROOT = os.path.join(SHIM_ROOT, "_fallback")


class ShimLoader(FileLoader):
    def __init__(self, target: str | None = None) -> None:
        if target:
            os.environ["DAGFIDELITY_TARGET"] = target
        # The airflow worker runs with these set (worker/airflow_loader.py); a DAG file that
        # reads them through airflow.configuration.conf must see the same values here.
        private_airflow_home("dagfidelity-shim-home-")  # as the airflow worker: never ~/airflow
        os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
        os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "ERROR")
        os.environ.setdefault("AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACKS", "True")
        sys.path.insert(0, SHIM_ROOT)
        sys.path.append(FALLBACK_ROOT)  # pendulum stand-in, only reached when pendulum is missing
        from airflow import _dagfidelity as runtime  # the shim's, never real Airflow

        # What nearly every DAG file reaches (DAG, operators, @task; every parse resets the
        # setup/teardown context; provider_source answers for the decorators and operators a
        # provider brings), imported here rather than in the sandboxed parse: there its bytecode
        # could never be written, and uv installs none.
        from airflow._dagfidelity import impls, provider_source, setup_teardown  # noqa: F401

        self._runtime = runtime
        self._loaded: list[Any] = []
        runtime.configure(target)
        self.airflow_version = runtime.TARGET.minor
        self._runtime.install()

    def load(self, path: str) -> list[Any]:
        self._loaded = list(self._runtime.load_file(path))
        return self._loaded

    def _run(self, path: str, display: str, request: dict[str, Any]) -> dict[str, Any]:
        self._loaded = []
        response = super()._run(path, display, request)
        if response.get("ok") and "doc" in response:
            # Beside dag.json, not in it: what real Airflow would have checked and the shim could not.
            unvalidated = self._runtime.unvalidated_tasks(self._loaded)
            if unvalidated:
                response["unvalidated"] = unvalidated
        return response
