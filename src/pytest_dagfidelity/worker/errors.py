"""Turn an exception, or an Airflow import-error text, into the error record both backends report.

Where a failure comes from (the DAG, its environment, the shim's limits, the harness's)
is decided here from the exception's *type* and *origin* (the module that raised it,
the module it could not find), never from words in its message: a DAG that Airflow
rejects because an asset URI "must contain database, schema and table names" is the
DAG's failure, not a database's.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from importlib import util as import_util
from types import TracebackType

from . import guard

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

# Compiled (and cached by re) where first used: only a file that fails is read with them.
_LAST_LINE = r"^(?P<type>[A-Za-z_][\w.]*)(?:: (?P<message>.*))?$"
_FRAME = r'File "(?P<file>[^"]+)", line (?P<line>\d+)'

# Packages whose exceptions mean a database, the network, or a secrets backend was called.
_DATABASE_MODULES = ("sqlalchemy", "sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb", "asyncpg")
_NETWORK_MODULES = (
    "requests",
    "urllib3",
    "httpx",
    "aiohttp",
    "botocore.exceptions",
    "google.auth.exceptions",
)
# Network errors by module and class name: an exception of one exists only where its module was
# imported, so they are looked up in sys.modules, and a parse imports neither module for them.
_NETWORK_CLASSES = (("_socket", "gaierror"), ("urllib.error", "URLError"))
# Frames in these Airflow modules talk to the metadata database or the API server on a
# task's behalf (Variable, Connection, the task SDK's supervisor channel): a parse-time
# call there needs a running Airflow, which a DAG parse has not.
_SECRETS_FRAMES = (
    "/airflow/sdk/execution_time/",
    "/airflow/secrets/",
    "/airflow/models/variable.py",
    "/airflow/models/connection.py",
    "/airflow/sdk/definitions/variable.py",
    "/airflow/sdk/definitions/connection.py",
)
_DATABASE_FRAMES = ("/airflow/utils/session.py", "/airflow/settings.py")


def from_exception(exc: BaseException, dag_file: str) -> dict[str, Any]:
    origin, kind = classify(exc)
    return {
        "type": type(exc).__name__,
        "qualname": _qualname(type(exc)),
        # A SyntaxError's str() repeats the file and line, which the record carries apart.
        "message": (exc.msg if isinstance(exc, SyntaxError) and exc.msg else _text(exc)).strip(),
        "line": _line_in(exc.__traceback__, dag_file) or getattr(exc, "lineno", None),
        "origin": origin,
        "kind": kind,
        "fix": getattr(exc, "dagfidelity_fix", None),
    }


def _text(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception as err:  # a DAG's own exception whose __str__ raises
        return f"({type(exc).__name__} whose message cannot be shown: {type(err).__name__})"


def _qualname(klass: type) -> str:
    module = klass.__module__
    return klass.__qualname__ if module in ("builtins", "__main__") else f"{module}.{klass.__qualname__}"


def classify(exc: BaseException) -> tuple[str, str | None]:
    """(origin, kind) of a parse failure: see ``records.Origin``."""
    if isinstance(exc, guard.ParseTimeout):
        return "harness", "timeout"
    if isinstance(exc, guard.WriteAtImport):
        return "harness", "write"
    if isinstance(exc, MemoryError):
        return "harness", "memory"
    if getattr(type(exc), "dagfidelity_unsupported", False):
        return "unsupported", None
    if isinstance(exc, ImportError):
        return _import_origin(exc)
    module = type(exc).__module__
    if module.startswith(_DATABASE_MODULES):
        return "environment", "database"
    if isinstance(exc, _network_types()) or module.startswith(_NETWORK_MODULES):
        return "environment", "network"
    frames = [frame.f_code.co_filename for frame, _ in _walk(exc.__traceback__)]
    if any(marker in f for f in frames for marker in _SECRETS_FRAMES):
        return "environment", "secrets"
    if frames and any(marker in frames[-1] for marker in _DATABASE_FRAMES):
        return "environment", "database"
    return "dag", None


def _network_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [ConnectionError]
    for module, name in _NETWORK_CLASSES:
        klass = getattr(sys.modules.get(module), name, None)
        if isinstance(klass, type) and issubclass(klass, BaseException):
            types.append(klass)
    return tuple(types)


def _walk(tb: TracebackType | None) -> Iterator[tuple[Any, int]]:
    """(frame, line) from the outermost frame in, as ``traceback.walk_tb`` (whose import costs a
    parse ~1 ms: it brings textwrap, linecache)."""
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


def _import_origin(exc: ImportError) -> tuple[str, str | None]:
    """A module this environment lacks is the environment's; a name Airflow lacks is the DAG's.

    ``from airflow.operators.bash import X`` failing on Airflow 3 says the file is written
    for another Airflow: the DAG's failure. A provider or a third-party package that is
    not installed says what to install: the environment's. A module an installed
    provider lacks is, like Airflow's own, the API of that version: the DAG's.
    """
    name = exc.name or ""
    top = name.split(".")[0]
    if top == "airflow":
        parts = name.split(".")
        if len(parts) >= 3 and parts[1] == "providers":
            # The provider's own package (airflow.providers.common.sql is one provider): when it
            # is missing, install it; a module an installed provider lacks is that version's API.
            provider = ".".join(parts[: 4 if parts[2] == "common" and len(parts) >= 4 else 3])
            return ("environment", "missing_provider") if _absent(provider) else ("dag", "airflow_api")
        return "dag", "airflow_api"
    if not name:
        return "dag", None
    if isinstance(exc, ModuleNotFoundError):
        return "environment", "missing_module"
    return "environment", "package_version"  # ``from package import name`` it lacks


def _absent(module: str) -> bool:
    try:
        return import_util.find_spec(module) is None
    except (ImportError, ValueError):
        return True


def _line_in(tb: TracebackType | None, dag_file: str) -> int | None:
    line = None
    for frame, lineno in _walk(tb):
        if frame.f_code.co_filename == dag_file:
            line = lineno
    return line


def from_import_error(text: str, dag_file: str) -> dict[str, Any]:
    """The traceback text Airflow's DagBag stores for failures raised by its own validation
    after the file ran (a cycle, an invalid DAG): the DAG's failures."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    qualname, message = None, text.strip()
    # With a traceback, the exception line is the first unindented one after the frames;
    # without one (``Type: message``, as 3.x records validation errors), the first line.
    start = 0
    if lines and lines[0].startswith("Traceback"):
        indented = [i for i, ln in enumerate(lines) if ln.startswith(" ")]
        start = indented[-1] + 1 if indented else 1
    if start < len(lines) and (m := re.match(_LAST_LINE, lines[start])):
        qualname = m.group("type")
        message = "\n".join([m.group("message") or ""] + [ln.strip() for ln in lines[start + 1 :]]).strip()
    line = None
    for m in re.finditer(_FRAME, text):
        if m.group("file") == dag_file:
            line = int(m.group("line"))
    exc_type = qualname.rsplit(".", 1)[-1] if qualname else "ImportError"
    origin, kind = "dag", None
    if qualname and qualname.startswith(_DATABASE_MODULES):
        origin, kind = "environment", "database"
    return {
        "type": exc_type,
        "qualname": qualname,
        "message": message,
        "line": line,
        "origin": origin,
        "kind": kind,
        "fix": None,
    }
