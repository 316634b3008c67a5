"""TaskFlow: ``@task`` and its kinds, ``.override``, ``.partial``/``.expand``, setup/teardown.

The decorated operator classes, their operator names, signatures and the constant
kwargs each kind records are read from the version table (``decorators``).
"""

from __future__ import annotations

import collections.abc
import re
from collections.abc import Callable

from . import errors, runtime
from .callable_params import binds, signature
from .enums import TriggerRule
from .operators import (
    BaseOperator,
    DictOfListsExpandInput,
    GenericOperator,
    ListOfDictsExpandInput,
    MappedOperator,
    PreRendered,
    check_expand_kwargs,
    ensure_xcomarg_return_value,
    is_mappable,
    operator_class,
    prevent_duplicates,
)
from .xcom import PlainXComArg

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

# Arguments Airflow fills from the run context; a TaskFlow signature may leave them unbound.
KNOWN_CONTEXT_KEYS = frozenset(
    """conf conn dag dag_run data_interval_end data_interval_start ds ds_nodash execution_date
    expanded_ti_count exception inlets inlet_events logical_date macros map_index_template next_ds
    next_ds_nodash next_execution_date outlets outlet_events params prev_data_interval_start_success
    prev_data_interval_end_success prev_ds prev_ds_nodash prev_execution_date prev_execution_date_success
    prev_start_date_success prev_end_date_success run_id task task_instance task_instance_key_str
    test_mode templates_dict ti tomorrow_ds tomorrow_ds_nodash triggering_dataset_events
    triggering_asset_events ts ts_nodash ts_nodash_with_tz var yesterday_ds yesterday_ds_nodash
    task_reschedule_count start_date""".split()
)
_PROBE_ONLY = frozenset(("task_id", "multiple_outputs", "op_args", "op_kwargs", "python"))


class DecoratedOperator(BaseOperator):
    kind = "python"


class ProviderDecoratedOperator(DecoratedOperator, GenericOperator):
    """A provider's ``@task.<name>`` operator class: its signature, argument checks and XCom
    dependencies are read as for any provider operator the shim captures generically."""


def decorated_class(kind: str) -> type[DecoratedOperator]:
    # A decorator read from an installed provider's source wins over the table's row, which
    # holds the version of that provider the probe happened to have.
    spec = _PROVIDER_DECORATORS.get((runtime.TARGET.minor, kind))
    entry = runtime.TARGET.facts["decorators"].get(kind) or {}
    if spec is not None or "class" not in entry:
        if spec is None:
            raise AttributeError(f"task decorator {kind!r} not found")
        cls = operator_class(f"{spec.module}:{spec.qualname}", base=ProviderDecoratedOperator, generic=True)
        cls.kind = kind  # type: ignore[attr-defined]
        cls.custom_operator_name = spec.operator_name
        return cls  # type: ignore[return-value]
    cls = operator_class(entry["class"], base=DecoratedOperator)
    cls.kind = kind  # type: ignore[attr-defined]
    cls._param_names = frozenset(entry["params"])  # type: ignore[attr-defined]
    cls.template_fields = tuple(entry["template_fields"])
    cls.custom_operator_name = entry["operator_name"]
    return cls  # type: ignore[return-value]


# Provider decorators read from source this run (``provider_decorators.read``), by version and name.
_PROVIDER_DECORATORS: dict[tuple[str, str], Any] = {}


