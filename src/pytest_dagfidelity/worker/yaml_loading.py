"""Load a dag-factory YAML config by running dag-factory itself, as a loader file in a DAG
folder would, and trace its errors back to the YAML node they came from.

Both backends parse the same generated loader file (``load_yaml_dags`` for that one YAML file),
so a YAML config goes through exactly the path a Python DAG file takes: the same time and
memory limits, the same process per file, the same error records and dag.json. On the shim
dag-factory imports the stand-in ``airflow``; on the airflow backend, the real one.

Standard library only (PyYAML is imported lazily, where dag-factory is installed).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import traceback
from collections.abc import Iterator
from typing import Any

from .landlock import SCRATCH_ENV

_LOADER = """\
# Written by pytest-dagfidelity: dag-factory's loader for one YAML file, as a DAG folder holds it.
from dagfactory import load_yaml_dags

load_yaml_dags(globals_dict=globals(), config_filepath={yaml!r}, defaults_config_path={folder!r})
"""

INSTALL_FIX = (
    "install dag-factory where the DAGs are parsed: `pip install dag-factory` beside Airflow; "
    "without Airflow, `pip install --no-deps dag-factory` and `pip install 'pytest-dagfidelity[yaml]'`"
)


@contextlib.contextmanager
def loader_for(yaml_path: str, dag_folder: str | None) -> Iterator[str]:
    """A loader file for ``yaml_path``, removed afterwards. ``defaults.yml`` files are looked up
    from the YAML file's folder up to the DAG folder, as dag-factory does with Airflow's
    ``dags_folder``."""
    # The parse process's scratch folder: the one place its sandbox lets it write.
    folder = tempfile.mkdtemp(prefix="dagfidelity-yaml-", dir=os.environ.get(SCRATCH_ENV))
    try:
        stem = re.sub(r"\W", "_", os.path.basename(yaml_path))
        path = os.path.join(folder, f"dagfactory_{stem}.py")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(_LOADER.format(yaml=yaml_path, folder=dag_folder or os.path.dirname(yaml_path)))
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def warm_up_source() -> str | None:
    """A YAML DAG to parse once in the warm worker, where dag-factory is installed."""
    import importlib.util

    if importlib.util.find_spec("dagfactory") is None:
        return None
    return _WARM_UP


# An operator path every matrix version resolves (3.x through its deprecation alias).
_WARM_UP = """\
dagfidelity_warm_up_yaml:
  schedule: null
  tasks:
    - task_id: only
      operator: airflow.operators.empty.EmptyOperator
