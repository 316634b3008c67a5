"""A task's ``executor`` as a DagBag checks it (3.1 and later): it must name an executor the
``[core] executor`` option configures, by alias, module path or class name.

Whether a version checks, and the core executor names with their module paths, are measured
(``task_executor_check`` in the version table). Only the global executors are read: a DAG file
parsed outside a DAG bundle has no team, as in ``dagfidelity check`` and the plugin.
"""

from __future__ import annotations

from . import errors, runtime

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


def configured_names() -> set[str]:
    """Every string ``ExecutorLoader.lookup_executor_name_by_str`` accepts for the global executors."""
    from .config import conf

    core: dict[str, str] = runtime.TARGET.facts["task_executor_check"]["core"]
    names: set[str] = set()
    for team_config in str(conf.get("core", "executor")).split(";"):
        if "=" in team_config and not team_config.startswith("="):
            continue  # a team's executors: no DAG parsed here belongs to a team
        for entry in team_config.strip("=").split(","):
            alias, _, module_or_name = entry.strip().rpartition(":")
            module_path = core.get(module_or_name, module_or_name)
            if module_or_name in core:
                alias = alias or module_or_name
            names.update(filter(None, (alias, module_path, module_path.rsplit(".", 1)[-1])))
    return names


def validate(dag: Any) -> None:
    if not runtime.TARGET.facts["task_executor_check"]["validated"]:
        return
    configured: set[str] | None = None
    for task in dag.task_dict.values():
        executor = getattr(task, "executor", None)
        if not executor:
            continue
        if configured is None:
            configured = configured_names()
        if executor not in configured:
            raise errors.UnknownExecutorException(
                f"Task '{task.task_id}' specifies executor '{executor}', which is not available. "
                "Make sure it is listed in your [core] executors configuration, or update the task's "
                "executor to use one of the configured executors."
            )
