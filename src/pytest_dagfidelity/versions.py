"""The harness's view of the version table and of which Airflow is installed.

The table itself lives in the shim (``shim/airflow/_dagfidelity/versions/``) so
the shim stays self-contained; it is loaded here by file path, never as ``airflow``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import cache
from types import ModuleType

from .exceptions import UsageError

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

_TABLE_MODULE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "shim", "airflow", "_dagfidelity", "versions.py"
)


@cache
def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pytest_dagfidelity._version_table", _TABLE_MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def table() -> dict[str, Any]:
    return _module().load_table()  # type: ignore[no-any-return]


def matrix() -> tuple[str, ...]:
    return tuple(_module().MATRIX)


_DIST_INFO = ("apache_airflow-", ".dist-info")


def installed_airflow() -> str | None:
    """The installed Airflow's version, from package metadata (Airflow is never imported).

    Read from the ``.dist-info`` folder's name, first on ``sys.path``, as importlib.metadata finds
    it: importing importlib.metadata costs a one-file compile ~20 ms. Other layouts (an egg)
    are left to importlib.metadata."""
    prefix, suffix = _DIST_INFO
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name[:6].lower() != "apache":  # most of a site-packages: nothing to fold
                continue
            folded = name.lower().replace("-", "_").replace(".", "_")
            if folded.startswith("apache_airflow_") and folded.endswith("_egg_info"):
                return _metadata_version()
            if name.lower().startswith(prefix) and name.endswith(suffix):
                return name[len(prefix) : -len(suffix)]
    return None


def _metadata_version() -> str | None:
    from importlib import metadata

    try:
        return metadata.version("apache-airflow")
    except metadata.PackageNotFoundError:
        return None


def resolve_target(requested: str | None) -> str:
    """The minor version the shim emulates: explicit, else installed Airflow's, else the newest."""
    chosen = requested or installed_airflow()
    try:
        return str(_module().resolve_minor(chosen))
    except LookupError as exc:
        raise UsageError(str(exc)) from None
