"""``with setup >> teardown:`` context managers, ported from Airflow's SetupTeardownContext.

Work tasks created inside the context are wired after the setup and before the
teardown; nested contexts chain setups to setups and teardowns to teardowns.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class SetupTeardownContext:
    active = False
    context_map: dict[Any, list[Any]] = {}
    _setup: Any = []
    _prev_setup: list[Any] = []
    _teardown: Any = []
    _prev_teardown: list[Any] = []
    _teardown_downstream_of_setup: Any = []
    _prev_teardown_downstream_of_setup: list[Any] = []
    _setup_upstream_of_teardown: Any = []
    _prev_setup_upstream_of_teardown: list[Any] = []

    @classmethod
    def reset(cls) -> None:
        cls.active = False
        cls.context_map = {}
        cls._setup, cls._prev_setup, cls._teardown, cls._prev_teardown = [], [], [], []
        cls._teardown_downstream_of_setup, cls._prev_teardown_downstream_of_setup = [], []
        cls._setup_upstream_of_teardown, cls._prev_setup_upstream_of_teardown = [], []

    @staticmethod
    def _key(task: Any) -> Any:
        return tuple(task) if isinstance(task, list) else task

    @classmethod
    def set_dependency(cls, receiving: Any, new: Any, upstream: bool = True) -> None:
        for task in new if isinstance(new, (list, tuple)) else [new]:
            if upstream:
                task.set_upstream(receiving)
            else:
                task.set_downstream(receiving)

    @classmethod
    def _pop(cls, current: str, previous: str, upstream: bool) -> Any:
        old = getattr(cls, current)
        stack = getattr(cls, previous)
        if stack:
            setattr(cls, current, stack.pop())
            new = getattr(cls, current)
            if new and old:
                cls.set_dependency(old, new, upstream=upstream)
        else:
            setattr(cls, current, [])
        return old

    @classmethod
    def _push(cls, current: str, previous: str, value: Any) -> None:
        existing = getattr(cls, current)
        if existing and existing != value:
            getattr(cls, previous).append(existing)
        setattr(cls, current, value)

    @classmethod
    def update_context_map(cls, task: Any) -> None:
        if task.is_setup or task.is_teardown:
            return
        for managed in (cls._setup, cls._teardown):
            if managed:
                cls.context_map.setdefault(cls._key(managed), []).append(task)

    @classmethod
    def push_setup_teardown_task(cls, operator: Any) -> None:
        first = operator[0] if isinstance(operator, list) else operator
        if isinstance(operator, list) and any(t.is_setup != first.is_setup for t in operator):
            cls.reset()
            raise ValueError("All tasks in the list must be either setup or teardown tasks")
        if first.is_teardown:
            cls._push("_teardown", "_prev_teardown", operator)
            cls._update_related(
                operator,
                "_setup_upstream_of_teardown",
                "_prev_setup_upstream_of_teardown",
                lambda t: t.is_setup,
                "upstream_list",
            )
        elif first.is_setup:
            cls._push("_setup", "_prev_setup", operator)
            cls._update_related(
                operator,
                "_teardown_downstream_of_setup",
                "_prev_teardown_downstream_of_setup",
                lambda t: t.is_teardown,
                "downstream_list",
            )
        cls.active = True

    @classmethod
    def _update_related(cls, operator: Any, current: str, previous: str, wanted: Any, start: str) -> None:
        operator = operator[0] if isinstance(operator, list) else operator

        def search(tasks: list[Any]) -> list[Any]:
            found = [t for t in tasks if wanted(t)]
            if found:
                return found
            nxt = [x for t in tasks for x in t.downstream_list + t.upstream_list if x != operator]
            return search(nxt) if nxt else []

        related = search(getattr(operator, start))
        existing = getattr(cls, current)
        if existing and existing != related:
            getattr(cls, previous).append(existing)
        setattr(cls, current, related)

    @classmethod
    def set_work_task_roots_and_leaves(cls) -> None:
        if setup_task := cls._setup:
            key = cls._key(setup_task)
            tasks = [x for x in cls.context_map.get(key, []) if not x.is_teardown and not x.is_setup]
            if tasks:
                roots = [t for t in tasks if not t.upstream_list]
                if not roots:
                    key >> tasks[0]
                else:
                    cls.set_dependency(roots, key, upstream=False)
                leaves = [t for t in tasks if not t.downstream_list] or tasks[-1]
                if cls._teardown:
                    cls.set_dependency(cls._teardown, cls._teardown_downstream_of_setup)
                else:
                    cls.set_dependency(leaves, cls._teardown_downstream_of_setup)
        if teardown_task := cls._teardown:
            key = cls._key(teardown_task)
            tasks = [x for x in cls.context_map.get(key, []) if not x.is_teardown and not x.is_setup]
            if tasks:
                leaves = [t for t in tasks if not t.downstream_list]
                if not leaves:
                    key << tasks[-1]
                else:
                    cls.set_dependency(leaves, key)
                roots = [t for t in tasks if not t.upstream_list] or tasks[0]
                if cls._setup:
                    cls.set_dependency(cls._setup, cls._setup_upstream_of_teardown, upstream=False)
                else:
                    cls.set_dependency(roots, cls._setup_upstream_of_teardown, upstream=False)
        setup = cls._pop("_setup", "_prev_setup", upstream=False)
        teardown = cls._pop("_teardown", "_prev_teardown", upstream=True)
        cls._pop("_teardown_downstream_of_setup", "_prev_teardown_downstream_of_setup", upstream=True)
        cls._pop("_setup_upstream_of_teardown", "_prev_setup_upstream_of_teardown", upstream=False)
        cls.context_map.pop(cls._key(setup), None)
        cls.context_map.pop(cls._key(teardown), None)
        cls.active = False


def enter(task: Any) -> None:
    SetupTeardownContext.push_setup_teardown_task(task)


def exit_(task: Any) -> None:
    SetupTeardownContext.set_work_task_roots_and_leaves()
