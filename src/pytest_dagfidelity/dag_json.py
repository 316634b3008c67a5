"""The ``dag_json`` fixture: a DAG's dag.json, compiled by the backend the run selects.

For users' own tests (syrupy snapshots with ``snapshot.DagJsonExtension``, or plain
asserts). The backend and the Airflow version are the run's, chosen as for
``--dag-fidelity`` (``LEOFLOW_PARSER_BACKEND``, ``--dag-fidelity-backend``, the ini), so
the same test checks the shim on a laptop and real Airflow in CI. Imports neither
``airflow`` nor syrupy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .backends import Backend, BackendOptions, Registry
from .causes import NO_DAG_FIX, explain
from .exceptions import DagFidelityError
from .importpath import dag_folder_of, file_name
from .settings import Settings

_VERSION: list[str] = []  # the run's Airflow X.Y, once known (read by snapshot.DagJsonExtension)


class DagJson(dict[str, Any]):
    """One DAG's dag.json document, with where it came from."""

    def __init__(
        self, doc: dict[str, Any], *, file: str, dag_id: str, airflow_version: str, backend: str
    ) -> None:
        super().__init__(doc)
        self.file = file
        self.dag_id = dag_id
        self.airflow_version = airflow_version
        self.backend = backend


class DagJsonCompiler:
    """One per run: starts the selected backend on first use, and closes it at the end."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._backend: Backend | None = None
        self._version: str | None = None

    @property
    def version(self) -> str:
        if self._version is None:
            from .target import live_airflow, target_version

            self._version = target_version(self.settings, live_airflow(self.settings))
            _VERSION[:] = [self._version]
        return self._version

    def backend(self) -> Backend:
        if self._backend is None:
            from .target import live_airflow

            options = BackendOptions(
                target=self.version,
                airflow_python=live_airflow(self.settings),
                timeout=self.settings.timeout,
                memory_limit=self.settings.memory_limit,
            )
            try:
                self._backend = Registry(self.settings.commands).start(self.settings.backend, options)
            except DagFidelityError as exc:
                pytest.fail(f"dag_json: backend {self.settings.backend!r} cannot start: {exc}", pytrace=False)
        return self._backend

    def compile(self, path: str | Path, dag_id: str | None = None) -> DagJson:
        given = Path(path)
        file = given if given.is_absolute() else self.settings.rootdir / given
        if not file.is_file():
            pytest.fail(
                f"dag_json: {path}: no such DAG file (relative paths start at {self.settings.rootdir})",
                pytrace=False,
            )
        folders = [p if p.is_dir() else p.parent for p in self.settings.paths]
        folder = dag_folder_of(file, folders)
        name = file_name(file, self.settings.rootdir, folder)
        result = self.backend().compile(
            str(file), file=name, import_path=self.settings.import_path.for_folder(folder)
        )
        if result.error is not None:  # never a snapshot of a failure: the test fails, saying why
            pytest.fail(f"dag_json: {explain(name, result.error)}", pytrace=False)
        assert result.doc is not None
        dags: dict[str, Any] = result.doc["dags"]
        if dag_id is None:
            if len(dags) != 1:
                found = ", ".join(sorted(dags)) or "none"
                fix = NO_DAG_FIX if not dags else "name one: dag_json(path, dag_id=...)"
                pytest.fail(f"dag_json: {name} defines {len(dags)} DAGs ({found}); {fix}", pytrace=False)
            dag_id = next(iter(dags))
        if dag_id not in dags:
            found = ", ".join(sorted(dags)) or "none"
            pytest.fail(f"dag_json: {name} defines no DAG {dag_id!r}; it defines: {found}", pytrace=False)
        return DagJson(
            dags[dag_id],
            file=name,
            dag_id=dag_id,
            airflow_version=self.version,
            backend=self.settings.backend,
        )

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None


def current_version() -> str | None:
    return _VERSION[0] if _VERSION else None
