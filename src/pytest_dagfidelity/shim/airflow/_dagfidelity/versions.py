"""The declarative version table: what each Airflow minor version does, as measured.

One row per version, ``versions/<X.Y>.json`` beside this file, each written by
``tools/probe_airflow.py`` running inside that real Airflow venv; nothing in it is typed
by hand. A worker loads only the row of the version it emulates, from its load cache:
``versions/<X.Y>.marshal`` is the same row in ``marshal`` form (each entry of ``imports``
packed apart, decoded where first read: ``Imports``), which every start reads without
parsing JSON, stamped with the CRC-32 of the JSON it was made from. The JSON is
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
_ABSENT = object()


class Imports:
    """A row's ``imports``: for each module of that Airflow, what importing it gives (``names``,
    ``partial``) or the error it raises (``missing``). Each entry is decoded where it is first
    read: a process reads a handful of the ~600, and decoding them all was half the cost of
    loading the row at every start (~0.6 ms). Read-only, like the rest of the row."""

    __slots__ = ("_entries", "_with_names", "_with_missing", "_children")

    def __init__(
        self,
        entries: dict[str, Any],
        with_names: list[str] | None = None,
        with_missing: list[str] | None = None,
    ) -> None:
        # Module -> its entry, or the entry in marshal's bytes (the load cache); the two lists
        # name the entries with names and with an error, so neither question decodes them all.
        self._entries = entries
        if with_names is None or with_missing is None:
            with_names = [module for module, entry in entries.items() if "names" in entry]
            with_missing = [module for module, entry in entries.items() if "missing" in entry]
        self._with_names = with_names
        self._with_missing = with_missing
        self._children: dict[str, frozenset[str]] = {}

    def get(self, module: str, default: Any = None) -> Any:
        entry = self._entries.get(module)
        if entry is None:
            return default
        if type(entry) is bytes:
            entry = self._entries[module] = marshal.loads(entry)
        return entry

    def __getitem__(self, module: str) -> Any:
        entry = self.get(module)
        if entry is None:
            raise KeyError(module)
        return entry

    def __contains__(self, module: object) -> bool:
        return module in self._entries

    def __iter__(self) -> Any:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def children(self, module: str) -> frozenset[str]:
        """The names of ``module``'s submodules that have an entry with names (its direct
        children, also where only a deeper one has an entry). One module's at a time: a parse
        asks for a few, and an index of all of them cost a one-file compile ~1 ms."""
        found = self._children.get(module)
        if found is None:
            prefix = module + "."
            cut = len(prefix)
            found = self._children[module] = frozenset(
                name[cut:].split(".", 1)[0] for name in self._with_names if name.startswith(prefix)
            )
        return found

    def missing(self) -> list[tuple[str, dict[str, Any]]]:
        """Every module whose import the version refuses, with its entry."""
        return [(module, self[module]) for module in self._with_missing]

    def as_dict(self) -> dict[str, Any]:
        """Every entry, decoded, in the row's order: the JSON's ``imports``."""
        return {module: self[module] for module in self._entries}

    def packed(self) -> tuple[dict[str, bytes], list[str], list[str]]:
        """What the load cache holds: each entry in marshal's bytes, and the two lists."""
        entries = {module: marshal.dumps(self[module], _MARSHAL_VERSION) for module in self._entries}
        return entries, list(self._with_names), list(self._with_missing)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Imports):
            return self.as_dict() == other.as_dict()
        if isinstance(other, dict):
            return self.as_dict() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Imports({len(self._entries)} modules)"


def as_json(facts: dict[str, Any]) -> dict[str, Any]:
    """A row's facts as its JSON holds them (``imports`` a plain dict), in the same order."""
    return {k: v.as_dict() if isinstance(v, Imports) else v for k, v in facts.items()}


class Version:
    """One row of the table. A plain class: every start builds it twice (the harness loads this
    module by path, the shim as its own), and a dataclass costs a cold compile ~1 ms each time."""

    __slots__ = ("minor", "major", "facts", "_cache")

    def __init__(self, minor: str, facts: dict[str, Any]) -> None:
        self.minor = minor
        self.major = _key(minor)[0]  # asked several times per DAG and per task
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
    def full(self) -> str:
        return str(self.facts["airflow"])

    def at_least(self, minor: str) -> bool:
        return _key(self.minor) >= _key(minor)

    @property
    def imports(self) -> Imports:
        return self.facts["imports"]  # type: ignore[no-any-return]

    def dag_default(self, name: str) -> Any:
        key = ("dag_default", name)
        found = self._cache.get(key, _ABSENT)
        if found is _ABSENT:
            found = decode(self.facts["dag_defaults"].get(name))
            if type(found) not in _IMMUTABLE:
                return found  # a fresh copy for each DAG
            self._cache[key] = found
        return found

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
_CACHE_FORMAT = "dagfidelity-version-row-2"


def _from_json(source: bytes) -> dict[str, Any]:
    import json

    facts: dict[str, Any] = json.loads(source.decode("utf-8"))
    if isinstance(facts.get("imports"), dict):
        facts["imports"] = Imports(facts["imports"])
    return facts


def cache_bytes(source: bytes) -> bytes:
    """The load cache of one row, from the bytes of its JSON: its facts, with ``imports`` packed
    (``Imports.packed``) and its place among the facts kept."""
    facts = _from_json(source)
    imports = None
    if isinstance(facts.get("imports"), Imports):
        imports = facts["imports"].packed()
        facts["imports"] = None
    return marshal.dumps((_CACHE_FORMAT, zlib.crc32(source), facts, imports), _MARSHAL_VERSION)


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
    if not (isinstance(loaded, tuple) and len(loaded) == 4 and loaded[0] == _CACHE_FORMAT):
        return None
    _, crc, facts, imports = loaded
    if crc != zlib.crc32(source) or not isinstance(facts, dict):
        return None
    if imports is not None:
        facts["imports"] = Imports(*imports)
    return facts


def load_version(minor: str, folder: str = TABLE_DIR) -> Version:
    with open(os.path.join(folder, f"{minor}.json"), "rb") as fh:
        source = fh.read()
    facts = _cached_facts(source, os.path.join(folder, f"{minor}.marshal"))
    if facts is None:  # no cache, or a stale one: the JSON itself
        facts = _from_json(source)
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