def _constants(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    spec = _PROVIDER_DECORATORS.get((runtime.TARGET.minor, kind))
    if spec is not None:
        return _provider_constants(spec, given)
    recorded = runtime.TARGET.facts["decorators"][kind].get("init_kwargs", {})
    return {
        k: PreRendered(v) if isinstance(v, dict) else v for k, v in recorded.items() if k not in _PROBE_ONLY
    }


def _provider_constants(spec: Any, given: dict[str, Any]) -> dict[str, Any]:
    """What the provider's operator class passes its base beyond what it was given (read from its
    ``__init__``); refused, naming the decorator, where the shim cannot evaluate it."""
    from . import provider_decorators

    try:
        return provider_decorators.keywords(spec, given, runtime.TARGET.base_operator_params)
    except provider_decorators.Unreadable as exc:
        raise errors.unsupported(
            f"the @task.{spec.name} decorator ({spec.module}.{spec.qualname}: {exc})",
            "use the provider's classic operator, or parse this file with the airflow backend "
            "(LEOFLOW_PARSER_BACKEND=airflow)",
        ) from None


def infer_multiple_outputs(function: Callable[..., Any]) -> bool:
    if "return" not in getattr(function, "__annotations__", {}):
        return False
    import typing  # only for a function with a return annotation

    try:
        return_type = typing.get_type_hints(function).get("return", typing.Any)
    except Exception:  # unresolvable annotations: Airflow gives up too
        return False
    ttype = getattr(return_type, "__origin__", return_type)
    return isinstance(ttype, type) and issubclass(ttype, collections.abc.Mapping)


def unique_task_id(task_id: str, dag: Any, task_group: Any) -> str:
    dag = dag or runtime.current_dag()
    if dag is None:
        return task_id
    task_group = task_group or runtime.current_group(dag)
    tg_task_id = task_group.child_id(task_id) if task_group is not None else task_id
    if tg_task_id not in dag.task_dict:
        return task_id
    prefix = re.split(r"__\d+$", tg_task_id)[0]
    core = re.split(r"__\d+$", task_id)[0]
    if _LITERAL.fullmatch(prefix):
        highest = _suffix_maxima(dag).get(prefix, 0)
    else:
        # Airflow puts the prefix into its pattern as it is: the "." of a task group's ids matches
        # any character there (measured: "grp.step" counts "grp_step__5", on 2.x and 3.x).
        pattern = re.compile(rf"^{prefix}__(\d+)$")
        highest = max((int(m.group(1)) for key in dag.task_dict if (m := pattern.match(key))), default=0)
    return f"{core}__{max(highest, 0) + 1}"


# A prefix a pattern reads as itself, character for character.
_LITERAL = re.compile(r"[\w\-]*")
# An id is "<prefix>__<N>" in at most one way: N is its whole run of trailing digits.
_SUFFIXED = re.compile(r"^(.*)__(\d+)$", re.DOTALL)


def _suffix_maxima(dag: Any) -> dict[str, int]:
    """The highest N of the ids ``<prefix>__<N>`` of ``dag``'s tasks, per prefix: what Airflow
    finds by matching every task id against ``^<prefix>__<digits>$`` each time a TaskFlow task's
    id is taken, for a prefix that pattern reads literally. Kept per DAG and extended by the ids
    added since (a task called in a loop would be quadratic); where the ids before are not as
    they were, made afresh."""
    keys = list(dag.task_dict)
    held = runtime.STATE.id_suffixes.get(id(dag))
    if held is None or held[0] is not dag or keys[: len(held[1])] != held[1]:
        held = (dag, [], {})
    _, seen, maxima = held
    for key in keys[len(seen) :]:
        match = _SUFFIXED.match(key)
        if match:
            number = int(match.group(2))
            if number > maxima.get(match.group(1), -1):
                maxima[match.group(1)] = number
    runtime.STATE.id_suffixes[id(dag)] = (dag, keys, maxima)
    return maxima


class _TaskDecorator:
    def __init__(
        self,
        function: Callable[..., Any],
        kind: str,
        kwargs: dict[str, Any],
        partial_op_kwargs: dict[str, Any] | None = None,
    ) -> None:
        if not callable(function):
            raise TypeError("`python_callable` param must be callable")
        self.function = function
        self.kind = kind
        self.kwargs = kwargs
        self.partial_op_kwargs = partial_op_kwargs or {}
        self.operator_class = decorated_class(kind)
        mo = kwargs.get("multiple_outputs")
        self.multiple_outputs = infer_multiple_outputs(function) if mo is None else mo
        self.__wrapped__ = function
        self.__name__ = getattr(function, "__name__", "task")
        self.__qualname__ = getattr(function, "__qualname__", self.__name__)
        self._dagfidelity_task_decorator = True  # @asset over @task hands it its outlets
        self.__doc__ = getattr(function, "__doc__", None)

    def _check_signature(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if binds(self.function, args, kwargs, KNOWN_CONTEXT_KEYS):
            return  # proven from the code object; any other call is checked, and worded, in full
        full = signature(self.function)
        params = [
            p.replace(default=None) if p.name in KNOWN_CONTEXT_KEYS and p.default is p.empty else p
            for p in full.parameters.values()
        ]
        try:
            full = full.replace(parameters=params)
        except ValueError as err:
            raise ValueError(
                f"The function signature broke while assigning defaults to context key parameters.\n{err}"
            ) from None
        full.bind(*args, **kwargs)

    def _task_kwargs(self) -> dict[str, Any]:
        kwargs = dict(self.kwargs)
        kwargs.pop("multiple_outputs", None)
        for flag in ("is_setup", "is_teardown", "on_failure_fail_dagrun"):
            kwargs.pop(flag, None)
        return kwargs

    def __call__(self, *args: Any, **kwargs: Any) -> PlainXComArg:
        op_kwargs = {**self.partial_op_kwargs, **kwargs}
        self._check_signature(args, op_kwargs)
        task_kwargs = self._task_kwargs()
        task_id = unique_task_id(
            task_kwargs.pop("task_id", None) or self.function.__name__,
            task_kwargs.get("dag"),
            task_kwargs.get("task_group"),
        )
        given = {
            "task_id": task_id,
            "python_callable": self.function,
            "op_args": args,
            "op_kwargs": op_kwargs,
            "multiple_outputs": self.multiple_outputs,
            **task_kwargs,
        }
        constants = {k: v for k, v in _constants(self.kind, given).items() if k not in given}
        op = self.operator_class(**constants, **given)
        self._mark(op)
        if self.function.__doc__ and not any(
            getattr(op, d, None) for d in ("doc", "doc_json", "doc_md", "doc_rst", "doc_yaml")
        ):
            op.doc_md = self.function.__doc__
        return PlainXComArg(op)

    def _mark(self, op: Any) -> None:
        if self.kwargs.get("is_setup"):
            op.is_setup = True
        if self.kwargs.get("is_teardown"):
            op.is_teardown = True
            if "trigger_rule" in self.kwargs:
                raise ValueError("Trigger rule not configurable for teardown tasks.")
            op.trigger_rule = TriggerRule.ALL_DONE_SETUP_SUCCESS
        if "on_failure_fail_dagrun" in self.kwargs:
            op.on_failure_fail_dagrun = self.kwargs["on_failure_fail_dagrun"]

    def override(self, **kwargs: Any) -> _TaskDecorator:
        return _TaskDecorator(self.function, self.kind, {**self.kwargs, **kwargs}, self.partial_op_kwargs)

    def _validate_arg_names(self, func: str, kwargs: dict[str, Any]) -> None:
        """Airflow's ``_validate_arg_names``: context variables, then (without ``**kwargs``) each
        value ``expand()`` gets for a parameter must map, then every name must be a parameter's."""
        shadowed = sorted(KNOWN_CONTEXT_KEYS.intersection(kwargs))
        if len(shadowed) == 1:
            raise ValueError(f"cannot call {func}() on task context variable {shadowed[0]!r}")
        if shadowed:  # Airflow lists them in a set's order; sorted here
            names = ", ".join(map(repr, shadowed))
            raise ValueError(f"cannot call {func}() on task context variables {names}")
        params = signature(self.function).parameters
        if any(p.kind is p.VAR_KEYWORD for p in params.values()):
            return  # Airflow checks neither names nor values then: anything maps
        if func == "expand":
            for name, value in kwargs.items():
                if name in params and not is_mappable(value):
                    kind = type(value).__name__
                    raise ValueError(
                        f"expand() got an unexpected type {kind!r} for keyword argument {name!r}"
                    )
        left = [name for name in kwargs if name not in params]  # *args's name included, as Airflow's
        if len(left) == 1:
            raise TypeError(f"{func}() got an unexpected keyword argument {left[0]!r}")
        if left:
            raise TypeError(f"{func}() got unexpected keyword arguments {', '.join(map(repr, left))}")

    def partial(self, **kwargs: Any) -> _TaskDecorator:
        self._validate_arg_names("partial", kwargs)
        prevent_duplicates(self.partial_op_kwargs, kwargs, fail_reason="duplicate partial")
        return _TaskDecorator(self.function, self.kind, self.kwargs, {**self.partial_op_kwargs, **kwargs})

    def _refuse_mapping_provider_decorator(self) -> None:
        if (runtime.TARGET.minor, self.kind) in _PROVIDER_DECORATORS:
            raise errors.unsupported(
                f"mapping the provider decorator @task.{self.kind} (.expand / .expand_kwargs)",
                "parse this file with the airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
            )

    def expand(self, **mapped: Any) -> PlainXComArg:
        self._refuse_mapping_provider_decorator()
        if not mapped:
            raise TypeError("no arguments to expand against")
        self._validate_arg_names("expand", mapped)
        ensure_xcomarg_return_value(mapped)
        return self._expand(DictOfListsExpandInput(mapped))

    def expand_kwargs(self, kwargs: Any) -> PlainXComArg:
        self._refuse_mapping_provider_decorator()
        check_expand_kwargs(kwargs)
        ensure_xcomarg_return_value(kwargs)
        return self._expand(ListOfDictsExpandInput(kwargs))

    def _expand(self, expand_input: Any) -> PlainXComArg:
        task_kwargs = self._task_kwargs()
        task_id = unique_task_id(
            task_kwargs.pop("task_id", None) or self.function.__name__,
            task_kwargs.get("dag"),
            task_kwargs.get("task_group"),
        )
        base = runtime.TARGET.base_operator_params
        extra = {"op_args": [], "op_kwargs": dict(self.partial_op_kwargs)}
        extra.update(
            {k: v for k, v in task_kwargs.items() if k not in base and k not in ("dag", "task_group")}
        )
        if runtime.TARGET.facts["default_args_reach"]["mapped_taskflow_non_param"]:
            dag = task_kwargs.get("dag") or runtime.current_dag()
            group = task_kwargs.get("task_group") or runtime.current_group(dag)
            from .operators import merged_defaults

            default_args, _ = merged_defaults(dag, group, None, task_kwargs.get("default_args"))
            for k, v in default_args.items():
                if k not in base:
                    extra.setdefault(k, v)
        partial = {
            k: v for k, v in task_kwargs.items() if k in base or k in ("dag", "task_group", "default_args")
        }
        op = MappedOperator(
            self.operator_class,
            {**partial, "task_id": task_id},
            expand_input,
            operator_name=self.operator_class.custom_operator_name,
            extra_arguments=extra,
            taskflow=True,
        )
        self._mark(op)
        return PlainXComArg(op)


class TaskDecoratorCollection:
    """``task``: callable as ``@task`` / ``@task(...)``, with ``task.<kind>`` attributes."""

    _KINDS = (
        "python",
        "virtualenv",
        "external_python",
        "branch",
        "branch_virtualenv",
        "branch_external_python",
        "short_circuit",
        "sensor",
        "bash",
    )

    def __call__(self, python_callable: Any = None, **kwargs: Any) -> Any:
        return self._decorator("python", python_callable, kwargs)

    @staticmethod
    def _decorator(kind: str, python_callable: Any, kwargs: dict[str, Any]) -> Any:
        if python_callable is not None and callable(python_callable) and not isinstance(python_callable, str):
            return _TaskDecorator(python_callable, kind, kwargs)

        def wrapper(f: Callable[..., Any]) -> _TaskDecorator:
            return _TaskDecorator(f, kind, kwargs)

        return wrapper

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        entry = runtime.TARGET.facts["decorators"].get(name)
        if name not in self._KINDS or not entry or "class" not in entry:
            from . import provider_source

            registered = provider_source.registered_task_decorators()
            if name in registered:
                # A provider installed here registers it (get_provider_info): its operator class
                # and what its constructor records are read from the provider's source.
                self._read_provider_decorator(name, registered[name])

                def provided(python_callable: Any = None, **kwargs: Any) -> Any:
                    return self._decorator(name, python_callable, kwargs)

                return provided
            if (entry and "error" in entry) or provider_source.providers_visible():
                # No provider here registers it: Airflow's providers manager does not find it either.
                raise AttributeError(f"task decorator {name!r} not found")
            raise errors.unsupported(
                f"the @task.{name} decorator",
                "use a @task.<kind> the shim models (python, bash, branch, short_circuit, sensor, "
                "virtualenv, "
                "external_python, branch_virtualenv, branch_external_python) or the classic operator",
            )

        def decorator(python_callable: Any = None, **kwargs: Any) -> Any:
            return self._decorator(name, python_callable, kwargs)

        return decorator

    @staticmethod
    def _read_provider_decorator(name: str, dotted: str) -> None:
        from . import provider_decorators

        key = (runtime.TARGET.minor, name)
        if key in _PROVIDER_DECORATORS:
            return
        try:
            _PROVIDER_DECORATORS[key] = provider_decorators.read(name, dotted)
        except provider_decorators.Unreadable as exc:
            raise errors.unsupported(
                f"the @task.{name} decorator ({dotted}, registered by an installed provider: {exc})",
                "use the provider's classic operator, or parse this file with the airflow backend "
                "(LEOFLOW_PARSER_BACKEND=airflow)",
            ) from None


task = TaskDecoratorCollection()


def setup(func: Any) -> Any:
    if isinstance(func, _TaskDecorator):
        return func.override(is_setup=True)
    if callable(func):
        return task.python(func).override(is_setup=True)
    raise TypeError("setup() expects a callable")


def teardown(_func: Any = None, *, on_failure_fail_dagrun: bool = False) -> Any:
    def wrapper(func: Any) -> Any:
        deco = func if isinstance(func, _TaskDecorator) else task.python(func)
        return deco.override(is_teardown=True, on_failure_fail_dagrun=on_failure_fail_dagrun)

    return wrapper(_func) if _func is not None else wrapper
