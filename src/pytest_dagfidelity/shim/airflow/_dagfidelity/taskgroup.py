"""TaskGroup, MappedTaskGroup and ``@task_group``."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterator

from . import callable_params, errors, runtime
from .graph import DependencyMixin, as_list

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

_GROUP_KEY = re.compile(r"^[\w-]+$")
# What deepcopy hands back as it is: a dict of these alone copies as a plain dict.
_ATOMIC = frozenset((str, int, float, bool, type(None)))


def copy_default_args(value: Any) -> Any:
    """``copy.deepcopy`` of a DAG's or group's default_args, without its per-item dispatch for the
    usual ones (a few strings and numbers)."""
    if type(value) is dict and all(type(k) is str and type(v) in _ATOMIC for k, v in value.items()):
        return dict(value)
    return copy.deepcopy(value)


class TaskGroup(DependencyMixin):
    def __init__(
        self,
        group_id: str | None = None,
        prefix_group_id: bool = True,
        parent_group: TaskGroup | None = None,
        dag: Any = None,
        default_args: dict[str, Any] | None = None,
        tooltip: str = "",
        ui_color: str = "CornflowerBlue",
        ui_fgcolor: str = "#000",
        add_suffix_on_collision: bool = False,
        group_display_name: str = "",
    ) -> None:
        self.prefix_group_id = prefix_group_id
        self.default_args = copy_default_args(default_args or {})
        self.tooltip = tooltip
        self.children: dict[str, Any] = {}
        self.upstream_group_ids: set[str] = set()
        self.downstream_group_ids: set[str] = set()
        self.upstream_task_ids: set[str] = set()
        self.downstream_task_ids: set[str] = set()
        dag = dag or runtime.current_dag()
        self._group_id = group_id
        if group_id is None:
            self.parent_group: TaskGroup | None = None
            self.used_group_ids: set[str | None] = set()
            self.dag = dag
            return
        if not isinstance(group_id, str):
            raise ValueError("group_id must be str")
        if not _GROUP_KEY.match(group_id) or len(group_id) > 200:
            raise errors.by_name(runtime.TARGET.error("invalid_task_id"))(
                f"The key {group_id!r} has to be made of alphanumeric characters, dashes and underscores "
                "exclusively"
            )
        parent_group = parent_group or runtime.current_group(dag)
        if parent_group is None:
            raise errors.AirflowException("TaskGroup can only be used inside a dag")
        self.parent_group = parent_group
        self.dag = dag or parent_group.dag
        self.used_group_ids = parent_group.used_group_ids
        self._check_for_group_id_collisions(add_suffix_on_collision)
        parent_group.add(self)
        if parent_group.default_args:
            self.default_args = {**parent_group.default_args, **self.default_args}
        self.used_group_ids.add(self.group_id)
        self.used_group_ids.add(self.downstream_join_id)
        self.used_group_ids.add(self.upstream_join_id)

    def _check_for_group_id_collisions(self, add_suffix: bool) -> None:
        # Airflow 2 compares the bare label with the full ids already used; Airflow 3 the full id.
        label_rule = "error" in runtime.TARGET.facts.get("group_label_reuse", {})
        if (self._group_id if label_rule else self.group_id) not in self.used_group_ids:
            return
        if not add_suffix:
            raise errors.DuplicateTaskIdFound(
                f"group_id '{self._group_id}' has already been added to the DAG"
            )
        assert self._group_id is not None
        base = re.split(r"__\d+$", self._group_id)[0]
        suffixes = sorted(
            int(re.split(r"^.+__", used)[1])
            for used in self.used_group_ids
            if used is not None and re.match(rf"^{base}__\d+$", used)
        )
        self._group_id = f"{base}__1" if not suffixes else f"{base}__{suffixes[-1] + 1}"

    @property
    def group_id(self) -> str | None:
        parent = self.parent_group
        if self._group_id and parent is not None and parent.prefix_group_id and parent._group_id:
            return parent.child_id(self._group_id)
        return self._group_id

    node_id = group_id

    @property
    def is_root(self) -> bool:
        return self._group_id is None

    @property
    def label(self) -> str | None:
        return self._group_id

    @property
    def upstream_join_id(self) -> str:
        return f"{self.group_id}.upstream_join_id"

    @property
    def downstream_join_id(self) -> str:
        return f"{self.group_id}.downstream_join_id"

    def child_id(self, label: str) -> str:
        if not self._group_id:  # the root group (every task of a DAG without groups)
            return label
        group_id = self.group_id if self.prefix_group_id else None  # once: it recurses to the root
        return f"{group_id}.{label}" if group_id else label

    def add(self, node: Any) -> Any:
        if getattr(node, "__dict__", {}).get("task_group") is not self:  # a task built here has it
            node.task_group = self
        key = node.node_id
        if key in self.children:
            kind = "Task" if hasattr(node, "task_id") else "Task Group"
            raise errors.DuplicateTaskIdFound(f"{kind} id '{key}' has already been added to the DAG")
        if isinstance(node, TaskGroup) and node.children:
            raise errors.AirflowException("Cannot add a non-empty TaskGroup")
        self.children[key] = node
        return node

    def __iter__(self) -> Iterator[Any]:
        for child in self.children.values():
            if isinstance(child, TaskGroup):
                yield from child
            else:
                yield child

    def get_roots(self) -> Iterator[Any]:
        tasks = list(self)
        ids = {t.task_id for t in tasks}
        for task in tasks:
            if task.upstream_task_ids.isdisjoint(ids):
                yield task

    def get_leaves(self) -> Iterator[Any]:
        tasks = list(self)
        ids = {t.task_id for t in tasks}

        def has_non_teardown_downstream(task: Any, exclude: str) -> bool:
            for down in task.downstream_list:
                if down.task_id == exclude or down.task_id not in ids:
                    continue
                if not down.is_teardown:
                    return True
            return False

        def first_non_teardown(task: Any) -> Iterator[Any]:
            for up in task.upstream_list:
                if up.task_id not in ids:
                    continue
                if up.is_teardown:
                    yield from first_non_teardown(up)
                elif task.is_teardown and up.is_setup:
                    continue
                elif not has_non_teardown_downstream(up, exclude=task.task_id):
                    yield up

        for task in tasks:
            if task.downstream_task_ids.isdisjoint(ids):
                if not task.is_teardown:
                    yield task
                else:
                    yield from first_non_teardown(task)

    @property
    def roots(self) -> list[Any]:
        return list(self.get_roots())

    @property
    def leaves(self) -> list[Any]:
        return list(self.get_leaves())

    def update_relative(self, other: Any, upstream: bool = True, edge_modifier: Any = None) -> None:
        if isinstance(other, TaskGroup):
            if upstream:
                parent, child = self, other
                if edge_modifier:
                    edge_modifier.add_edge_info(self.dag, other.downstream_join_id, self.upstream_join_id)
            else:
                parent, child = other, self
                if edge_modifier:
                    edge_modifier.add_edge_info(self.dag, self.downstream_join_id, other.upstream_join_id)
            parent.upstream_group_ids.add(child.group_id)
            child.downstream_group_ids.add(parent.group_id)
            return
        for task in other.roots:
            if task is self:
                continue
            if upstream:
                self.upstream_task_ids.add(task.node_id)
                if edge_modifier:
                    edge_modifier.add_edge_info(self.dag, task.node_id, self.upstream_join_id)
            else:
                self.downstream_task_ids.add(task.node_id)
                if edge_modifier:
                    edge_modifier.add_edge_info(self.dag, self.downstream_join_id, task.node_id)

    def _downstream_sources(self) -> list[Any]:
        """The tasks a downstream edge leaves from: the group's leaves. The 3.x task SDK's
        group without leaves falls back to its upstream tasks, else to its parent's leaves."""
        if runtime.TARGET.major < 3:
            return list(self.get_leaves())
        group: TaskGroup | None = self
        while group is not None:
            leaves = list(group.get_leaves())
            if leaves:
                return leaves
            if group.upstream_task_ids:
                return [self.dag.get_task(task_id) for task_id in group.upstream_task_ids]
            group = group.parent_group
        return []

    def _set_relatives(self, others: Any, upstream: bool = False, edge_modifier: Any = None) -> None:
        others = as_list(others)
        sources = [] if upstream else self._downstream_sources()
        for other in others:
            self.update_relative(other, upstream, edge_modifier=edge_modifier)
        if upstream:
            for task in self.get_roots():
                task.set_upstream(others)
        else:
            for task in sources:
                task.set_downstream(others)

    def set_upstream(self, other: Any, edge_modifier: Any = None) -> None:
        self._set_relatives(other, upstream=True, edge_modifier=edge_modifier)

    def set_downstream(self, other: Any, edge_modifier: Any = None) -> None:
        self._set_relatives(other, upstream=False, edge_modifier=edge_modifier)

    def __enter__(self) -> TaskGroup:
        runtime.STATE.group_stack.setdefault(id(self.dag), []).append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        stack = runtime.STATE.group_stack.get(id(self.dag), [])
        if stack and stack[-1] is self:
            stack.pop()

    _expand_input: Any = None


