"""XComArg and its derivatives: the values that carry task outputs and imply dependencies."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .graph import DependencyMixin
from .params import NOTSET

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class XComArg(DependencyMixin):
    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls is XComArg:  # XComArg(operator, key=...) builds a plain reference, as in Airflow
            return object.__new__(PlainXComArg)
        return object.__new__(cls)

    def __getitem__(self, key: str) -> XComArg:
        raise NotImplementedError

    def __iter__(self) -> Iterator[Any]:
        raise TypeError("'XComArg' object is not iterable")

    def iter_references(self) -> Iterator[tuple[Any, str]]:
        raise NotImplementedError

    def map(self, f: Callable[[Any], Any]) -> MapXComArg:
        return MapXComArg(self, [f])

    def zip(self, *others: XComArg, fillvalue: Any = NOTSET) -> ZipXComArg:
        return ZipXComArg([self, *others], fillvalue=fillvalue)

    def concat(self, *others: XComArg) -> ConcatXComArg:
        return ConcatXComArg([self, *others])

    @property
    def roots(self) -> list[Any]:
        return [op for op, _ in self.iter_references()]

    @property
    def leaves(self) -> list[Any]:
        return [op for op, _ in self.iter_references()]

    def set_upstream(self, other: Any, edge_modifier: Any = None) -> None:
        for operator, _ in self.iter_references():
            operator.set_upstream(other, edge_modifier=edge_modifier)

    def set_downstream(self, other: Any, edge_modifier: Any = None) -> None:
        for operator, _ in self.iter_references():
            operator.set_downstream(other, edge_modifier=edge_modifier)

    def __enter__(self) -> Any:
        return self.operator.__enter__()  # type: ignore[attr-defined]

    def __exit__(self, *exc: Any) -> None:
        self.operator.__exit__(*exc)  # type: ignore[attr-defined]


class PlainXComArg(XComArg):
    def __init__(self, operator: Any, key: str = "return_value") -> None:
        self.operator = operator
        self.key = key

    def __getitem__(self, key: str) -> XComArg:
        return PlainXComArg(self.operator, key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainXComArg) and other.operator is self.operator and other.key == self.key

    def __hash__(self) -> int:
        return hash((id(self.operator), self.key))

    def __repr__(self) -> str:
        return (
            f"XComArg({self.operator!r})"
            if self.key == "return_value"
            else f"XComArg({self.operator!r}, {self.key!r})"
        )

    def __str__(self) -> str:
        # As Airflow: an XComArg formatted into a string becomes the Jinja pull of its value.
        pull = [f"task_ids='{self.operator.task_id}'", f"dag_id='{self.operator.dag_id}'"]
        if self.key is not None:
            pull.append(f"key='{self.key}'")
        return f"{{{{ task_instance.xcom_pull({', '.join(pull)}) }}}}"

    def iter_references(self) -> Iterator[tuple[Any, str]]:
        yield self.operator, self.key

    @property
    def is_setup(self) -> bool:
        return bool(self.operator.is_setup)

    @is_setup.setter
    def is_setup(self, value: bool) -> None:
        self.operator.is_setup = value

    @property
    def is_teardown(self) -> bool:
        return bool(self.operator.is_teardown)

    @is_teardown.setter
    def is_teardown(self, value: bool) -> None:
        self.operator.is_teardown = value

    def as_setup(self) -> PlainXComArg:
        self.operator.is_setup = True
        return self

    def as_teardown(self, *, setups: Any = NOTSET, on_failure_fail_dagrun: Any = NOTSET) -> PlainXComArg:
        self.operator.as_teardown(setups=setups, on_failure_fail_dagrun=on_failure_fail_dagrun)
        return self

    def map(self, f: Callable[[Any], Any]) -> MapXComArg:
        if self.key != "return_value":
            raise ValueError("cannot map against non-return XCom")
        return super().map(f)


class MapXComArg(XComArg):
    def __init__(self, arg: XComArg, callables: list[Callable[[Any], Any]]) -> None:
        self.arg = arg
        self.callables = callables

    def iter_references(self) -> Iterator[tuple[Any, str]]:
        yield from self.arg.iter_references()

    def map(self, f: Callable[[Any], Any]) -> MapXComArg:
        return MapXComArg(self.arg, [*self.callables, f])


class ZipXComArg(XComArg):
    def __init__(self, args: list[XComArg], *, fillvalue: Any = NOTSET) -> None:
        self.args = args
        self.fillvalue = fillvalue

    def iter_references(self) -> Iterator[tuple[Any, str]]:
        for arg in self.args:
            yield from arg.iter_references()


class ConcatXComArg(ZipXComArg):
    def __init__(self, args: list[XComArg]) -> None:
        super().__init__(args)


def iter_xcom_references(value: Any) -> Iterator[tuple[Any, str]]:
    """Every (operator, key) an argument value refers to, however deeply nested."""
    if isinstance(value, XComArg):
        yield from value.iter_references()
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from iter_xcom_references(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_xcom_references(item)
    elif hasattr(value, "iter_references") and not isinstance(value, type):
        yield from value.iter_references()


# Values of exactly these types hold no XComArg (a subclass may: it is looked into).
_REFERS_TO_NOTHING = frozenset((str, int, float, bool, type(None)))


def refers_to_nothing(value: Any) -> bool:
    """Whether ``value`` is one of those, or a plain list, tuple or dict of them only (the
    search for XCom references would find none in it)."""
    kind = type(value)
    if kind in _REFERS_TO_NOTHING:
        return True
    if kind is list or kind is tuple:
        items = value
    elif kind is dict:
        items = value.values()
    else:
        return False
    return all(type(item) in _REFERS_TO_NOTHING for item in items)


def set_upstream_from(task: Any, values: Any) -> None:
    for operator, _ in iter_xcom_references(values):
        task.set_upstream(operator)
