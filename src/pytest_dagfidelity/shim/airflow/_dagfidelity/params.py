"""Param, ParamsDict and the DagParam a ``@dag`` function receives."""

from __future__ import annotations

import copy
from collections.abc import Iterator, MutableMapping

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class ArgNotSet:
    def __repr__(self) -> str:
        return "NOTSET"


NOTSET: Any = ArgNotSet()


class Param:
    def __init__(self, default: Any = NOTSET, description: str | None = None, **kwargs: Any) -> None:
        self.value = default
        self.description = description
        self.schema = kwargs.pop("schema") if "schema" in kwargs else kwargs

    @property
    def has_value(self) -> bool:
        return not isinstance(self.value, ArgNotSet) and self.value is not None

    def __copy__(self) -> Param:
        return Param(self.value, self.description, schema=self.schema)


class ParamsDict(MutableMapping):  # type: ignore[type-arg]  # MutableMapping[str, Any]
    def __init__(self, dict_obj: Any = None, suppress_exception: bool = False) -> None:
        self.__dict: dict[str, Param] = {}
        for k, v in (dict_obj or {}).items():
            self[k] = v

    def __setitem__(self, key: str, value: Any) -> None:
        if isinstance(value, Param):
            self.__dict[key] = value
        elif key in self.__dict:
            self.__dict[key].value = value
        else:
            self.__dict[key] = Param(value)

    def __getitem__(self, key: str) -> Any:
        return self.__dict[key].value

    def __delitem__(self, key: str) -> None:
        del self.__dict[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.__dict)

    def __len__(self) -> int:
        return len(self.__dict)

    def get_param(self, key: str) -> Param:
        return self.__dict[key]

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        other = args[0] if args else kwargs
        if isinstance(other, ParamsDict):
            for k in other:
                self[k] = other.get_param(k)
        else:
            for k, v in dict(other).items():
                self[k] = v

    def __deepcopy__(self, memo: Any) -> ParamsDict:
        new = ParamsDict()
        for k in self:
            p = self.get_param(k)
            new[k] = Param(copy.deepcopy(p.value, memo), p.description, schema=copy.deepcopy(p.schema, memo))
        return new

    def items(self) -> Any:  # name -> Param: what the compiler reads
        return [(k, self.get_param(k)) for k in self]


class DagParam:
    """Stands for a ``@dag`` function argument; resolves to the DAG param at run time."""

    def __init__(self, current_dag: Any, name: str, default: Any = NOTSET) -> None:
        if not isinstance(default, ArgNotSet):
            current_dag.params[name] = default
        self._name = name
        self._default = default
        self.current_dag = current_dag

    def iter_references(self) -> Iterator[Any]:
        return iter(())
