"""Shared fixtures: real backend workers (the shim's, and real Airflow's where installed)."""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from pytest_dagfidelity.backends import Backend, Result, start_backend
from pytest_dagfidelity.versions import installed_airflow

pytest_plugins = ["pytester"]

RESOURCES = Path(__file__).parent / "resources"
CORPUS = Path(__file__).parent.parent / "corpus"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(what: str, reason: str) -> NoReturn:
    """Skip a test whose real part (Airflow, dag-factory, a browser) is absent here, saying why;
    in CI, where every part is installed, fail instead: CI never skips ``what``."""
    __tracebackhide__ = True  # the skip names the test's own line
    if IN_CI:
        pytest.fail(f"CI must not skip {what}: {reason}")
    pytest.skip(reason)


AIRFLOW_MISSING = "real Airflow is not installed here; run `nox -s integration-3.3` (or another version)"


def pytest_runtest_setup(item: pytest.Item) -> None:
    # The marker decides it, once: a test marked airflow is skipped here (failed in CI) where
    # Airflow is absent, whether or not it asks for the airflow_backend fixture.
    if item.get_closest_marker("airflow") is not None and not _airflow_installed():
        unavailable("real-Airflow tests", AIRFLOW_MISSING)


@functools.cache
def _airflow_installed() -> bool:
    return installed_airflow() is not None


def needs_dag_factory() -> None:
    __tracebackhide__ = True
    if importlib.util.find_spec("dagfactory") is None:
        reason = "dag-factory is not installed: `pip install --no-deps dag-factory` (nox -s tests does)"
        unavailable("the YAML tests", reason)


SHIM_PROVIDES = frozenset(("airflow", "pendulum", "dateutil", "__future__"))
# Corpus files whose dag.json depends on providers installed next to the parser (a URI handler, a
# provider's @task.<name> decorator, a provider notifier's state): their goldens were made with them
# (the matrix pins), so the shim's result needs them too.
NEEDS_PROVIDERS: dict[str, tuple[str, ...]] = {
    "provider_uri_handlers__af2.py": ("apache-airflow-providers-ftp",),
    "provider_task_decorators__af2.py": (
        "apache-airflow-providers-docker",
        "apache-airflow-providers-cncf-kubernetes",
    ),
    "provider_task_decorators__af3.py": (
        "apache-airflow-providers-docker",
        "apache-airflow-providers-cncf-kubernetes",
    ),
    # The smtp provider comes with apache-airflow on every version of the matrix.
    "provider_notifiers__af2.py": ("apache-airflow-providers-smtp",),
    "provider_notifiers__af3.py": ("apache-airflow-providers-smtp",),
    "provider_asset_watchers__af3.py": ("apache-airflow-providers-http",),
    # Airflow 3 requires the standard provider; on 2.x it is installed apart (in the 2.x pins).
    "standard_provider__af2.py": ("apache-airflow-providers-standard",),
}


def missing_providers(path: Path) -> list[str]:
    """The providers ``path`` needs (``NEEDS_PROVIDERS``) that are not installed here. By
    distribution, not by import: the shim's own ``airflow`` package answers for any provider module."""
    import importlib.metadata

    missing = []
    for distribution in NEEDS_PROVIDERS.get(path.name, ()):
        try:
            importlib.metadata.distribution(distribution)
        except importlib.metadata.PackageNotFoundError:
            missing.append(distribution)
    return missing


def shim_only_corpus(style: str, parses_on: str = "3.3") -> list[Path]:
    """Corpus files of one import style that import nothing beyond what the shim supplies, and
    are not declared to fail on ``parses_on`` (``unknown_task_executor__af3.py`` fails on purpose).

    Some corpus files import third-party packages real DAGs use (jinja2, say), or need providers
    installed (``NEEDS_PROVIDERS``); an environment without Airflow need not have them.
    """
    import ast

    from pytest_dagfidelity import declarations

    found = []
    for path in sorted(CORPUS.glob(f"*__{style}.py")):
        roots = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                roots |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots.add(node.module.split(".")[0])
        fails = any(e.versions.matches(parses_on) for e in declarations.in_file(str(path))[0])
        if (
            roots <= SHIM_PROVIDES | set(sys.stdlib_module_names)
            and not missing_providers(path)
            and not fails
        ):
            found.append(path)
    return found


@pytest.fixture(scope="session")
def shim_backends() -> Iterator[dict[str, Backend]]:
    """One reusable shim worker per emulated Airflow version."""
    started: dict[str, Backend] = {}
    yield started
    for backend in started.values():
        backend.close()


@pytest.fixture(scope="session")
def shim(shim_backends: dict[str, Backend]) -> Callable[[str], Backend]:
    def get(version: str) -> Backend:
        if version not in shim_backends:
            shim_backends[version] = start_backend("shim", target=version)
        return shim_backends[version]

    return get


@pytest.fixture
def compile_source(tmp_path: Path, shim: Callable[[str], Backend]) -> Callable[..., Result]:
    """Write ``source`` as a DAG file and compile it with the shim emulating ``version``."""
    counter = iter(range(1_000_000))

    def run(source: str, version: str = "3.3", name: str | None = None) -> Result:
        path = tmp_path / (name or f"dag_{next(counter)}.py")
        path.write_text(textwrap.dedent(source), encoding="utf-8")
        return shim(version).compile(str(path), file=path.name, import_path=[str(tmp_path)])

    return run


@pytest.fixture
def compile_dag(compile_source: Callable[..., Result]) -> Callable[..., dict[str, Any]]:
    """Like ``compile_source`` but returns the only DAG's document, failing on an error."""

    def run(source: str, version: str = "3.3") -> dict[str, Any]:
        result = compile_source(source, version)
        assert result.ok, result.error
        assert result.doc is not None
        assert len(result.doc["dags"]) == 1, sorted(result.doc["dags"])
        return next(iter(result.doc["dags"].values()))  # type: ignore[no-any-return]

    return run


@pytest.fixture(scope="session")
def airflow_backend() -> Iterator[Backend]:
    """A real Airflow worker in this interpreter's environment (nox's integration sessions)."""
    if not _airflow_installed():
        unavailable("real-Airflow tests", AIRFLOW_MISSING)
    backend = start_backend("airflow", airflow_python=sys.executable)
    yield backend
    backend.close()


def compile_file(backend: Backend, path: Path) -> Result:
    """``path`` compiled by ``backend``, with its own folder to import from."""
    return backend.compile(str(path), file=path.name, import_path=[str(path.parent)])


@pytest.fixture
def against_airflow(airflow_backend: Backend, shim: Callable[[str], Backend]) -> Callable[[Path], None]:
    """Compile a file with real Airflow and with the shim emulating its version, and fail
    unless they give the same document, or the same error (type, message, line)."""
    from pytest_dagfidelity.versions import resolve_target

    emulator = shim(resolve_target(airflow_backend.airflow_version))

    def check(path: Path) -> None:
        real, emulated = compile_file(airflow_backend, path), compile_file(emulator, path)
        if real.error is None:
            assert emulated.error is None, emulated.error
            assert emulated.doc == real.doc
        else:
            assert emulated.error is not None, f"the shim parses it; Airflow: {real.error}"
            found = (emulated.error.type, emulated.error.message, emulated.error.line)
            assert found == (real.error.type, real.error.message, real.error.line)

    return check
