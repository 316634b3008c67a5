"""The one attribute surface the compiler reads.

The shim's classes provide these attributes natively; ``worker/airflow_adapter.py``
wraps real Airflow objects of every supported version so they provide the same.
Values are raw Python; ``render.Renderer`` gives them their JSON form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol


class TimetableSurface(Protocol):
    classpath: str  # dotted class path of the timetable the version resolves to
    params: Mapping[str, Any]  # expression, timezone, delta, interval, asset_condition, ...


class GroupSurface(Protocol):
    group_id: str | None
    prefix_group_id: bool
    tooltip: str
    children: Mapping[str, Any]  # child id -> task or group


class TaskSurface(Protocol):
    task_id: str
    operator_class: str  # the real operator's dotted class path, also for mapped tasks
    operator_name: str
    task_group_id: str | None
    upstream_task_ids: Iterable[str]
    downstream_task_ids: Iterable[str]
    trigger_rule: str
    weight_rule: str
    is_setup: bool
    is_teardown: bool
    expand_input: Any  # None, or a DictOfListsExpandInput / ListOfDictsExpandInput (has .value)
    arguments: Mapping[str, Any]  # constructor (or partial) arguments as Airflow records them
    # plus every name in compile.TASK_FIELDS, TASK_CALLBACKS and TASK_DOCS


class DagSurface(Protocol):
    dag_id: str
    timetable: TimetableSurface
    timezone: Any
    start_date: Any
    end_date: Any
    catchup: bool
    tags: Iterable[str]
    description: str | None
    doc_md: str | None
    params: Mapping[str, Any]  # name -> Param-like (value, description, schema)
    default_args: Mapping[str, Any]
    max_active_runs: int
    max_active_tasks: int
    dagrun_timeout: Any
    is_paused_upon_creation: bool | None
    edge_info: Mapping[str, Mapping[str, Any]]
    task_group: GroupSurface
    tasks: Iterable[TaskSurface]
    # plus every name in compile.DAG_CALLBACKS and the template settings
