"""``with setup >> teardown:``: work tasks created inside are wired between them."""

from __future__ import annotations

from typing import Any

from . import runtime

_STACK: list[tuple[list[Any], list[Any], set[str], Any]] = []


def enter(task: Any) -> None:
    dag = task.dag or runtime.current_dag()
    if task.is_teardown:
        setups = [t for t in task.upstream_list if t.is_setup]
        teardowns = [task]
    else:
        setups = [task]
        teardowns = [t for t in task.downstream_list if t.is_teardown]
    _STACK.append((setups, teardowns, set(dag.task_ids) if dag else set(), dag))


def exit_(task: Any) -> None:
    setups, teardowns, before, dag = _STACK.pop()
    if dag is None:
        return
    edge_ids = {t.task_id for t in [*setups, *teardowns]}
    work = [t for tid, t in dag.task_dict.items() if tid not in before and tid not in edge_ids]
    ids = {t.task_id for t in work}
    roots = [t for t in work if t.upstream_task_ids.isdisjoint(ids)]
    leaves = [t for t in work if t.downstream_task_ids.isdisjoint(ids)]
    for s in setups:
        for t in roots:
            s >> t
    for td in teardowns:
        for t in leaves:
            t >> td
