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


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    settings = Settings.from_config(config)
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


def pytest_unconfigure(config: pytest.Config) -> None:
    session = config.stash.get(SESSION_KEY, None)
    if session is not None:
        session.close()
        del config.stash[SESSION_KEY]
        config.pluginmanager.unregister(session)
