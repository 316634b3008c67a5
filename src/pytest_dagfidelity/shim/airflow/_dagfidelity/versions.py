"""The declarative version table: what each Airflow minor version does, as measured.

One row per version, ``versions/<X.Y>.json`` beside this file, each written by
``tools/probe_airflow.py`` running inside that real Airflow venv; nothing in it is typed
by hand. A worker loads only the row of the version it emulates, from its load cache:
``versions/<X.Y>.marshal`` is the same row in ``marshal`` form, which every start reads
without parsing JSON, stamped with the CRC-32 of the JSON it was made from. The JSON is
the one source: a cache that does not match it is ignored (the JSON is parsed instead),
the probe writes both, ``python tools/version_table_cache.py`` rewrites every cache, and
``tests/test_versions.py`` fails while one is out of date. This module only reads the table
and writes those caches. It imports nothing but the standard library and nothing from its
package, so the harness can load it by file path without touching ``airflow``.
"""

from __future__ import annotations

import copy
import datetime as dt
import marshal
import os
import zlib

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

TABLE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "versions")
MATRIX = ("2.9", "2.10", "2.11", "3.0", "3.1", "3.2", "3.3")
# Folders of the airflow package the table's module list leaves out: providers (captured by
# rule) and code no DAG file imports at parse time. Shared by the probe and the shim.
UNLISTED_FOLDERS = frozenset(
    (
        "providers",
        "_vendor",
        "migrations",
        "api_fastapi",
        "api",
        "api_connexion",
        "api_internal",
        "ui",
        "www",
        "tests",
        "cli",
        "static",
        "templates",
        "__pycache__",
    )
)


def _key(minor: str) -> tuple[int, int]:
    major, _, rest = minor.partition(".")
    return int(major), int(rest.split(".")[0])


def decode(value: Any) -> Any:
    """Inverse of the typed JSON forms the probe wrote (only the ones defaults use)."""
    if isinstance(value, dict):
        if "$timedelta" in value:
            return dt.timedelta(seconds=value["$timedelta"])
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


# Values that can be handed out as they are: a cached default of any other type is copied.
_IMMUTABLE = (type(None), bool, int, float, str, dt.timedelta, dt.datetime)


class Version:
    """One row of the table. A plain class: every start builds it twice (the harness loads this
    module by path, the shim as its own), and a dataclass costs a cold compile ~1 ms each time."""

    __slots__ = ("minor", "facts", "_cache")

    def __init__(self, minor: str, facts: dict[str, Any]) -> None:
        self.minor = minor
        self.facts = facts
        # Decoded facts and derived name sets, built on first use: the operator path asks for them
        # for every task (measured: 12 defaults per operator), never for a different answer.
        self._cache: dict[Any, Any] = {}

    def __repr__(self) -> str:
        return f"Version(minor={self.minor!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self.minor == other.minor and self.facts == other.facts

    @property
    def major(self) -> int:
        return _key(self.minor)[0]

    @property
    def full(self) -> str:
        return str(self.facts["airflow"])

    def at_least(self, minor: str) -> bool:
        return _key(self.minor) >= _key(minor)

    @property
    def imports(self) -> dict[str, Any]:
        return self.facts["imports"]  # type: ignore[no-any-return]

    def dag_default(self, name: str) -> Any:
        return decode(self.facts["dag_defaults"].get(name))

    def task_default(self, name: str) -> Any:
        value = self.plain_task_defaults()[name]
        return value if type(value) in _IMMUTABLE else copy.deepcopy(value)

    def plain_task_defaults(self) -> dict[str, Any]:
        """Every task default, decoded once: shared, so a caller reads it and never changes it or
        hands out a mutable value from it (``task_default`` copies those)."""
        defaults = self._cache.get("task_defaults")
        if defaults is None:
            defaults = self._cache["task_defaults"] = decode(self.facts["task_defaults"])
        return defaults  # type: ignore[no-any-return]

    @property
    def dag_params(self) -> frozenset[str]:
        found = self._cache.get("dag_params")
        if found is None:
            found = self._cache["dag_params"] = frozenset(self.facts["dag_signature"]) - {"self"}
        return found  # type: ignore[no-any-return]

    @property
    def base_operator_params(self) -> frozenset[str]:
        found = self._cache.get("base_operator_params")
        if found is None:
            found = self._cache["base_operator_params"] = frozenset(self.facts["base_operator_params"])
        return found  # type: ignore[no-any-return]

    def operator_params(self, defined_at: str) -> frozenset[str] | None:
        key = ("operator_params", defined_at)
        if key not in self._cache:
            names = self.facts["operator_params"].get(defined_at)
            self._cache[key] = None if names is None else frozenset(names)
        return self._cache[key]  # type: ignore[no-any-return]

    def template_fields(self, defined_at: str) -> tuple[str, ...] | None:
        names = self.facts.get("operator_template_fields", {}).get(defined_at)
        return None if names is None else tuple(names)

    def error(self, case: str) -> str:
        """Exception class name this version raises for a construction error."""
        return str(self.facts["errors"][case])

    def schedule(self, key: str) -> dict[str, Any] | None:
        entry = self.facts["schedules"].get(key)
        return None if entry is None or "error" in entry else entry


