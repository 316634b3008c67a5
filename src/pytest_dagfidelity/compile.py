"""DAG objects → canonical dag.json.

One compiler reads one attribute surface (documented in ``surface.py``). The shim's
objects expose it natively; ``worker/airflow_adapter.py`` adapts real Airflow objects
of every supported version to it. Standard library only: this module runs inside
both backend workers.
"""

from __future__ import annotations

import gc
import json
import json.encoder
from collections.abc import Callable, Iterable, Sequence

from .render import Renderer, RenderLimit, stable_path, tz_name

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

    from .render import JsonValue

SCHEMA_VERSION = 1

# Base-operator fields with a first-class place in dag.json; they are read from the
# task's effective attributes, so they are left out of "arguments".
TASK_FIELDS = (
    "retries",
    "retry_delay",
    "retry_exponential_backoff",
    "max_retry_delay",
    "execution_timeout",
    "owner",
    "pool",
    "pool_slots",
    "queue",
    "priority_weight",
    "weight_rule",
    "depends_on_past",
    "wait_for_downstream",
    "trigger_rule",
    "inlets",
    "outlets",
)
TASK_CALLBACKS = (
    "on_execute_callback",
    "on_failure_callback",
    "on_success_callback",
    "on_retry_callback",
    "on_skipped_callback",
)
TASK_DOCS = ("doc", "doc_md", "doc_rst", "doc_json", "doc_yaml")
DAG_CALLBACKS = ("on_success_callback", "on_failure_callback", "sla_miss_callback")
# Wiring, not arguments: where the task sits, or internals Airflow records twice.
NOT_ARGUMENTS = frozenset(
    (
        "task_id",
        "dag",
        "task_group",
        "default_args",
        "params",
        "kwargs_to_upstream",
        "is_setup",
        "is_teardown",
    )
    + TASK_FIELDS
    + TASK_CALLBACKS
)

SCHEDULE_KINDS = {
    "CronDataIntervalTimetable": "cron",
    "CronTriggerTimetable": "cron",
    "MultipleCronTriggerTimetable": "cron",
    "DeltaDataIntervalTimetable": "delta",
    "DeltaTriggerTimetable": "delta",
    "NullTimetable": "none",
    "OnceTimetable": "once",
    "ContinuousTimetable": "continuous",
    "AssetTriggeredTimetable": "asset",
    "DatasetTriggeredTimetable": "asset",
    "AssetOrTimeSchedule": "asset_or_time",
    "DatasetOrTimeSchedule": "asset_or_time",
    "EventsTimetable": "events",
}


def compile_file(
    dags: Sequence[Any], *, file: str, dag_file: str | None, airflow_version: str
) -> dict[str, Any]:
    """The dag.json document for one DAG file: every DAG it defines."""
    renderer = Renderer(dag_file)
    # The document is a tree of new dicts and lists: nothing for the cyclic collector to find,
    # but building it triggers collections that walk the whole heap, the DAG's objects included,
    # which made its cost grow faster than the DAG (measured: 12x the time for 10x the tasks).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return {
            "schema_version": SCHEMA_VERSION,
            "airflow_version": airflow_version,
            "file": file,
            "dags": {dag.dag_id: _at(("dags", str(dag.dag_id)), compile_dag, dag, renderer) for dag in dags},
        }
    finally:
        if collecting:
            gc.enable()


def _at(path: tuple[str, ...], build: Any, *args: Any) -> Any:
    """``build(*args)``, a RenderLimit naming ``path`` as where it happened."""
    try:
        return build(*args)
    except RenderLimit as limit:
        raise limit.at(*path) from None


