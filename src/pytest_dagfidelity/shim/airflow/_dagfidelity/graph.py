"""Dependencies between tasks, groups and XComArgs: ``>>``, ``<<``, edge labels, chain helpers.

A port of Airflow's DependencyMixin / EdgeModifier semantics (roots, leaves and
``update_relative``), so every construct wires the same edges as real Airflow.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import errors

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class DependencyMixin:
    @property
    def roots(self) -> list[Any]:
        raise NotImplementedError

    @property
    def leaves(self) -> list[Any]:
        raise NotImplementedError

    def set_upstream(self, other: Any, edge_modifier: Any = None) -> None:
        raise NotImplementedError

    def set_downstream(self, other: Any, edge_modifier: Any = None) -> None:
        raise NotImplementedError

    def update_relative(self, other: Any, upstream: bool = True, edge_modifier: Any = None) -> None:
        pass

    def __lshift__(self, other: Any) -> Any:
        self.set_upstream(other)
        return other

    def __rshift__(self, other: Any) -> Any:
        self.set_downstream(other)
        return other

    def __rrshift__(self, other: Any) -> Any:
        self.__lshift__(other)
        return self

    def __rlshift__(self, other: Any) -> Any:
        self.__rshift__(other)
        return self


def as_list(item_or_list: Any) -> Sequence[Any]:
    if type(item_or_list) is list:  # without the Sequence ABC's check (once per edge)
        return item_or_list
    return item_or_list if isinstance(item_or_list, Sequence) else [item_or_list]


class EdgeModifier(DependencyMixin):
    """``t1 >> Label("x") >> t2``: waits until both sides are known, then wires them."""

    def __init__(self, label: str | None = None) -> None:
        self.label = label
        self._upstream: list[Any] = []
        self._downstream: list[Any] = []

    @property
    def roots(self) -> list[Any]:
        return self._downstream

    @property
    def leaves(self) -> list[Any]:
        return self._upstream

    def _save_nodes(self, nodes: Any, stream: list[Any]) -> None:
        from .operators import Node
        from .taskgroup import TaskGroup
        from .xcom import XComArg

        for node in as_list(nodes):
            if isinstance(node, (TaskGroup, XComArg, Node)):
                stream.append(node)
            else:
                raise TypeError(
                    f"Cannot use edge labels with {type(node).__name__}, only tasks, XComArg or TaskGroups"
                )

    @staticmethod
    def _group_of(node: Any) -> Any:
        """Airflow's ``DAGNode.task_group``: a task's group, and a task group's parent group."""
        from .operators import Node
        from .taskgroup import TaskGroup

        if isinstance(node, Node):
            return node.task_group
        if isinstance(node, TaskGroup):
            return node.parent_group
        return None

    def _convert_streams_to_task_groups(self) -> None:
        from .taskgroup import TaskGroup
        from .xcom import XComArg

        group_ids = set()
        for node in [*self._upstream, *self._downstream]:
            group = self._group_of(node.operator if isinstance(node, XComArg) else node)
            if group is not None:
                group_ids.add("root" if group.is_root else group.group_id)
            elif isinstance(node, TaskGroup):
                group_ids.add(node.group_id)
        if len(group_ids) != 1:
            self._upstream = self._to_groups(self._upstream)
            self._downstream = self._to_groups(self._downstream)

    @classmethod
    def _to_groups(cls, stream: list[Any]) -> list[Any]:
        converted = []
        for node in stream:
            group = cls._group_of(node)
            converted.append(group if group is not None and not group.is_root else node)
        return converted

    def set_upstream(self, other: Any, edge_modifier: Any = None) -> None:
        self._save_nodes(other, self._upstream)
        if self._upstream and self._downstream:
            self._convert_streams_to_task_groups()
        for node in self._downstream:
            node.set_upstream(other, edge_modifier=self)

    def set_downstream(self, other: Any, edge_modifier: Any = None) -> None:
        self._save_nodes(other, self._downstream)
        if self._upstream and self._downstream:
            self._convert_streams_to_task_groups()
        for node in self._upstream:
            node.set_downstream(other, edge_modifier=self)

    def update_relative(self, other: Any, upstream: bool = True, edge_modifier: Any = None) -> None:
        if upstream:
            self.set_upstream(other)
        else:
            self.set_downstream(other)

    def add_edge_info(self, dag: Any, upstream_id: str, downstream_id: str) -> None:
        dag.set_edge_info(upstream_id, downstream_id, {"label": self.label})


def Label(label: str) -> EdgeModifier:  # noqa: N802 - Airflow's name
    return EdgeModifier(label)


def chain(*tasks: Any) -> None:
    for up, down in zip(tasks, tasks[1:], strict=False):
        if isinstance(up, DependencyMixin):
            up.set_downstream(down)
            continue
        if isinstance(down, DependencyMixin):
            down.set_upstream(up)
            continue
        if not isinstance(up, Sequence) or not isinstance(down, Sequence):
            raise TypeError(f"Chain not supported between instances of {type(up)} and {type(down)}")
        if len(up) != len(down):
            from . import runtime

            raise errors.by_name(runtime.TARGET.error("chain_lengths"))(
                f"Chain not supported for different length Iterable. Got {len(up)} and {len(down)}."
            )
        for u, d in zip(up, down, strict=True):
            u.set_downstream(d)


def cross_downstream(from_tasks: Sequence[Any], to_tasks: Any) -> None:
    for task in from_tasks:
        task.set_downstream(to_tasks)


def chain_linear(*elements: Any) -> None:
    if not elements:
        raise ValueError("No tasks provided; nothing to do.")
    prev: Any = None
    deps_set = False
    for current in elements:
        if isinstance(current, EdgeModifier):
            raise ValueError("Labels are not supported by chain_linear")
        if prev is not None:
            for task in prev:
                task >> current
                deps_set = True
        prev = [current] if isinstance(current, DependencyMixin) else current
    if not deps_set:
        raise ValueError("No dependencies were set. Did you forget to expand with `*`?")