class MappedTaskGroup(TaskGroup):
    def __init__(self, *, expand_input: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._expand_input = expand_input

    def __exit__(self, *exc: Any) -> None:
        # As Airflow: what the expand input refers to is upstream of the whole group.
        from .xcom import iter_xcom_references

        for operator, _ in iter_xcom_references(self._expand_input.value):
            self.set_upstream(operator)
        super().__exit__(*exc)


class MappedArgument:
    """What a mapped task group's function receives for each expanded argument."""

    def __init__(self, input: Any, key: str) -> None:  # noqa: A002 - Airflow's name
        self._input = input
        self._key = key

    def iter_references(self) -> Iterator[Any]:
        from .xcom import iter_xcom_references

        yield from iter_xcom_references(self._input.value)


class _TaskGroupFactory:
    def __init__(self, function: Callable[..., Any], kwargs: dict[str, Any]) -> None:
        self.function = function
        self.tg_kwargs = kwargs
        functools.update_wrapper(self, function)

    def _make_group(self, mapped_input: Any = None) -> TaskGroup:
        kwargs = {"add_suffix_on_collision": True, **self.tg_kwargs}
        kwargs.setdefault("group_id", self.function.__name__)
        if kwargs.get("tooltip") in (None, "") and self.function.__doc__:
            kwargs["tooltip"] = self.function.__doc__
        if mapped_input is not None:
            return MappedTaskGroup(expand_input=mapped_input, **kwargs)
        return TaskGroup(**kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._make_group() as group:
            result = self.function(*args, **kwargs)
        return _group_result(group, result)

    def override(self, **kwargs: Any) -> _TaskGroupFactory:
        return _TaskGroupFactory(self.function, {**self.tg_kwargs, **kwargs})

    def partial(self, **kwargs: Any) -> _PartialTaskGroup:
        return _PartialTaskGroup(self, kwargs)

    def expand(self, **kwargs: Any) -> Any:
        return _PartialTaskGroup(self, {}).expand(**kwargs)

    def expand_kwargs(self, value: Any) -> Any:
        return _PartialTaskGroup(self, {}).expand_kwargs(value)


class _PartialTaskGroup:
    def __init__(self, factory: _TaskGroupFactory, partial: dict[str, Any]) -> None:
        self.factory = factory
        self.partial_kwargs = partial

    def expand(self, **kwargs: Any) -> Any:
        from .operators import DictOfListsExpandInput, ensure_xcomarg_return_value

        if not kwargs:
            raise TypeError("no arguments to expand against")
        ensure_xcomarg_return_value(kwargs)
        expand_input = DictOfListsExpandInput(kwargs)
        with self.factory._make_group(expand_input) as group:
            args = {k: MappedArgument(expand_input, k) for k in kwargs}
            result = self.factory.function(**self.partial_kwargs, **args)
        return _group_result(group, result)

    def expand_kwargs(self, value: Any) -> Any:
        from .operators import ListOfDictsExpandInput, ensure_xcomarg_return_value

        ensure_xcomarg_return_value(value)
        expand_input = ListOfDictsExpandInput(value)
        params = callable_params.signature(self.factory.function).parameters
        names = [n for n in params if n not in self.partial_kwargs]
        with self.factory._make_group(expand_input) as group:
            args = {n: MappedArgument(expand_input, n) for n in names}
            result = self.factory.function(**self.partial_kwargs, **args)
        return _group_result(group, result)


def _group_result(group: TaskGroup, result: Any) -> Any:
    # As Airflow: what the function returned, so dependencies bind to it; else the group.
    return result if result is not None else group


def task_group(python_callable: Callable[..., Any] | None = None, **kwargs: Any) -> Any:
    if callable(python_callable) and not kwargs:
        return _TaskGroupFactory(python_callable, {})
    if python_callable is not None:
        kwargs.setdefault("group_id", python_callable)

    def wrapper(f: Callable[..., Any]) -> _TaskGroupFactory:
        return _TaskGroupFactory(f, kwargs)

    return wrapper