def compile_dag(dag: Any, renderer: Renderer) -> dict[str, Any]:
    value = renderer.value
    tasks = sorted(dag.tasks, key=lambda t: t.task_id)
    return {
        "dag_id": dag.dag_id,
        "schedule": compile_schedule(dag.timetable, renderer),
        "timezone": tz_name(dag.timezone),
        "start_date": value(dag.start_date),
        "end_date": value(dag.end_date),
        "catchup": dag.catchup,
        "tags": sorted(dag.tags or ()),
        "owner": ", ".join(sorted({t.owner for t in tasks if t.owner})),
        "description": dag.description,
        "doc_md": dag.doc_md is not None,
        "params": {k: _at(("params", k), renderer.param, p) for k, p in sorted(dag.params.items())},
        "default_args": _at(("default_args",), value, dict(dag.default_args or {})),
        "max_active_runs": dag.max_active_runs,
        "max_active_tasks": dag.max_active_tasks,
        "dagrun_timeout": value(dag.dagrun_timeout),
        "is_paused_upon_creation": dag.is_paused_upon_creation,
        "callbacks": present(dag, DAG_CALLBACKS),
        "template": {
            "searchpath": _at(("template", "searchpath"), value, dag.template_searchpath),
            "render_template_as_native_obj": dag.render_template_as_native_obj,
            "user_defined_macros": _at(("template", "user_defined_macros"), value, dag.user_defined_macros),
            "user_defined_filters": _at(
                ("template", "user_defined_filters"), value, dag.user_defined_filters
            ),
            "jinja_environment_kwargs": _at(
                ("template", "jinja_environment_kwargs"), value, dag.jinja_environment_kwargs
            ),
        },
        "edge_labels": compile_edges(dag.edge_info),
        "task_groups": compile_groups(dag.task_group, renderer),
        "tasks": {t.task_id: _at(("tasks", t.task_id), compile_task, t, renderer) for t in tasks},
    }


def compile_task(task: Any, renderer: Renderer) -> dict[str, Any]:
    value = renderer.value
    doc: dict[str, Any] = {
        "task_id": task.task_id,
        "operator": stable_path(task.operator_class),
        "operator_name": task.operator_name,
        "task_group": task.task_group_id,
        "upstream": sorted(task.upstream_task_ids),
        "downstream": sorted(task.downstream_task_ids),
        "is_setup": task.is_setup,
        "is_teardown": task.is_teardown,
    }
    for field in TASK_FIELDS:
        raw = getattr(task, field)
        doc[field] = raw if type(raw) in _WRITTEN_AS_IS else value(raw)
    doc["callbacks"] = present(task, TASK_CALLBACKS)
    doc["docs"] = [name for name in TASK_DOCS if getattr(task, name, None) is not None]
    doc["mapped"] = compile_expand(task.expand_input, renderer)
    doc["arguments"] = {
        k: v if type(v) in _WRITTEN_AS_IS else _at(("arguments", k), value, v)
        for k, v in sorted(task.arguments.items())
        if k not in NOT_ARGUMENTS
    }
    return doc


# Values that render as themselves (``Renderer.value`` returns them unchanged): most of a task's
# fields and arguments, written without a call into the renderer (10,000 tasks: ~40 ms).
_WRITTEN_AS_IS = frozenset((str, bool, type(None)))


def compile_schedule(timetable: Any, renderer: Renderer) -> dict[str, Any]:
    cls = stable_path(timetable.classpath)
    out: dict[str, Any] = {
        "kind": SCHEDULE_KINDS.get(cls.rsplit(".", 1)[-1], "timetable"),
        "timetable": cls,
    }
    for key, raw in sorted(timetable.params.items()):
        if key == "timezone":
            out[key] = tz_name(raw)
        elif key == "asset_condition":
            out[key] = renderer.asset(raw) if raw is not None else None
        elif key == "timetables":
            out[key] = [compile_schedule(t, renderer) for t in raw]
        elif key == "timetable":  # the time part of an asset-or-time schedule
            out["time_schedule"] = compile_schedule(raw, renderer)
        else:
            out[key] = renderer.value(raw)
    return out


def compile_edges(edge_info: Any) -> list[dict[str, str]]:
    edges = []
    for up, downs in (edge_info or {}).items():
        for down, info in downs.items():
            label = info.get("label") if isinstance(info, dict) else getattr(info, "label", None)
            if label is not None:
                edges.append({"from": up, "to": down, "label": label})
    return sorted(edges, key=lambda e: (e["from"], e["to"]))


