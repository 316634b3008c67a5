"""collection_cache.py: what a cached listing is keyed on, what a stale one says, how it is saved."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_dagfidelity.collection_cache import CollectionCache, Listing, Slot, cacheable, stale
from pytest_dagfidelity.records import ParseError, Result


class DictCache:
    """pytest's ``config.cache`` interface (``get``/``set`` of JSON values), kept in a dict."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get(self, key: str, default: Any) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value


SHIM = (("backend", "shim"),)
SLOT = Slot(SHIM, "dags/orders.py", "a" * 64, ("/p/dags",))


def saved(cache: DictCache, version: str = "3.3") -> CollectionCache:
    """A later run's view of what ``cache`` holds."""
    return CollectionCache(cache, version, (".yaml", ".yml"))


def test_a_stored_listing_is_found_by_a_later_run_with_the_same_key() -> None:
    cache = DictCache()
    first = saved(cache)
    first.store(SLOT, Listing(("orders", "refunds")))
    first.save()
    assert saved(cache).lookup(SLOT) == Listing(("orders", "refunds"))
    first.store(SLOT, Listing(None))
    first.save()
    assert saved(cache).lookup(SLOT) == Listing(None)  # a file that fails: one @file item


@pytest.mark.parametrize(
    "other",
    [
        Slot(SHIM, "dags/orders.py", "b" * 64, ("/p/dags",)),  # the bytes changed
        Slot(SHIM, "dags/orders.py", "a" * 64, ("/p/dags", "/p/plugins")),  # another import path
        Slot((("backend", "ref"), ("command", "ref.py")), "dags/orders.py", "a" * 64, ("/p/dags",)),
        Slot(SHIM, "dags/other.py", "a" * 64, ("/p/dags",)),
    ],
    ids=["bytes", "import path", "backend", "file"],
)
def test_anything_in_the_key_that_differs_is_a_miss(other: Slot) -> None:
    cache = DictCache()
    first = saved(cache)
    first.store(SLOT, Listing(("orders",)))
    first.save()
    assert saved(cache).lookup(other) is None


def test_another_airflow_version_or_yaml_suffixes_is_a_miss() -> None:
    cache = DictCache()
    first = saved(cache)
    first.store(SLOT, Listing(("orders",)))
    first.save()
    assert saved(cache, "2.11").lookup(SLOT) is None
    assert CollectionCache(cache, "3.3", ()).lookup(SLOT) is None


@pytest.mark.parametrize("ids", [[], [1], "orders", {"a": 1}])
def test_a_malformed_entry_is_a_miss(ids: Any) -> None:
    cache = DictCache()
    first = saved(cache)
    first.store(SLOT, Listing(("orders",)))
    first.save()
    (key,) = cache.values
    cache.values[key][SLOT.file]["ids"] = ids
    assert saved(cache).lookup(SLOT) is None
    cache.values[key] = ["not", "a", "mapping"]
    assert saved(cache).lookup(SLOT) is None


def test_saving_merges_with_what_another_process_wrote_meanwhile() -> None:
    cache = DictCache()
    mine, theirs = saved(cache), saved(cache)
    other = Slot(SHIM, "dags/other.py", "c" * 64, ("/p/dags",))
    theirs.store(other, Listing(("other",)))
    mine.store(SLOT, Listing(("orders",)))
    theirs.save()
    mine.save()
    later = saved(cache)
    assert later.lookup(SLOT) == Listing(("orders",)) and later.lookup(other) == Listing(("other",))


def test_storing_none_drops_the_entry() -> None:
    cache = DictCache()
    first = saved(cache)
    first.store(SLOT, Listing(("orders",)))
    first.save()
    second = saved(cache)
    second.store(SLOT, None)
    second.save()
    assert saved(cache).lookup(SLOT) is None


def test_without_pytests_cache_nothing_is_kept() -> None:
    off = CollectionCache(None, "3.3", ())
    assert not off.enabled
    off.store(SLOT, Listing(("orders",)))
    off.save()
    assert off.lookup(SLOT) is None


def test_a_time_limit_or_a_missing_module_is_not_a_property_of_the_bytes() -> None:
    assert cacheable(Result(doc={"dags": {"a": {}}}))
    assert cacheable(Result.failed(ParseError("SyntaxError", "bad", 3)))
    assert not cacheable(Result.failed(ParseError("ModuleNotFoundError", "x", origin="environment")))
    assert not cacheable(Result.failed(ParseError("Timeout", "slow", origin="harness")))


def test_stale_names_what_appeared_and_disappeared() -> None:
    assert stale("dags/a.py", Listing(("a", "b")), Listing(("a", "b"))) is None
    change = stale("dags/a.py", Listing(("a", "b")), Listing(("a", "c")))
    assert change is not None
    assert change.summary == "stale DAG ids (appeared: c; disappeared: b)"
    assert change.line.startswith(change.summary + ": dags/a.py yields other DAG ids")
    assert change.line.endswith("Fix: rerun pytest; the cache entry is refreshed now")
    broken = stale("dags/a.py", Listing(("a",)), Listing(None))
    assert broken is not None and broken.summary == "stale DAG ids (appeared: @file; disappeared: a)"
    fixed = stale("dags/a.py", Listing(None), Listing(("a",)))
    assert fixed is not None and fixed.summary == "stale DAG ids (appeared: a; disappeared: @file)"
