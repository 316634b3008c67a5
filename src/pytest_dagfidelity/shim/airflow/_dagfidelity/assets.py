"""Assets (Airflow 3) and Datasets (Airflow 2): identity, aliases and ``&`` / ``|`` conditions."""

from __future__ import annotations

from typing import Any

from . import runtime


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
    ) -> None:
        if name is None and uri is None:
            raise TypeError("Asset() requires either 'name' or 'uri'")
        self.name = name if name is not None else uri
        self.uri = uri if uri is not None else name
        self.group = group
        self.extra = extra or {}
        self.watchers = watchers or []

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Asset) and (self.name, self.uri, self.group) == (
            other.name,
            other.uri,
            other.group,
        )

    def __hash__(self) -> int:
        return hash((self.name, self.uri))


class Dataset(BaseAsset):
    """Airflow 2: identified by its URI."""

    def __init__(self, uri: str, extra: dict[str, Any] | None = None) -> None:
        self.uri = uri
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
