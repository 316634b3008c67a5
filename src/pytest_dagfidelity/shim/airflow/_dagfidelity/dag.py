"""DAG and ``@dag``: construction, defaults and validation as the target version does them."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Collection

from . import callable_params, dates, errors, runtime
from .params import NOTSET, ArgNotSet, DagParam, ParamsDict
from .taskgroup import TaskGroup, copy_default_args
from .timetables import can_be_scheduled, resolve_schedule, validate_timetable

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

KEY_REGEX = re.compile(r"^[\w.-]+$")


def validate_key(key: str, case: str) -> None:
    if not isinstance(key, str):
        raise TypeError(f"The key has to be a string and is {type(key)}:{key}")
    if len(key) > 250:
        raise errors.by_name(runtime.TARGET.error(case))(
            f"The key has to be less than 250 characters, not {len(key)}"
        )
    if not KEY_REGEX.match(key):
        raise errors.by_name(runtime.TARGET.error(case))(
            f"The key {key!r} has to be made of alphanumeric characters, dashes, dots and underscores "
            "exclusively"
        )


class DAG:
    @property
    def dag_id(self) -> str:
        return self._dag_id

    @dag_id.setter
    def dag_id(self, value: str) -> None:
        # Airflow 3's DAG is an attrs class that validates on assignment too; Airflow 2's does not.
        if runtime.TARGET.major >= 3:
            validate_key(value, "invalid_dag_id")
        self._dag_id = value

    def __init__(self, dag_id: str | None = None, description: Any = NOTSET, **kwargs: Any) -> None:
        target = runtime.TARGET
        if not isinstance(description, ArgNotSet):
            kwargs["description"] = description
        known = target.dag_params
        for name in kwargs:
            if name not in known:
                raise TypeError(f"DAG.__init__() got an unexpected keyword argument '{name}'")
        if dag_id is None:
            raise TypeError("DAG.__init__() missing 1 required positional argument: 'dag_id'")
        validate_key(dag_id, "invalid_dag_id")
        self._dag_id = dag_id
        get = kwargs.get
        self.default_args = copy_default_args(get("default_args") or {})
        params = dict(get("params") or {})
        if "params" in self.default_args:
            params.update(self.default_args.pop("params") or {})
        self.params = ParamsDict(params)

        start = get("start_date") or self.default_args.get("start_date")
        self.timezone = dates.timezone_of(start)  # before default_args' dates turn to UTC
        for key in ("start_date", "end_date"):
            if self.default_args.get(key) is not None:
                self.default_args[key] = dates.convert_to_utc(self.default_args[key])
        self.start_date = dates.convert_to_utc(get("start_date"))
        self.end_date = dates.convert_to_utc(get("end_date"))
        if target.major >= 3 and "start_date" not in kwargs:
            # The SDK DAG's start_date defaults to default_args' only when it is not passed at all
            # (an attrs factory): an explicit start_date=None stays None, and end_date never does.
            self.start_date = self.default_args.get("start_date")

        self.description = get("description")
        self.doc_md = get("doc_md")
        self.catchup = get("catchup", target.dag_default("catchup"))
        tags = list(get("tags") or [])
        self.tags = set(tags) if target.dag_default("tags_type") == "set" else tags
        self.max_active_tasks = (
            get("max_active_tasks") or get("concurrency") or target.dag_default("max_active_tasks")
        )
        self.max_active_runs = get("max_active_runs", target.dag_default("max_active_runs"))
        self.dagrun_timeout = get("dagrun_timeout")
        self.is_paused_upon_creation = get("is_paused_upon_creation")
        self.on_success_callback = get("on_success_callback")
        self.on_failure_callback = get("on_failure_callback")
        self.sla_miss_callback = get("sla_miss_callback")
        searchpath = get("template_searchpath")
        self.template_searchpath = [searchpath] if isinstance(searchpath, str) else searchpath
        self.render_template_as_native_obj = get("render_template_as_native_obj", False)
        self.user_defined_macros = get("user_defined_macros")
        self.user_defined_filters = get("user_defined_filters")
        self.jinja_environment_kwargs = get("jinja_environment_kwargs")
        self.auto_register = get("auto_register", True)

        no_start_date = not ("start_date" in self.default_args or self.start_date)
        if target.major < 3 and no_start_date:  # Airflow 2: any truthy scheduling argument
            scheduling = (get(k, NOTSET) for k in ("schedule", "schedule_interval", "timetable"))
            if any(not isinstance(a, ArgNotSet) and bool(a) for a in scheduling):
                raise ValueError("DAG is missing the start_date parameter")
        self.timetable = resolve_schedule(kwargs, self.timezone)
        # The SDK DAG's catchup validator: backfilling a schedulable DAG needs a start.
        if target.major >= 3 and self.catchup and no_start_date and can_be_scheduled(self.timetable):
            raise ValueError("start_date is required when catchup=True")
        self.task_dict: dict[str, Any] = {}
        self.edge_info: dict[str, dict[str, Any]] = {}
        self.task_group = TaskGroup(group_id=None, dag=self)
        back = sys._getframe().f_back
        self.fileloc = back.f_code.co_filename if back else ""

    def __repr__(self) -> str:
        return f"<DAG: {self.dag_id}>"

    # The graph -----------------------------------------------------------------
    @property
    def tasks(self) -> list[Any]:
        return list(self.task_dict.values())

    @property
    def task_ids(self) -> list[str]:
        return list(self.task_dict)

    @property
    def task(self) -> Any:
        """``@dag.task``: Airflow's own ``functools.partial(task, dag=self)`` (so ``dag.task.bash``
        is an AttributeError there too)."""
        from .taskflow import task

        return functools.partial(task, dag=self)

    def has_task(self, task_id: str) -> bool:
        return task_id in self.task_dict

    def get_task(self, task_id: str) -> Any:
        if task_id in self.task_dict:
            return self.task_dict[task_id]
        raise errors.AirflowException(f"Task {task_id} not found")

    def add_task(self, task: Any) -> None:
        if task.task_id in self.task_dict and self.task_dict[task.task_id] is not task:
            raise errors.DuplicateTaskIdFound(f"Task id '{task.task_id}' has already been added to the DAG")
        self.task_dict[task.task_id] = task
        if getattr(task, "__dict__", {}).get("dag") is not self:  # a task built in this DAG has it
            task.dag = self

    def add_tasks(self, tasks: Collection[Any]) -> None:
        for task in tasks:
            self.add_task(task)

    def set_edge_info(self, upstream_id: str, downstream_id: str, info: dict[str, Any]) -> None:
        self.edge_info.setdefault(upstream_id, {})[downstream_id] = info

    def get_edge_info(self, upstream_id: str, downstream_id: str) -> dict[str, Any]:
        return self.edge_info.get(upstream_id, {}).get(downstream_id, {})

    @property
    def roots(self) -> list[Any]:
        return [t for t in self.tasks if not t.upstream_task_ids]

    @property
    def leaves(self) -> list[Any]:
        return [t for t in self.tasks if not t.downstream_task_ids]

    def read_template(self, name: str) -> str | None:
        """A template file's text, searched as Airflow's Jinja loader does (DAG folder first)."""
        import os

        folders = [os.path.dirname(self.fileloc), *(self.template_searchpath or [])]
        for folder in folders:
            candidate = os.path.join(folder, *name.split("/"))
            if os.path.isfile(candidate):
                with open(candidate, encoding="utf-8") as fh:
                    return fh.read()
        return None

    def resolve_template_files(self) -> None:
        for task in self.task_dict.values():
            resolve = getattr(task, "resolve_template_files", None)
            if resolve is not None:
                resolve()

    # Validation, as DagBag runs it ---------------------------------------------
    def validate(self) -> None:
        validate_timetable(self.timetable)
        self.validate_setup_teardown()

    def validate_setup_teardown(self) -> None:
        """As Airflow: a setup's downstream tasks, teardowns aside, must use all_success."""
        for task in self.task_dict.values():
            if not getattr(task, "is_setup", False):
                continue
            for down_id in sorted(task.downstream_task_ids):
                down = self.task_dict[down_id]
                rule = getattr(down.trigger_rule, "value", down.trigger_rule)
                if not getattr(down, "is_teardown", False) and rule != "all_success":
                    raise ValueError("Setup tasks must be followed with trigger rule ALL_SUCCESS.")

    def check_cycle(self) -> None:
        if not self._has_cycle():
            return
        # There is one: found again depth first, in task id order, to name the task Airflow names.
        visited: dict[str, int] = {}  # 1 = on the stack, 2 = done
        for root in sorted(self.task_dict):
            if visited.get(root):
                continue
            stack = [(root, iter(sorted(self.task_dict[root].downstream_task_ids)))]
            visited[root] = 1
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    visited[node] = 2
                    stack.pop()
                    continue
                state = visited.get(child)
                if state == 1:
                    raise errors.AirflowDagCycleException(
                        f"Cycle detected in DAG: {self.dag_id}. Faulty task: {child}"
                    )
                if state is None:
                    visited[child] = 1
                    stack.append((child, iter(sorted(self.task_dict[child].downstream_task_ids))))

    def _has_cycle(self) -> bool:
        """Whether the tasks' edges make a cycle: every task can be taken in an order where its
        upstream tasks come first unless they do (Kahn's algorithm: no sorting, each edge once)."""
        task_dict = self.task_dict
        waiting = dict.fromkeys(task_dict, 0)  # per task: its upstream tasks not taken yet
        for task in task_dict.values():
            for down in task.downstream_task_ids:
                if down not in waiting:
                    return True  # an edge out of the DAG: the depth-first walk decides, as it did
                waiting[down] += 1
        ready = [task_id for task_id, count in waiting.items() if not count]
        taken = 0
        while ready:
            taken += 1
            for down in task_dict[ready.pop()].downstream_task_ids:
                waiting[down] -= 1
                if not waiting[down]:
                    ready.append(down)
        return taken != len(waiting)

    # Context manager -----------------------------------------------------------
    def __enter__(self) -> DAG:
        runtime.STATE.dag_stack.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        if runtime.STATE.dag_stack and runtime.STATE.dag_stack[-1] is self:
            runtime.STATE.dag_stack.pop()
        if self.auto_register:  # held by the state, so its id is not reused while the file runs
            runtime.STATE.registered.setdefault(id(self), self)

    # Compiler surface ----------------------------------------------------------
    @property
    def schedule_interval(self) -> Any:
        return getattr(self.timetable, "_schedule_interval", None)

    def __deepcopy__(self, memo: Any) -> DAG:
        return self  # a DAG referenced from default_args is shared, as in Airflow


def dag(dag_id: Any = "", **decorator_kwargs: Any) -> Any:
    """``@dag`` / ``@dag(...)``: calling the function builds the DAG."""
    if callable(dag_id) and not decorator_kwargs:
        return dag()(dag_id)

    def wrapper(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def factory(*args: Any, **kwargs: Any) -> DAG:
            signature = callable_params.signature(f)
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            dag_obj = DAG(dag_id or f.__name__, **decorator_kwargs)
            if f.__doc__ and not dag_obj.doc_md:
                dag_obj.doc_md = f.__doc__
            dag_obj.fileloc = f.__code__.co_filename
            with dag_obj:
                f(**{name: DagParam(dag_obj, name, value) for name, value in bound.arguments.items()})
            return dag_obj

        return factory

    return wrapper
