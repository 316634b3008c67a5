"""Provider classes that shape a DAG but are not operators: task groups and timetables.

A provider task group (databricks's ``DatabricksWorkflowTaskGroup``, defined in an ``operators``
module) adds tasks and edges of its own when it is built or closed, and a provider timetable
decides the DAG's schedule with its own code; dag.json records both, and the shim cannot know what
they produce. So building one while the file is parsed is refused, naming it and the line, instead
of being mistaken for a provider operator (whose generic capture would turn a task group into a
task, or fail it for a missing ``task_id``). Importing one is fine.

The kind is read from the installed provider's source (the class's ancestors); where the provider
is not installed, from the name a class of that kind carries by convention.
"""

from __future__ import annotations

from typing import Any

from . import errors

# The base class each kind derives from, and what the shim cannot know about it.
_KINDS = {
    "TaskGroup": ("task group", "the tasks and edges it adds"),
    "Timetable": ("timetable", "the schedule its code computes"),
}


def kind_of(module: str, name: str) -> str | None:
    """``TaskGroup`` or ``Timetable`` for a provider class of that kind, else None."""
    from . import provider_source

    if provider_source.package_installed(module):
        ancestors = provider_source.class_ancestors(module, name)
        if not ancestors:
            return None
        return next((k for k in _KINDS if any(a.endswith(k) for a in ancestors)), None)
    return next((k for k in _KINDS if name.endswith(k)), None)


class _RefusedMeta(type):
    _dagfidelity_kind = "TaskGroup"

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        label, unknown = _KINDS[cls._dagfidelity_kind]
        raise errors.unsupported(
            f"the provider {label} {cls.__module__}.{cls.__qualname__} (built while the DAG file is "
            f"parsed): the shim cannot know {unknown}",
            "parse this file with the airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
        )


def refused_class(module: str, name: str, kind: str) -> type:
    """A stand-in that imports and can be named (in ``isinstance``, a subclass), but refuses to be
    built."""
    namespace = {"__module__": module, "__qualname__": name, "_dagfidelity_kind": kind}
    return _RefusedMeta(name, (), namespace)
