"""Run state of ``pytest --dag-fidelity``: backends, cached results, goldens, counts."""

from __future__ import annotations

import shlex
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from .backends import Backend, BackendOptions, Registry, Result
from .backends.airflow import airflow_version_of
from .backends.registry import REFERENCE
from .declarations import FileDeclarations
from .discovery import dag_files, might_contain_dag
from .exceptions import DagFidelityError
from .golden import GoldenError, GoldenStore
from .importpath import dag_folder_of, file_name
from .records import UNVALIDATED_NOTE
from .settings import Settings
from .verdict import GoldenState, Side, Verdict
from .versions import installed_airflow, resolve_target

GOLDEN_OUTCOMES = ("created", "updated", "unchanged", "not recorded")


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


class FidelitySession:
    def __init__(self, settings: Settings, config: pytest.Config) -> None:
        self.settings = settings
        self.config = config
        self.store = GoldenStore(settings.golden_dir)
        self.airflow_python = live_airflow(settings)
        if settings.update and self.airflow_python is None:
            raise pytest.UsageError(
                "--dag-fidelity-update regenerates goldens from real Airflow only, and none is reachable: "
                "install apache-airflow in this environment or pass --dag-fidelity-airflow-python PATH"
            )
        if REFERENCE in self.subjects and self.airflow_python is None:
            raise pytest.UsageError(
                "the airflow backend needs real Airflow: install apache-airflow here or pass "
                "--dag-fidelity-airflow-python PATH"
            )
        # Updates are safe under xdist: each item writes only its own golden, atomically.
        self.version = target_version(settings, self.airflow_python)
        self.registry = Registry(settings.commands)
        self._backends: dict[str, Backend] = {}
        self._results: dict[tuple[str, Path], Result] = {}
        self._discovered: dict[Path, frozenset[Path]] = {}
        self._declared: dict[Path, FileDeclarations] = {}
        self.verdicts: Counter[str] = Counter()
        self.goldens: Counter[str] = Counter()
        self.unvalidated: list[str] = []  # tasks whose provider operator's arguments went unchecked
        if config.args_source != pytest.Config.ArgsSource.ARGS:
            # No explicit paths: the DAG folders are what this run is about.
            config.args[:] = [str(p) for p in settings.paths]

    @property
    def has_airflow(self) -> bool:
        return self.airflow_python is not None

    @property
    def subjects(self) -> tuple[str, ...]:
        """The backends under test: the one held to Airflow and the goldens, or those compared."""
        return self.settings.compare or (self.settings.backend,)

    def backend(self, name: str) -> Backend:
        if name not in self._backends:
            options = BackendOptions(
                target=self.version,
                airflow_python=self.airflow_python,
                timeout=self.settings.timeout,
                memory_limit=self.settings.memory_limit,
            )
            try:
                self._backends[name] = self.registry.start(name, options)
            except DagFidelityError as exc:  # a backend that cannot start: one line, the run stops
                raise pytest.UsageError(f"dag-fidelity: {exc}") from None
        return self._backends[name]

    def result(self, backend: str, path: Path) -> Result:
        key = (backend, path)
        if key not in self._results:
            folder = self.dag_folder(path)
            self._results[key] = self.backend(backend).compile(
                str(path),
                file=file_name(path, self.settings.rootdir, folder),
                import_path=self.settings.import_path.for_folder(folder),
            )
        return self._results[key]

    def dag_folder(self, path: Path) -> Path:
        folders = [p if p.is_dir() else p.parent for p in self.settings.paths]
        return dag_folder_of(path, folders)

    def display(self, path: Path) -> str:
        return file_name(path, self.settings.rootdir, self.dag_folder(path))

    def declared(self, path: Path) -> FileDeclarations:
        # Read once per file: collection and every DAG item of the file ask.
        if path not in self._declared:
            self._declared[path] = self.settings.declarations.for_file(
                str(path), self.display(path), self.version
            )
        return self._declared[path]

    def golden(self, file: str, dag_id: str | None, reference: Side | None) -> GoldenState:
        """The golden that records this item's outcome: the DAG's, or the file's declared
        failure (``@error``) when Airflow rejects the file (or, without live Airflow,
        whichever exists)."""
        candidates: list[str | None]
        if dag_id is None or (reference is not None and reference.error is not None):
            candidates = [None]
        elif reference is not None:
            candidates = [dag_id]
        else:
            candidates = [dag_id, None]
        for candidate in candidates:
            try:
                path = self.store.path(self.version, file, candidate)
                stored = self.store.read(self.version, file, candidate)
            except GoldenError as exc:
                return GoldenState(self.store.root, invalid=str(exc))
            if stored is not None:
                return GoldenState(path, stored=Side.of_golden(stored))
        return GoldenState(self.store.path(self.version, file, candidates[0]))

    def update_command(self, nodeid: str) -> str:
        args = ["pytest", "--dag-fidelity", "--dag-fidelity-update"]
        if self.settings.airflow_python and self.settings.airflow_python != sys.executable:
            args += ["--dag-fidelity-airflow-python", self.settings.airflow_python]
        return " ".join(shlex.quote(a) for a in [*args, nodeid])

    def close(self) -> None:
        for backend in self._backends.values():
            backend.close()
        self._backends.clear()

    # -- collection ------------------------------------------------------------------
    def is_dag_file(self, path: Path) -> bool:
        if path.suffix != ".py" or path.name == "__init__.py" or "__pycache__" in path.parts:
            return False
        for root in self.settings.paths:
            if path == root:
                return might_contain_dag(path, self.version)
            if root in path.parents:
                if root not in self._discovered:  # .airflowignore and safe mode, as Airflow's
                    self._discovered[root] = frozenset(dag_files(root, self.version))
                return path in self._discovered[root]
        return False

    @pytest.hookimpl
    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
        if not self.is_dag_file(file_path):
            return None
        from .items import DagFile

        return DagFile.from_parent(parent, path=file_path)

    @pytest.hookimpl(tryfirst=True)
    def pytest_pycollect_makemodule(
        self, module_path: Path, parent: pytest.Collector
    ) -> pytest.Collector | None:
        # A DAG file is never imported by pytest's Python collector: it would import airflow.
        if not self.is_dag_file(module_path):
            return None
        from .items import NotATestModule

        return NotATestModule.from_parent(parent, path=module_path)

    @pytest.hookimpl(tryfirst=True)  # before -k and -m deselect: clashes count across the whole run
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        from .items import DagItem

        first: dict[str, Path] = {}
        for item in sorted((i for i in items if isinstance(i, DagItem) and i.dag_id), key=lambda i: i.path):
            assert isinstance(item, DagItem) and item.dag_id is not None
            earlier = first.setdefault(item.dag_id, item.path)
            if earlier != item.path:
                item.first_defined_in = self.display(earlier)

    # -- reporting -------------------------------------------------------------------
    def pytest_report_header(self) -> list[str]:
        live = f"real Airflow via {self.airflow_python}" if self.has_airflow else "no real Airflow reachable"
        mode = ", updating goldens" if self.settings.update else ""
        under = (
            f"comparing {', '.join(self.subjects)}"
            if self.settings.compare
            else f"backend {self.settings.backend}"
        )
        return [f"dag-fidelity: Airflow {self.version}, {under}, {live}{mode}; goldens in {self.store.root}"]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name == "dag_fidelity_verdict" and report.when == "call":
                self.verdicts[str(value)] += 1
            elif name == "dag_fidelity_golden" and report.when == "call":
                self.goldens[str(value)] += 1
            elif name == "dag_fidelity_unvalidated" and report.when == "call" and isinstance(value, list):
                self.unvalidated.extend(str(v) for v in value)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.verdicts and not self.goldens:
            return
        terminalreporter.section("dag fidelity")
        counts = ", ".join(f"{self.verdicts[v.value]} {v.value}" for v in Verdict if self.verdicts[v.value])
        terminalreporter.line(f"Airflow {self.version}: {counts or 'no DAG checked'}")
        if self.unvalidated:
            terminalreporter.line(f"{UNVALIDATED_NOTE}: {', '.join(self.unvalidated)}")
        if self.settings.update:
            golden = ", ".join(f"{self.goldens[o]} {o}" for o in GOLDEN_OUTCOMES)
            terminalreporter.line(f"goldens in {self.store.root / self.version}: {golden}")
