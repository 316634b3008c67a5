"""The pytest plugin: ``pytest --dag-fidelity``. Registers options and hands the run to a session.

Imports only pytest and the standard library (and the settings declared beside it):
loading the plugin never imports ``airflow``, real or shim. Without ``--dag-fidelity``
it does nothing. As ``_pytest/junitxml.py`` does, the run state lives in
``config.stash`` and is registered as a plugin of its own for the run's hooks.
"""

from __future__ import annotations

from typing import Any

import pytest

from .settings import Settings, add_options

SESSION_KEY = pytest.StashKey[Any]()
COMPILER_KEY = pytest.StashKey[Any]()
SETTINGS_KEY = pytest.StashKey[Settings]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    settings = Settings.from_config(config)
    config.stash[SETTINGS_KEY] = settings
    if not settings.enabled:
        if settings.update:
            raise pytest.UsageError("--dag-fidelity-update needs --dag-fidelity")
        return
    from .session import FidelitySession

    session = FidelitySession(settings, config)
    config.stash[SESSION_KEY] = session
    config.pluginmanager.register(session, "dag-fidelity-session")
    from .report.plugin import install as install_reports  # upgrade changes, HTML, SARIF, summaries

    install_reports(config, session)


@pytest.fixture
def dag_json(request: pytest.FixtureRequest) -> Any:
    """``dag_json(path, dag_id=None)``: that DAG's dag.json, compiled by the run's backend
    (the shim, real Airflow, or any registered one) for the run's Airflow version."""
    config = request.config
    if COMPILER_KEY not in config.stash:  # one per run, started on first use
        from .dag_json import DagJsonCompiler

        config.stash[COMPILER_KEY] = DagJsonCompiler(config.stash[SETTINGS_KEY])
    return config.stash[COMPILER_KEY].compile


@pytest.fixture
def dag_snapshot(snapshot: Any) -> Any:
    """syrupy's ``snapshot``, storing dag.json per Airflow version (``snapshot.DagJsonExtension``)."""
    from .snapshot import DagJsonExtension

    return snapshot.use_extension(DagJsonExtension)


@pytest.hookimpl(tryfirst=True)
def pytest_assertrepr_compare(config: pytest.Config, op: str, left: Any, right: Any) -> list[str] | None:
    if op != "==" or type(left).__name__ != "DagJson":  # never imports syrupy for other asserts
        return None
    from .snapshot import explain_comparison

    return explain_comparison(left, right)


def pytest_unconfigure(config: pytest.Config) -> None:
    compiler = config.stash.get(COMPILER_KEY, None)
    if compiler is not None:
        compiler.close()
        del config.stash[COMPILER_KEY]
    session = config.stash.get(SESSION_KEY, None)
    if session is not None:
        session.close()
        del config.stash[SESSION_KEY]
        config.pluginmanager.unregister(session)