"""


# -- errors, traced back to the YAML --------------------------------------------------------------
def locate(error: dict[str, Any], exc: BaseException | None, yaml_path: str) -> dict[str, Any]:
    """Point ``error`` at the YAML: the line of the node the failure came from, its key path in
    the message, and a fix that speaks of the YAML, not of the generated loader."""
    if exc is not None and _missing_dagfactory(exc):
        error["message"] = "dag-factory is not installed, and this YAML file needs it to build its DAGs"
        error["fix"] = INSTALL_FIX
        error["line"] = None
        return error
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None and type(exc).__module__.startswith("yaml"):
        error["line"] = mark.line + 1
        # dag-factory reads the text after expanding $VARIABLES: PyYAML calls it "<unicode string>".
        error["message"] = (error.get("message") or "").replace(' in "<unicode string>"', "")
        error["fix"] = "correct the YAML syntax at that line"
        return error
    path, hint = _trace(exc) if exc is not None else ((), None)
    refused = _key_in_message(error.get("message") or "")
    key_path, line = _find(yaml_path, path, refused or hint)
    error["line"] = line
    if key_path:
        where = ".".join(str(p) for p in key_path)
        error["message"] = f"{error.get('message') or ''} (YAML key {where})".strip()
        if error.get("fix"):  # the failure's own fix (a shim refusal's) stands
            return error
        if refused:
            error["fix"] = f"remove or rename {refused}: the operator takes no argument of that name"
        elif hint in _FIX_BY_KEY:
            error["fix"] = f"correct {where}: {_FIX_BY_KEY[hint]}"
        elif path and isinstance(path[-1], int):
            error["fix"] = f"give {where} a task_id"
        else:
            error["fix"] = f"correct {where} at that line; dag-factory builds the DAG from it"
    return error


def _missing_dagfactory(exc: BaseException) -> bool:
    return isinstance(exc, ImportError) and (exc.name or "").split(".")[0] == "dagfactory"


# An operator refusing a key: "unexpected keyword argument 'x'" (Python), "Invalid arguments were:
# ['x']" (the SDK's BaseOperator) or "**kwargs: {'x': ...}" (Airflow 2's).
_UNEXPECTED = re.compile(
    r"unexpected keyword argument '(\w+)'|Invalid arguments were:\s*(?:\*\*kwargs: \{|\[)'(\w+)'"
)


def _key_in_message(message: str) -> str | None:
    m = _UNEXPECTED.search(message)
    return (m.group(1) or m.group(2)) if m else None


_FIX_BY_KEY = {
    "operator": "name a class that exists on this Airflow version, as module.Class",
    "decorator": "name a decorator that exists on this Airflow version, as module.name",
    "dependencies": "list only names of tasks or task groups this DAG defines",
}


def _trace(exc: BaseException) -> tuple[tuple[Any, ...], str | None]:
    """The YAML key path dag-factory was building when it failed, read from its frames' locals
    (the DAG, the task or task group, the callback), and a key to look for under it."""
    dag: str | None = None
    node: tuple[Any, ...] = ()
    hint: str | None = None
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        module = frame.f_globals.get("__name__", "")
        if not module.startswith("dagfactory"):
            continue
        local = frame.f_locals
        builds = getattr(local.get("self"), "dag_name", None)  # a DagBuilder builds one DAG
        if isinstance(builds, str):
            dag = builds
        elif isinstance(local.get("dag_name"), str):
            dag = local["dag_name"]
        name = frame.f_code.co_name
        if name == "build" and isinstance(local.get("task_name"), str):
            node = ("tasks", local["task_name"])
        elif name == "make_nested_task_groups" and isinstance(local.get("task_group_name"), str):
            node = ("task_groups", local["task_group_name"])
        elif name == "set_dependencies" and isinstance(local.get("name"), str):
            node, hint = ("tasks|task_groups", local["name"].rsplit(".", 1)[-1]), "dependencies"
        elif name == "_normalise_tasks_config" and isinstance(local.get("tasks_cfg"), list):
            entry = local.get("entry")
            index = next((i for i, e in enumerate(local["tasks_cfg"]) if e is entry), None)
            node = ("tasks", index) if index is not None else ("tasks",)
        elif name in ("set_callback", "_init_task_group_callback_param", "get_dag_params") and isinstance(
            local.get("callback_type"), str
        ):
            hint = local["callback_type"]
        elif name == "make_task" and isinstance(exc, ImportError):
            hint = "operator"
        elif name == "make_decorator" and isinstance(exc, ImportError):
            hint = "decorator"
        elif name == "configure_schedule":
            hint = "schedule"
    return ((dag, *node) if dag else ()), hint


def _find(yaml_path: str, path: tuple[Any, ...], hint: str | None) -> tuple[tuple[Any, ...], int | None]:
    """(key path, 1-based line) of the deepest node of ``path`` the YAML has, then of ``hint``
    below it (or in the ``default`` block, which dag-factory merges into every DAG)."""
    try:
        import yaml

        with open(yaml_path, encoding="utf-8") as fh:
            root = yaml.compose(fh, Loader=yaml.SafeLoader)
    except Exception:  # the YAML itself is broken: its own error says where
        return path, None
    found: tuple[Any, ...] = ()
    line: int | None = None
    node = root
    for step in path:
        child = _child(node, step)
        if child is None:
            break
        key_node, node = child
        found = (
            *found,
            key_node.value if hasattr(key_node, "value") and isinstance(key_node.value, str) else step,
        )
        line = key_node.start_mark.line + 1
    if hint:
        default = _child(root, "default")
        for base, prefix in ((node, found), (default[1] if default else None, ("default",))):
            hit = _search(base, hint) if base is not None else None
            if hit is not None:
                return (*prefix, *hit[0]), hit[1]
    return found, line


def _child(node: Any, step: Any) -> tuple[Any, Any] | None:
    import yaml

    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        names = step.split("|") if isinstance(step, str) else [step]
        for name in names:
            for key, value in node.value:
                if getattr(key, "value", None) == name:
                    return key, value
        # list-form task groups and tasks below them: a mapping whose entry names the step
        return None
    if isinstance(node, yaml.SequenceNode):
        if isinstance(step, int) and 0 <= step < len(node.value):
            item = node.value[step]
            return item, item
        for item in node.value:  # tasks given as a list: the entry whose task_id is the step
            if isinstance(item, yaml.MappingNode):
                for key, value in item.value:
                    if key.value in ("task_id", "group_name") and getattr(value, "value", None) == step:
                        return value, item
    return None


def _search(node: Any, key: str) -> tuple[tuple[Any, ...], int] | None:
    """Breadth-first: the shallowest ``key`` below ``node``."""
    import yaml

    queue: list[tuple[Any, tuple[Any, ...]]] = [(node, ())]
    while queue:
        current, prefix = queue.pop(0)
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                if getattr(k, "value", None) == key:
                    return (*prefix, key), k.start_mark.line + 1
                queue.append((v, (*prefix, getattr(k, "value", "?"))))
        elif isinstance(current, yaml.SequenceNode):
            queue.extend((v, (*prefix, i)) for i, v in enumerate(current.value))
    return None
