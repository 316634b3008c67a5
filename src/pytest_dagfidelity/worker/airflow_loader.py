"""Load a DAG file with the real Airflow DagBag of whatever version this venv holds."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from importlib import metadata
from importlib.machinery import SourceFileLoader
from typing import Any

from . import clock
from .airflow_adapter import DagView
from .errors import from_exception, from_import_error
from .loading import FileLoader, Reported, private_airflow_home


def _prepare_environment() -> None:
    # Airflow reads its config at import; it must never touch the user's real home.
    private_airflow_home("dagfidelity-airflow-home-")
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "ERROR")
    os.environ.setdefault("AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACKS", "True")
    # Deep enough to reach the DAG file's frame, so errors name its line.
    os.environ["AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACK_DEPTH"] = "100"
    # The harness applies one time limit to both backends (guard.time_limit): Airflow's own is off.
    os.environ["AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT"] = "0"


@contextlib.contextmanager
def _raised_by(path: str) -> Iterator[list[BaseException]]:
    """Keep what running ``path`` raised. DagBag catches it and stores only traceback text;
    every version runs the file through ``SourceFileLoader.exec_module``."""
    raised: list[BaseException] = []
    original = SourceFileLoader.exec_module

    def exec_module(self: SourceFileLoader, module: Any) -> None:
        try:
            original(self, module)
        except BaseException as exc:
            if os.path.abspath(self.path) == path:
                raised.append(exc)
            raise

    SourceFileLoader.exec_module = exec_module  # type: ignore[method-assign,assignment]
    try:
        yield raised
    finally:
        SourceFileLoader.exec_module = original  # type: ignore[method-assign]


class AirflowLoader(FileLoader):
    def __init__(self, target: str | None = None) -> None:
        _prepare_environment()
        import warnings

        warnings.simplefilter("ignore")
        import airflow  # noqa: F401  (the one import that costs seconds, paid once)

        try:
            from airflow.dag_processing.dagbag import DagBag  # 3.2+
        except ImportError:
            from airflow.models.dagbag import DagBag
        self._dagbag_cls = DagBag
        version = metadata.version("apache-airflow")
        self.airflow_version = ".".join(version.split(".")[:2])
        self.full_version = version
        self._dagbag_kwargs: dict[str, Any] = {"collect_dags": False}
        if (int(version.split(".")[0]), int(version.split(".")[1])) < (3, 3):
            self._dagbag_kwargs["include_examples"] = False
        # The reference clock: time_machine's freeze in C, which the shim's own clock follows.
        self.freeze = clock.time_machine_travel()
        super().__init__()

    def load(self, path: str) -> list[Any]:
        bag = self._dagbag_cls(dag_folder=path, **self._dagbag_kwargs)
        with _raised_by(path) as raised:
            found = bag.process_file(path, only_if_updated=False, safe_mode=False)
        if bag.import_errors:
            if raised:  # the exception itself: its type and origin, not the text DagBag kept
                raise Reported(from_exception(raised[-1], path), raised[-1])
            text = next(iter(bag.import_errors.values()))
            raise Reported(from_import_error(text, path))
        return sorted(found, key=lambda d: d.dag_id)

    def adapt(self, dags: list[Any]) -> list[Any]:
        return [DagView(d) for d in dags]
