"""Load a DAG file with the real Airflow DagBag of whatever version this venv holds."""

from __future__ import annotations

import os
import tempfile
from importlib import metadata
from typing import Any

from .airflow_adapter import DagView
from .errors import from_import_error
from .loading import FileLoader, Reported


def _prepare_environment() -> None:
    # Airflow reads its config at import; it must never touch the user's real home.
    if not os.path.isabs(os.environ.get("AIRFLOW_HOME", "")):
        os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="dagfidelity-airflow-home-")
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "ERROR")
    os.environ.setdefault("AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACKS", "True")
    # Deep enough to reach the DAG file's frame, so errors name its line.
    os.environ["AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACK_DEPTH"] = "100"
    # The harness applies one time limit to both backends (guard.time_limit): Airflow's own is off.
    os.environ["AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT"] = "0"


def _reset_contexts() -> None:
    """Forget DAG and task-group contexts a previous file left open.

    Airflow parses each file in a fresh process; this worker parses many, so a file that
    failed inside a ``with TaskGroup`` (or whose ``__exit__`` raised) must not leave that
    group current for the next file.
    """
    try:  # 3.x: the task SDK's context stacks
        from airflow.sdk.definitions._internal.contextmanager import DagContext, TaskGroupContext

        DagContext._context.clear()
        TaskGroupContext._context.clear()
    except ImportError:  # 2.x
        from airflow.models.dag import DagContext
        from airflow.utils.task_group import TaskGroupContext

        DagContext._context_managed_dags.clear()
        TaskGroupContext._context_managed_task_group = None
        TaskGroupContext._previous_context_managed_task_groups.clear()


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
        super().__init__()

    def load(self, path: str) -> list[Any]:
        _reset_contexts()
        bag = self._dagbag_cls(dag_folder=path, **self._dagbag_kwargs)
        found = bag.process_file(path, only_if_updated=False, safe_mode=False)
        if bag.import_errors:
            text = next(iter(bag.import_errors.values()))
            raise Reported(from_import_error(text, path))
        return sorted(found, key=lambda d: d.dag_id)

    def adapt(self, dags: list[Any]) -> list[Any]:
        return [DagView(d) for d in dags]
