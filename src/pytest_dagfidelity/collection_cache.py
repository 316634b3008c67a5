"""The collection cache: each DAG file's DAG ids, kept in pytest's cache, so that collecting
a file whose bytes have not changed parses nothing (``-k one_dag`` parses one file).

Items are named by dag_id, so collection must know a file's ids before any item runs. A file
whose bytes, name, import path, target Airflow version and id source (the backend collection
asks) are those of a cached entry takes its ids from the cache. What the key cannot see
(a helper module, an environment variable) is caught when an item runs: the ids the file
yields then are compared with the ids collection listed (``stale``), and a difference fails
the item, never passes it.

Files the cache does not hold are listed together where the backend can: the files of one
DAG folder parsed one after another in one process (``dag_fidelity_collect = shared``, the
default), about a millisecond each, where a parse of its own costs a process. Those listings
are confirmed the same way when the items run, so a file whose ids another file's top-level
code changed fails, naming the cause; ``isolated`` parses every file alone at collection.

The cache is pytest's (``config.cache``): ``--cache-clear`` empties it and
``-p no:cacheprovider`` turns it off (every file is parsed, as before). One cache value per
context (id source, Airflow version, YAML suffixes, this package's version) maps each file's
display name to its entry; it is read once per run and written once, merged with what is on
disk then (xdist workers each collect and write; an entry lost to a race is a miss later).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import __version__
from .records import Result

CACHE_PREFIX = "dagfidelity/dag-ids/"
SHARED_CHUNK = 500  # files per shared parse: what one that dies or runs out of time costs
FORMAT = 1  # bump when an entry's layout or meaning changes
FILE_ITEM = "@file"  # the item of a file that fails or defines no DAG


@dataclass(frozen=True)
class Listing:
    """What collection lists for one file: its DAG ids, or ``None`` (one ``@file`` item)."""

    ids: tuple[str, ...] | None

    @classmethod
    def of(cls, result: Result) -> Listing:
        return cls(tuple(result.dag_ids) if result.ok and result.dag_ids else None)

    @property
    def item_names(self) -> tuple[str, ...]:
        return self.ids if self.ids is not None else (FILE_ITEM,)


def cacheable(result: Result) -> bool:
    """Whether the file's listing is a property of its bytes: not a time limit or a crash
    (harness), nor a module this environment lacks (installing it changes the ids)."""
    return result.error is None or result.error.origin not in ("harness", "environment")


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Stale:
    """A file whose DAG ids, when its items ran, were not those collection listed without
    parsing it alone: from the cache, or (``shared``) from the shared parse of its folder."""

    file: str
    appeared: tuple[str, ...]
    disappeared: tuple[str, ...]
    shared: bool = False

    @property
    def summary(self) -> str:
        changes = (("appeared", self.appeared), ("disappeared", self.disappeared))
        listed = "; ".join(what + ": " + ", ".join(ids) for what, ids in changes if ids)
        return f"stale DAG ids ({listed})"

    @property
    def line(self) -> str:
        if self.shared:
            return (
                f"{self.summary}: {self.file} yields other DAG ids parsed alone than in the shared parse "
                "of its folder that collection listed it from; a file parsed before it there changed "
                "something it reads (a module, an environment variable, a patched library). Fix: make "
                "its DAG ids independent of other files' top-level code, or collect with every file "
                "parsed alone: --dag-fidelity-collect isolated"
            )
        return (
            f"{self.summary}: {self.file} yields other DAG ids than collection took from the cache; its "
            "bytes did not change, so something it reads (a helper module, an environment variable) did. "
            "Fix: rerun pytest; the cache entry is refreshed now"
        )


def stale(file: str, listed: Listing, now: Listing, shared: bool = False) -> Stale | None:
    """What changed since collection listed ``file`` (from the cache, or ``shared``), or None."""
    if listed == now:
        return None
    before, after = set(listed.item_names), set(now.item_names)
    return Stale(file, tuple(sorted(after - before)), tuple(sorted(before - after)), shared)


@dataclass(frozen=True)
class Slot:
    """Where one file's listing is kept: what decides which ids it yields, as far as the key sees."""

    source: tuple[tuple[str, str], ...]  # the backend collection asks, and what identifies it
    file: str  # the display name dag.json records
    digest: str  # sha256 of the file's bytes
    import_path: tuple[str, ...]


@dataclass(frozen=True)
class Unconfirmed:
    """A listing no isolated parse of the file made in this run: the cache's, or a shared parse's."""

    slot: Slot | None  # None: the cache is off
    listing: Listing
    shared: bool


class CollectionCache:
    """Cached listings of one run; ``cache`` is pytest's, or None when it is disabled."""

    def __init__(self, cache: Any | None, version: str, yaml_suffixes: Sequence[str]) -> None:
        self._cache = cache
        self._common = {
            "format": FORMAT,
            "package": __version__,
            "airflow": version,
            "yaml": list(yaml_suffixes),
        }
        self._keys: dict[tuple[tuple[str, str], ...], str] = {}  # Slot.source -> cache key
        self._loaded: dict[str, dict[str, Any]] = {}  # cache key -> {file: entry}
        self._learnt: dict[str, dict[str, Any]] = {}  # what this run parsed or corrected (None: drop)
        self.parsed = 0  # files collection parsed alone
        self.shared = 0  # files collection listed from a shared parse
        self.cached = 0  # files collection took from the cache

    @property
    def enabled(self) -> bool:
        return self._cache is not None

    def _key(self, slot: Slot) -> str:
        if slot.source not in self._keys:
            text = json.dumps({**self._common, "source": dict(slot.source)}, sort_keys=True)
            self._keys[slot.source] = CACHE_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:24]
        return self._keys[slot.source]

    def _entries(self, key: str) -> dict[str, Any]:
        if key not in self._loaded:
            stored = self._cache.get(key, {}) if self._cache is not None else {}
            self._loaded[key] = stored if isinstance(stored, dict) else {}
        return self._loaded[key]

    def lookup(self, slot: Slot) -> Listing | None:
        entry = self._entries(self._key(slot)).get(slot.file)
        if not isinstance(entry, dict) or entry.get("sha256") != slot.digest:
            return None
        if entry.get("import_path") != list(slot.import_path):
            return None
        ids = entry.get("ids")
        if ids is None:
            return Listing(None)
        if isinstance(ids, list) and ids and all(isinstance(i, str) for i in ids):
            return Listing(tuple(ids))
        return None  # a malformed entry is a miss

    def store(self, slot: Slot, listing: Listing | None) -> None:
        """Keep ``listing`` for ``slot``; ``None`` drops the file's entry (its ids are not cacheable)."""
        if self._cache is None:
            return
        key = self._key(slot)
        entry = None
        if listing is not None:
            entry = {
                "sha256": slot.digest,
                "import_path": list(slot.import_path),
                "ids": list(listing.ids) if listing.ids is not None else None,
            }
            self._entries(key)[slot.file] = entry
        else:
            self._entries(key).pop(slot.file, None)
        self._learnt.setdefault(key, {})[slot.file] = entry

    def save(self) -> None:
        """Write what this run learnt, merged with the cache as it is on disk now."""
        if self._cache is None:
            return
        for key, learnt in self._learnt.items():
            current = self._cache.get(key, {})
            merged = dict(current) if isinstance(current, dict) else {}
            for file, entry in learnt.items():
                if entry is None:
                    merged.pop(file, None)
                else:
                    merged[file] = entry
            self._cache.set(key, merged)
        self._learnt.clear()
