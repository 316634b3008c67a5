"""Assets (Airflow 3) and Datasets (Airflow 2): identity, aliases and ``&`` / ``|`` conditions."""

from __future__ import annotations

from . import runtime

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class BaseAsset:
    def __and__(self, other: Any) -> Any:
        if not isinstance(other, BaseAsset):
            return NotImplemented
        return all_of(self, other)

    def __or__(self, other: Any) -> Any:
        if not isinstance(other, BaseAsset):
            return NotImplemented
        return any_of(self, other)

    def iter_references(self) -> Any:
        return iter(())


class Asset(BaseAsset):
    """Airflow 3: name and uri default to each other; group defaults to "asset"."""

    def __init__(
        self,
        name: str | None = None,
        uri: str | None = None,
        *,
        group: str = "asset",
        extra: dict[str, Any] | None = None,
        watchers: Any = None,
        **more: Any,
    ) -> None:
        if more.keys() - _asset_extras():
            unknown = sorted(more.keys() - _asset_extras())[0]
            raise TypeError(f"Asset.__init__() got an unexpected keyword argument '{unknown}'")
        if name is None and uri is None:
            raise TypeError("Asset() requires either 'name' or 'uri'")
        from .asset_uris import sanitize_uri, validate_name

        self.name = name if name is not None else str(uri)
        validate_name(self.name, "Asset")
        self.uri = sanitize_uri(uri if uri is not None else name, "Asset")
        self.group = group
        self.extra = extra or {}
        self.watchers = list(watchers or [])
        for watcher in self.watchers:
            if not isinstance(watcher, AssetWatcher):
                raise TypeError(f"Asset watchers must be AssetWatcher objects, not {type(watcher).__name__}")
        self.access_control = more.get("access_control")

    @staticmethod
    def ref(*, name: str = "", uri: str = "") -> Any:
        if name and uri:
            raise TypeError("Asset reference must be made to either name or URI, not both")
        if name:
            return AssetNameRef(name)
        if uri:
            return AssetUriRef(uri)
        raise TypeError("Asset reference expects keyword argument 'name' or 'uri'")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Asset) and (self.name, self.uri, self.group) == (
            other.name,
            other.uri,
            other.group,
        )

    def __hash__(self) -> int:
        return hash((self.name, self.uri))


def _asset_extras() -> set[str]:
    """Keyword arguments ``Asset`` takes beyond name, uri, group, extra and watchers (measured)."""
    from .signatures import measured

    signature = measured("Asset")
    return set(signature["params"]) - {"name", "uri", "group", "extra", "watchers"} if signature else set()


class AssetNameRef(BaseAsset):
    """``Asset.ref(name=...)``: an asset known by name, defined elsewhere."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.name == self.name  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.name))


class AssetUriRef(BaseAsset):
    def __init__(self, uri: str) -> None:
        self.uri = uri

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.uri == self.uri  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.uri))


class AssetWatcher:
    """Watches an asset through an event trigger; dag.json carries the asset's identity only."""

    def __init__(self, name: str, trigger: Any) -> None:
        from .triggers import Trigger

        if not (isinstance(trigger, Trigger) and trigger.event):
            raise ValueError("Asset watcher trigger must inherit BaseEventTrigger")
        self.name = name
        self.trigger = trigger


class AssetAccessControl:
    """Which teams may produce or consume an asset (Airflow 3.3); not part of its identity."""

    def __init__(
        self, producer_teams: Any = None, consumer_teams: Any = None, allow_global: bool = True
    ) -> None:
        if not isinstance(allow_global, bool):
            raise TypeError("'allow_global' must be <class 'bool'>")
        self.producer_teams = list(producer_teams or [])
        self.consumer_teams = consumer_teams
        self.allow_global = allow_global


class Dataset(BaseAsset):
    """Airflow 2: identified by its URI."""

    def __init__(self, uri: str, extra: dict[str, Any] | None = None) -> None:
        from .asset_uris import sanitize_uri

        self.uri = sanitize_uri(uri, "Dataset")
        self.extra = extra or {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dataset) and self.uri == other.uri

    def __hash__(self) -> int:
        return hash(self.uri)


class SdkDataset(Asset):
    """Airflow 3's ``airflow.sdk.definitions.asset.Dataset``: an Asset of group "dataset"."""

    def __init__(self, name: str | None = None, uri: str | None = None, *, group: str = "dataset", **kw: Any):
        super().__init__(name, uri, group=group, **kw)


SdkDataset.__name__ = SdkDataset.__qualname__ = "Dataset"


class AssetAlias(BaseAsset):
    def __init__(self, name: str, group: str = "asset") -> None:
        self.name = name
        self.group = group


class DatasetAlias(BaseAsset):
    def __init__(self, name: str) -> None:
        self.name = name


class _Condition(BaseAsset):
    def __init__(self, *objects: Any) -> None:
        if not all(isinstance(o, BaseAsset) for o in objects):
            raise TypeError("expect asset expressions in condition")
        self.objects = list(objects)


class AssetAll(_Condition):
    def __and__(self, other: Any) -> Any:
        if not isinstance(other, BaseAsset):
            return NotImplemented
        return type(self)(*self.objects, other)  # X & (Y & Z) flattens, as in Airflow


class AssetAny(_Condition):
    def __or__(self, other: Any) -> Any:
        if not isinstance(other, BaseAsset):
            return NotImplemented
        return type(self)(*self.objects, other)


class DatasetAll(AssetAll):
    pass


class DatasetAny(AssetAny):
    pass


def all_of(*objects: Any) -> Any:
    return (AssetAll if runtime.TARGET.major >= 3 else DatasetAll)(*objects)


def any_of(*objects: Any) -> Any:
    return (AssetAny if runtime.TARGET.major >= 3 else DatasetAny)(*objects)