def compile_expand(expand_input: Any, renderer: Renderer) -> dict[str, Any] | None:
    """A mapped task's or group's expansion: ``expand(**kwargs)`` or ``expand_kwargs(list)``."""
    if expand_input is None:
        return None
    kind = "list" if type(expand_input).__name__.startswith("ListOfDicts") else "kwargs"
    return {"kind": kind, "expand": renderer.value(expand_input.value)}


def compile_groups(root: Any, renderer: Renderer) -> dict[str, Any]:
    """Flat map of every task group below the root, keyed by group id."""
    groups: dict[str, Any] = {}

    def walk(group: Any, parent: str | None) -> None:
        for child in group.children.values():
            if not hasattr(child, "children"):
                continue
            gid = child.group_id
            groups[gid] = {
                "parent": parent,
                "prefix_group_id": child.prefix_group_id,
                "tooltip": child.tooltip,
                "children": sorted(child.children),
                "mapped": compile_expand(getattr(child, "_expand_input", None), renderer),
            }
            walk(child, gid)

    walk(root, None)
    return dict(sorted(groups.items()))


def present(obj: Any, names: Iterable[str]) -> list[str]:
    return [name for name in names if getattr(obj, name, None)]


def canonical(doc: JsonValue) -> str:
    """Compact canonical text, for comparing documents (the C encoder; no indentation)."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def dumps(doc: JsonValue) -> str:
    """Canonical text: sorted keys, indent 2, trailing newline, no NaN.

    Exactly ``json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)``
    and a newline. With an indent the standard library encodes in pure Python, through a
    generator per level that passes every piece up through all the levels above it: a
    10,000-task document took ~0.8 s. This writer appends each piece once (~3x faster), for the
    values a document holds; any other value, the standard library's encoder writes it all."""
    pieces: list[str] = []
    try:
        _write(doc, "", pieces.append)
    except _Unusual:
        return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    pieces.append("\n")
    return "".join(pieces)


class _Unusual(Exception):
    """A value ``_write`` leaves to the standard library's encoder."""


_encode_string = json.encoder.encode_basestring  # the encoder json.dumps uses with ensure_ascii=False
_INFINITIES = (float("inf"), float("-inf"))


def _write(value: Any, indent: str, append: Callable[[str], None]) -> None:
    """``value`` as json.dumps writes it with sort_keys and indent=2, ``indent`` the current one."""
    kind = type(value)
    if kind is str:
        append(_encode_string(value))
    elif kind is dict:
        if not value:
            append("{}")
            return
        inner = indent + "  "
        separator = ",\n" + inner
        append("{\n" + inner)
        first = True
        for key in sorted(value):
            if not isinstance(key, str):  # json.dumps turns other keys into strings: left to it
                raise _Unusual
            if first:
                first = False
            else:
                append(separator)
            append(_encode_string(key))
            append(": ")
            _write(value[key], inner, append)
        append("\n" + indent + "}")
    elif kind is list or kind is tuple:
        if not value:
            append("[]")
            return
        inner = indent + "  "
        separator = ",\n" + inner
        append("[\n" + inner)
        first = True
        for item in value:
            if first:
                first = False
            else:
                append(separator)
            _write(item, inner, append)
        append("\n" + indent + "]")
    elif value is None:
        append("null")
    elif value is True:
        append("true")
    elif value is False:
        append("false")
    elif kind is int:
        append(int.__repr__(value))
    elif kind is float and value == value and value not in _INFINITIES:
        append(float.__repr__(value))
    elif isinstance(value, str):  # a str enum member (as a document is made, before any JSON)
        append(_encode_string(value))
    elif isinstance(value, int):  # an int enum member
        append(int.__repr__(value))
    else:  # NaN or infinity (json.dumps refuses them), another subclass, anything else
        raise _Unusual
