"""The plugin's reports: upgrade changes on each item, and the HTML, SARIF, results and markdown
files of a run. Registered by :func:`install` from the plugin's ``pytest_configure``.

Verdicts are read from each report's ``user_properties`` (``dag_fidelity_verdict``, and
``dag_fidelity_result`` where the run records it), so the files are written once, by the
process that sees every report (the controller under pytest-xdist). Imports no ``airflow``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from ..settings import BY_NAME, ini_name


@dataclass(frozen=True)
class ReportSettings:
    upgrade_to: str | None
    html: Path | None
    sarif: Path | None
    results: Path | None
    step_summary: bool

    @property
    def active(self) -> bool:
        return bool(self.upgrade_to or self.html or self.sarif or self.results or self.step_summary)

    @classmethod
    def from_config(cls, config: pytest.Config) -> ReportSettings:
        from ..exceptions import DagFidelityError
        from ..versions import resolve_target
        from . import SUMMARY_ENV

        def value(name: str) -> tuple[str | None, Path]:
            given = config.getoption(ini_name(BY_NAME[name]))
            if given is not None:  # a command-line path is relative to where pytest was started
                return str(given), Path(config.invocation_params.dir)
            return (config.getini(ini_name(BY_NAME[name])) or None), Path(config.rootpath)

        def path(name: str) -> Path | None:
            raw, base = value(name)
            return None if not raw else base / raw

        upgrade_to, _ = value("upgrade_to")
        if upgrade_to:
            try:
                upgrade_to = resolve_target(upgrade_to)
            except DagFidelityError as exc:
                raise pytest.UsageError(f"--dag-fidelity-upgrade-to: {exc}") from None
        return cls(
            upgrade_to, path("html"), path("sarif"), path("results"), bool(os.environ.get(SUMMARY_ENV))
        )


def install(config: pytest.Config, session: Any) -> None:
    """Register the report plugin for this run if any report is asked for."""
    settings = ReportSettings.from_config(config)
    if not settings.active:
        return
    plugin = ReportPlugin(settings, session, config)
    config.pluginmanager.register(plugin, "dag-fidelity-report")

    def remove() -> None:
        plugin.close()
        config.pluginmanager.unregister(plugin)

    config.add_cleanup(remove)


class ReportPlugin:
    def __init__(self, settings: ReportSettings, session: Any, config: pytest.Config) -> None:
        self.settings = settings
        self.session = session  # the FidelitySession: its target version, goldens, paths
        self.config = config
        self.records: list[dict[str, Any]] = []
        self.files: dict[str, Path] = {}  # file field → path, of every DAG file reported
        self._backends: dict[str, Any] = {}
        self._upgrades: dict[Path, Any] = {}
        self.written: list[str] = []

    # -- upgrade changes, per item -----------------------------------------------------------
    def upgrade(self, path: Path) -> Any:
        """The FileUpgrade of ``path`` from the run's version to ``upgrade_to`` (shim, cached)."""
        from ..backends import start_backend
        from ..upgrade import outcome_of_result, upgrade_of

        if path not in self._upgrades:
            old, new = str(self.session.version), str(self.settings.upgrade_to)
            file = self.session.display(path)
            outcomes = []
            for version in (old, new):
                if version not in self._backends:
                    self._backends[version] = start_backend(
                        "shim",
                        target=version,
                        timeout=self.session.settings.timeout,
                        memory_limit=self.session.settings.memory_limit,
                    )
                # The file's name and sys.path as the run's own items get them.
                folder = self.session.dag_folder(path)
                result = self._backends[version].compile(
                    str(path), file=file, import_path=self.session.settings.import_path.for_folder(folder)
                )
                outcomes.append(outcome_of_result(result))
            self._upgrades[path] = upgrade_of(file, file, old, new, *outcomes)
        return self._upgrades[path]

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, None]:
        outcome = yield
        if call.when != "call" or not self.settings.upgrade_to or not hasattr(item, "dag_id"):
            return
        from ..upgrade import render_text

        report: pytest.TestReport = outcome.get_result()
        up = self.upgrade(item.path)
        dag_id = item.dag_id
        mine = replace(up, changes=tuple(c for c in up.changes if c.dag_id is None or c.dag_id == dag_id))
        title = f"dag fidelity upgrade {up.from_version} → {up.to_version}"
        text = "\n".join(render_text([mine])) if mine.changes or not mine.predicted else "no change"
        report.sections.append((title, text))
        report.user_properties.append(
            (
                "dag_fidelity_upgrade",
                {
                    "from": up.from_version,
                    "to": up.to_version,
                    "changes": [c.as_json() for c in mine.changes],
                    "predicted": mine.predicted,
                },
            )
        )

    # -- collecting verdicts -------------------------------------------------------------------
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        from ..items import carries_verdict

        if not carries_verdict(report):
            return
        record = dict(report.user_properties).get("dag_fidelity_result")
        # Every DagItem reports one (items._tag); other items do not.
        if not isinstance(record, dict):
            return
        file = report.nodeid.partition("::")[0]
        self.records.append(record)
        self.files[str(record.get("file") or file)] = (
            Path(report.fspath).resolve() if report.fspath else Path(file)
        )

    # -- writing -----------------------------------------------------------------------------------
    def pytest_sessionfinish(self) -> None:
        if hasattr(self.config, "workerinput"):  # an xdist worker: the controller writes
            return
        from .model import DagResult, Report

        results = [r for record in self.records for r in DagResult.from_json(record)]
        upgrades = []
        if self.settings.upgrade_to:
            root = Path(self.session.settings.rootdir)
            for file in sorted(self.files):
                path = self.files[file]
                upgrades.append(self.upgrade(path if path.is_absolute() else root / path))
        report = Report.from_goldens(
            Path(self.session.store.root), results, upgrades=upgrades, title="DAG fidelity report"
        )
        if self.settings.html:
            from .html import write_html

            write_html(report, self.settings.html)
            self.written.append(f"HTML report: {self.settings.html}")
        if self.settings.sarif:
            from .sarif import write_sarif

            write_sarif(report, self.settings.sarif, source_root=Path(self.session.settings.rootdir))
            self.written.append(f"SARIF: {self.settings.sarif}")
        if self.settings.results:
            self.settings.results.parent.mkdir(parents=True, exist_ok=True)
            document = {
                "airflow_version": self.session.version,
                "results": [r.as_json() for r in results],
                "upgrades": [u.as_json() for u in upgrades],
            }
            self.settings.results.write_text(
                json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
            self.written.append(f"results: {self.settings.results}")
        if self.settings.step_summary:
            from .markdown import append_step_summary

            if append_step_summary(report):
                self.written.append("markdown summary: $GITHUB_STEP_SUMMARY")
        self._summary = _upgrade_summary(upgrades)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        lines = [*getattr(self, "_summary", []), *self.written]
        if lines:
            terminalreporter.section("dag fidelity reports")
            for line in lines:
                terminalreporter.line(line)

    def close(self) -> None:
        for backend in self._backends.values():
            backend.close()
        self._backends.clear()


def _upgrade_summary(upgrades: list[Any]) -> list[str]:
    if not upgrades:
        return []
    from ..upgrade import summary

    changed = [u for u in upgrades if u.changed or not u.predicted]
    first = upgrades[0]
    head = (
        f"upgrade {first.from_version} → {first.to_version}: {len(changed)} of {len(upgrades)} files change"
    )
    return [head + (f" ({'; '.join(summary(upgrades))})" if changed else "")]