def available(folder: str = TABLE_DIR) -> list[str]:
    """The minor versions the table has a row for, oldest first (read off the file names)."""
    return sorted((f[:-5] for f in os.listdir(folder) if f.endswith(".json")), key=_key)


# marshal's current format shares repeated strings (0.3 MB less than without, and loads 30%
# faster); its bytes can differ between two writes of the same row, so a cache is checked by
# what it holds (tests/test_versions.py), never by its bytes.
_MARSHAL_VERSION = 4
_CACHE_FORMAT = "dagfidelity-version-row-1"


def cache_bytes(source: bytes) -> bytes:
    """The load cache of one row, from the bytes of its JSON."""
    import json

    facts = json.loads(source.decode("utf-8"))
    return marshal.dumps((_CACHE_FORMAT, zlib.crc32(source), facts), _MARSHAL_VERSION)


def write_cache(minor: str, folder: str = TABLE_DIR) -> str:
    """Write ``<minor>.marshal`` from ``<minor>.json``; returns its path."""
    with open(os.path.join(folder, f"{minor}.json"), "rb") as fh:
        data = cache_bytes(fh.read())
    path = os.path.join(folder, f"{minor}.marshal")
    with open(path + ".tmp", "wb") as fh:
        fh.write(data)
    os.replace(path + ".tmp", path)
    return path


def _cached_facts(source: bytes, cache_path: str) -> dict[str, Any] | None:
    """The row from its cache, or None where there is none, or it was made from other JSON."""
    try:
        with open(cache_path, "rb") as fh:
            loaded = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 3 and loaded[0] == _CACHE_FORMAT):
        return None
    _, crc, facts = loaded
    return facts if crc == zlib.crc32(source) and isinstance(facts, dict) else None


def load_version(minor: str, folder: str = TABLE_DIR) -> Version:
    with open(os.path.join(folder, f"{minor}.json"), "rb") as fh:
        source = fh.read()
    facts = _cached_facts(source, os.path.join(folder, f"{minor}.marshal"))
    if facts is None:  # no cache, or a stale one: the JSON itself
        import json

        facts = json.loads(source.decode("utf-8"))
    return Version(minor, facts)


def load_table(folder: str = TABLE_DIR) -> dict[str, Version]:
    return {minor: load_version(minor, folder) for minor in available(folder)}


def resolve_minor(requested: str | None, folder: str = TABLE_DIR) -> str:
    """``requested`` is ``X.Y`` or ``X.Y.Z``; None means the newest version of the table."""
    known = available(folder)
    if not requested:
        return known[-1]
    minor = ".".join(requested.split(".")[:2])
    if minor not in known:
        raise LookupError(
            f"Airflow {requested} is not in the version table; known versions: {', '.join(known)}"
        )
    return minor
