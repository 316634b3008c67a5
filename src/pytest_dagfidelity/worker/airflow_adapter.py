"""Adapt real Airflow DAG objects (2.9 – 3.3) to the compiler's surface.

Runs inside the real Airflow venv; imports Airflow lazily and only what exists in the
running version. Everything version-specific about *reading* real objects is here.
"""

from __future__ import annotations

from typing import Any

from ..render import class_path

# Internal flags Airflow keeps in a mapped task's partial kwargs; not user arguments.
_INJECTED = frozenset(("on_failure_fail_dagrun", "is_setup", "is_teardown"))

_TIMETABLE_PARAMS = (
    ("expression", ("expression", "_expression")),
    ("timezone", ("timezone", "_timezone")),
    ("delta", ("delta", "_delta")),
    ("interval", ("interval", "_interval")),
    ("run_immediately", ("run_immediately", "_run_immediately")),
    ("asset_condition", ("asset_condition", "dataset_condition")),
    ("event_dates", ("event_dates",)),
    ("restrict_to_events", ("restrict_to_events",)),
    ("timetables", ("timetables", "_timetables")),
)


def _enum_value(value: Any) -> Any:
    return getattr(value, "value", value)


class TimetableView:
    def __init__(self, timetable: Any, dag: Any = None) -> None:
        self.classpath = class_path(timetable)
        params: dict[str, Any] = {}
        asset_kind = "Asset" in type(timetable).__name__ or "Dataset" in type(timetable).__name__
        for name, attrs in _TIMETABLE_PARAMS:
            if name == "asset_condition" and not asset_kind:
                continue
            for attr in attrs:
                if hasattr(timetable, attr):
                    value = getattr(timetable, attr)
                    if name == "timetables":
                        value = [TimetableView(t) for t in value]
                    params[name] = value
                    break
        if asset_kind and "asset_condition" not in params and dag is not None:
            # Airflow 2.9 keeps the condition on the DAG, not on its timetable.
            params["asset_condition"] = getattr(dag, "dataset_triggers", None)
        if type(timetable).__name__ in ("AssetOrTimeSchedule", "DatasetOrTimeSchedule"):
            params["timetable"] = TimetableView(timetable.timetable)
        self.params = params


class TaskView:
    def __init__(self, task: Any) -> None:
        self._task = task
        mapped = bool(getattr(task, "is_mapped", False)) or type(task).__name__.endswith("MappedOperator")
        self.task_id = task.task_id
        if mapped:
            module = task._task_module
            name = getattr(task, "_task_type", None) or task.operator_class.__name__
            if not isinstance(name, str):
                name = name.__name__
            self.operator_class = f"{module}.{name}"
        else:
            self.operator_class = class_path(task)
        self.operator_name = task.operator_name
        group = task.task_group
        self.task_group_id = group.group_id if group is not None else None
        self.upstream_task_ids = set(task.upstream_task_ids)
        self.downstream_task_ids = set(task.downstream_task_ids)
        self.trigger_rule = _enum_value(task.trigger_rule)
        self.weight_rule = _weight_rule(task)
        self.expand_input: Any = None
        if mapped:
            self.expand_input = getattr(task, task._expand_input_attr)
            # Base-operator values of a mapped task are its first-class fields; what a
            # version injects into partial_kwargs beyond them is an implementation detail.
            base = base_operator_params()
            self.arguments = {
                k: v for k, v in task.partial_kwargs.items() if k not in base and k not in _INJECTED
            }
        else:
            self.arguments = dict(getattr(task, "_BaseOperator__init_kwargs", {}) or {})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._task, name)


def signature_names(cls: type) -> frozenset[str]:
    """Every keyword an operator class's ``__init__`` chain accepts, as Airflow applies default_args."""
    import inspect

    names: set[str] = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for p in inspect.signature(inspect.unwrap(init)).parameters.values():
            if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self":
                names.add(p.name)
    return frozenset(names)


_BASE_PARAMS: list[frozenset[str]] = []


def base_operator_params() -> frozenset[str]:
    if not _BASE_PARAMS:
        try:
            from airflow.sdk import BaseOperator
        except ImportError:
            from airflow.models.baseoperator import BaseOperator
        _BASE_PARAMS.append(signature_names(BaseOperator))
    return _BASE_PARAMS[0]


def _weight_rule(task: Any) -> Any:
    rule = task.weight_rule
    if isinstance(rule, str) or hasattr(rule, "value"):
        return _enum_value(rule)
    try:
        from airflow.task.priority_strategy import airflow_priority_weight_strategies_classes as known
    except ImportError:
        known = {}
    return known.get(type(rule), class_path(rule))


class DagView:
    def __init__(self, dag: Any) -> None:
        self._dag = dag
        self.timetable = TimetableView(dag.timetable, dag)
        self.tasks = [TaskView(t) for t in dag.tasks]
        params = dag.params
        self.params = {k: params.get_param(k) for k in params}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dag, name)
