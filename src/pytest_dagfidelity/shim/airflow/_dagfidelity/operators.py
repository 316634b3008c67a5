"""BaseOperator, mapped operators and operator classes made from the version table.

Every operator class the shim serves is ``BaseOperator`` (or a sensor / decorated
subclass) specialised by data: where the class is defined in the target version,
its constructor's parameter names and its template fields, all measured from real
Airflow. Behaviour ported from Airflow: default_args applied per ``__init__`` level
of the class chain, constructor kwargs recorded as Airflow records them, XComArg
dependencies from template fields, task-group prefixes, setup/teardown.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from . import errors, runtime
from .base_fields import (
    BASE_FIELDS,
    argument_fields,
    base_fields,
    check_execution_timeout,
    default_fields,
    set_base_fields,
)
from .callable_params import keyword_names, signature, takes_var_kw
from .dag import validate_key
from .enums import TriggerRule
from .graph import DependencyMixin, as_list
from .operator_plans import WIRING, OperatorPlan, Shape, plan_for
from .params import NOTSET, ArgNotSet, ParamsDict
from .setup_teardown import SetupTeardownContext
from .versions import decode
from .xcom import refers_to_nothing, set_upstream_from

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class PreRendered:
    """A value real Airflow puts in recorded kwargs, stored as its measured rendering."""

    def __init__(self, rendered: Any) -> None:
        self.__dagfidelity_rendered__ = rendered


def merged_defaults(
    dag: Any, task_group: Any, task_params: Any, task_default_args: Any
) -> tuple[dict[str, Any], Any]:
    args: dict[str, Any] = {}
    params = _NO_PARAMS  # most tasks have none: a ParamsDict of their own only where there are some
    if dag is not None:
        given = dag.default_args
        args = given.copy() if type(given) is dict else copy.copy(given)
        if len(dag.params):
            params = copy.deepcopy(dag.params)
        if task_group is not None and task_group.default_args:
            args.update(task_group.default_args)
    if task_default_args:
        task_default_args = dict(task_default_args)
        extra_params = task_default_args.pop("params", None)
        args.update(task_default_args)
    else:
        extra_params = None
    if task_params or extra_params:
        if params is _NO_PARAMS:
            params = ParamsDict()
        if task_params:
            params.update(task_params)
        if extra_params:
            params.update(extra_params)
    return args, params


_NO_PARAMS = ParamsDict()  # shared, never changed: what merged_defaults gives a task without params


def _apply_defaults(func: Callable[..., Any], is_shim_base: bool) -> Callable[..., Any]:
    own, required = keyword_names(func)
    passes_default_args = "default_args" in own or is_shim_base or takes_var_kw(func)

    @functools.wraps(func)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if args:
            raise errors.by_name(runtime.TARGET.error("positional_args"))(
                "Use keyword arguments when initializing operators"
            )
        cls = type(self)
        plan = plan_for(cls)
        dag = kwargs.get("dag") or runtime.current_dag()
        task_group = kwargs.get("task_group") or runtime.current_group(dag)
        default_args, params = merged_defaults(
            dag, task_group, kwargs.pop("params", None), kwargs.pop("default_args", None)
        )
        names = plan.param_names(cls) if is_shim_base else own
        if names is None:  # a provider operator the shim captures generically
            names = plan.target.base_operator_params
            unknown = sorted(k for k in default_args if k not in names and k not in kwargs)
            if unknown:
                raise errors.unsupported(
                    f"default_args {unknown} for {cls.__name__}, whose signature it does not know",
                    f"pass {', '.join(unknown)} to {cls.__name__} explicitly, or drop it from default_args",
                )
        # default_args is usually much shorter than the signature (one name against ~80).
        for name, value in default_args.items():
            if name in names and name not in kwargs:
                kwargs[name] = value
        if is_shim_base:
            missing = _TASK_ID if "task_id" not in kwargs else _NOTHING
        else:
            missing = required - kwargs.keys()
        if missing:
            case = "missing_task_id" if "task_id" in missing else "positional_args"
            raise errors.by_name(plan.target.error(case))(
                f"missing keyword argument{'s' if len(missing) > 1 else ''} "
                f"{', '.join(sorted(map(repr, missing)))}"
            )
        if params is not _NO_PARAMS and len(params):
            kwargs["params"] = params
        outermost = "_init_kwargs" not in self.__dict__
        if outermost:
            if plan.plain:
                self.__dict__["_init_kwargs"] = {}
            else:
                self._init_kwargs = {}
        if passes_default_args:
            func(self, **kwargs, default_args=default_args)  # passed down the chain, as Airflow does
        else:
            func(self, **kwargs)
        init_kwargs = self._init_kwargs
        init_kwargs.update(kwargs)
        if is_shim_base:
            for key, value in plan.implicit:
                init_kwargs.setdefault(key, value)
        if outermost:
            self._after_init(plan)
            self.__dict__["_instantiated"] = True

    return wrapper


_TASK_ID = frozenset(("task_id",))
_NOTHING: frozenset[str] = frozenset()


class OperatorMeta(type):
    def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        init = ns.get("__init__")
        if init is not None and not getattr(init, "_dagfidelity_wrapped", False):
            wrapped = _apply_defaults(init, is_shim_base=ns.get("_shim_base_init", False))
            wrapped._dagfidelity_wrapped = True  # type: ignore[attr-defined]
            ns["__init__"] = wrapped
        cls = super().__new__(mcls, name, bases, ns)
        # Airflow's BaseOperatorMeta wraps a class's __init__ (and records its parameter names on
        # the wrapper) only where it is not its first base's: ``new_cls.__init__ is not
        # new_cls.mro()[1].__init__``. A class it wraps holds that wrapper in its own namespace.
        cls._dagfidelity_airflow_wraps = _airflow_init(cls.__mro__, ns) is not _airflow_init(
            cls.__mro__[1].__mro__
        )
        made = ns.get("__init__")
        if made is not None and made is not init:  # a wrapper made just now: a new function, wrapped
            made._dagfidelity_owner = cls  # it stands for Airflow's wrapper in this class
        return cls


def _airflow_init(mro: tuple[type, ...], ns: dict[str, Any] | None = None) -> object:
    """What ``mro[0].__init__`` is under Airflow's operator metaclass, as an identity: the class
    whose namespace holds Airflow's wrapper, or a function Airflow never wrapped (a mixin's).
    ``ns``: the namespace of ``mro[0]`` while it is being created (not yet wrapped)."""
    if ns is not None:
        mine = ns.get("__init__")
        if mine is not None:
            return getattr(mine, "_dagfidelity_owner", mine)
        mro = mro[1:]
    for klass in mro:
        if klass.__dict__.get("_dagfidelity_airflow_wraps"):
            return klass
        init = klass.__dict__.get("__init__")
        if init is not None:
            return getattr(init, "_dagfidelity_owner", init)
    return object.__init__


def _mapping_params(operator_class: type) -> set[str]:
    """The constructor keywords Airflow's ``validate_mapping_kwargs`` accepts from the operator
    classes the DAG file defines: the parameter names recorded on each wrapper its metaclass made
    (every parameter but ``self`` and ``*args``/``**kwargs``). A mixin's own ``__init__`` that no
    operator class wrapped records none, so its keywords are refused, as Airflow refuses them."""
    names: set[str] = set()
    for klass in operator_class.__mro__:
        owner = _airflow_init(klass.__mro__)
        if not isinstance(owner, type):
            continue  # an __init__ Airflow never wrapped: it records no names
        provider = next(k for k in owner.__mro__ if "__init__" in k.__dict__)
        if provider.__module__ == "airflow" or provider.__module__.startswith("airflow."):
            continue  # a class the shim models: its names are the version table's (``known``)
        names.update(
            p.name
            for p in signature(provider.__dict__["__init__"]).parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        )
    return names


class Node(DependencyMixin):
    """What tasks and mapped tasks share: identity in the graph and wiring."""

    task_id: str
    dag: Any = None
    task_group: Any = None
    _is_setup = False
    _is_teardown = False

    # As Airflow's setters: a task is a setup or a teardown, never both.
    @property
    def is_setup(self) -> bool:
        return self._is_setup

    @is_setup.setter
    def is_setup(self, value: bool) -> None:
        if self._is_teardown and value:
            raise ValueError(f"Cannot mark task '{self.task_id}' as setup; task is already a teardown.")
        self._is_setup = value

    @property
    def is_teardown(self) -> bool:
        return self._is_teardown

    @is_teardown.setter
    def is_teardown(self, value: bool) -> None:
        if self._is_setup and value:
            raise ValueError(f"Cannot mark task '{self.task_id}' as teardown; task is already a setup.")
        self._is_teardown = value

    def _init_node(self) -> None:
        self.upstream_task_ids: set[str] = set()
        self.downstream_task_ids: set[str] = set()

    @property
    def node_id(self) -> str:
        return self.task_id

    @property
    def label(self) -> str:
        group = self.task_group
        if group is not None and group.prefix_group_id and group.group_id:
            return self.task_id[len(group.group_id) + 1 :]
        return self.task_id

    @property
    def roots(self) -> list[Any]:
        return [self]

    @property
    def leaves(self) -> list[Any]:
        return [self]

    def has_dag(self) -> bool:
        return self.dag is not None

    @property
    def dag_id(self) -> str:
        return self.dag.dag_id if self.dag is not None else f"adhoc_{self.owner}"

    @property
    def upstream_list(self) -> list[Any]:
        return [self.dag.task_dict[i] for i in self.upstream_task_ids if self.dag]

    @property
    def downstream_list(self) -> list[Any]:
        return [self.dag.task_dict[i] for i in self.downstream_task_ids if self.dag]

    @property
    def output(self) -> Any:
        from .xcom import PlainXComArg

        return PlainXComArg(self)

    def _set_relatives(self, others: Any, upstream: bool = False, edge_modifier: Any = None) -> None:
        task_list: list[Node] = []
        for other in as_list(others):
            other.update_relative(self, not upstream, edge_modifier=edge_modifier)
            for task in other.leaves if upstream else other.roots:
                if not isinstance(task, Node):
                    raise errors.AirflowException(
                        f"Relationships can only be set between Operators; received {type(task).__name__}"
                    )
                task_list.append(task)
        dag = self.dag
        if dag is None or any(task.dag is not dag for task in task_list):  # else: one DAG (the usual)
            dags = {id(t.dag): t.dag for t in [*self.roots, *task_list] if t.dag is not None}
            if len(dags) > 1:
                raise errors.by_name(runtime.TARGET.error("cross_dag_edge"))(
                    f"Tried to set relationships between tasks in more than one DAG: {list(dags.values())}"
                )
            if not dags:
                raise errors.AirflowException(
                    "Tried to create relationships between tasks that don't have DAGs yet. "
                    f"Set the DAG for at least one task and try again: {[self, *task_list]}"
                )
            dag = next(iter(dags.values()))
        if self.dag is None:
            dag.add_task(self)
        for task in task_list:
            if task.dag is None:
                dag.add_task(task)
            if upstream:
                task.downstream_task_ids.add(self.node_id)
                self.upstream_task_ids.add(task.node_id)
                if edge_modifier is not None:
                    edge_modifier.add_edge_info(dag, task.node_id, self.node_id)
            else:
                self.downstream_task_ids.add(task.node_id)
                task.upstream_task_ids.add(self.node_id)
                if edge_modifier is not None:
                    edge_modifier.add_edge_info(dag, self.node_id, task.node_id)

    def set_upstream(self, other: Any, edge_modifier: Any = None) -> None:
        self._set_relatives(other, upstream=True, edge_modifier=edge_modifier)

    def set_downstream(self, other: Any, edge_modifier: Any = None) -> None:
        self._set_relatives(other, upstream=False, edge_modifier=edge_modifier)

    def update_relative(self, other: Any, upstream: bool = True, edge_modifier: Any = None) -> None:
        pass

    # setup / teardown -----------------------------------------------------------
    def as_setup(self) -> Any:
        self.is_setup = True
        return self

    def as_teardown(self, *, setups: Any = NOTSET, on_failure_fail_dagrun: Any = NOTSET) -> Any:
        self.is_teardown = True
        self.trigger_rule = TriggerRule.ALL_DONE_SETUP_SUCCESS
        if on_failure_fail_dagrun is not NOTSET:
            self.on_failure_fail_dagrun = on_failure_fail_dagrun
        if setups is not NOTSET:
            for s in [setups] if isinstance(setups, DependencyMixin) else setups:
                s.is_setup = True
                s >> self
        return self

    def __enter__(self) -> Any:
        if not self.is_setup and not self.is_teardown:
            raise errors.AirflowException("Only setup/teardown tasks can be used as context managers.")
        from .setup_teardown import enter

        enter(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        from .setup_teardown import exit_

        exit_(self)

    # compiler surface -------------------------------------------------------------
    @property
    def task_group_id(self) -> str | None:
        return None if self.task_group is None else self.task_group.group_id

    def __repr__(self) -> str:
        return f"<Task({type(self).__name__}): {self.task_id}>"


def _validate_base_types(task: Any, kwargs: dict[str, Any], fresh: bool, shape: Shape) -> None:
    """Airflow's ``validate_instance_args`` at the end of ``BaseOperator.__init__``: each field the
    version checks must have one of its types (measured: ``base_operator_arg_types``).

    ``fresh``: nothing was set on the task before this ``__init__`` began, so each checked field
    is either taken from the arguments or holds the version's default, checked once."""
    rules, quick, defaults_pass = _arg_type_rules()
    if fresh and defaults_pass:  # only the fields the arguments set: kept with the shape
        checked = shape.checked
        if checked is None:
            checked = shape.checked = _quick_for(shape.names, quick)
        quick = checked
    state = task.__dict__
    # A quick pass over the fields, each the task's or else as given; where one can fail (a wrong
    # type, or classes resolved per check), the fields are checked again in the table's order, so
    # that the error names the field Airflow names first.
    for name, types in quick:
        value = state.get(name, _ABSENT)
        if value is _ABSENT:
            value = kwargs.get(name)
        if value is not None and (types is None or not isinstance(value, types)):
            break  # the ordered check below decides (and resolves the classes the file sees)
    else:
        return
    for rule in rules:
        value = _invalid_type(rule, state, kwargs)
        if value is not None:
            name, text = rule[0], rule[4]
            raise TypeError(
                f"'{name}' has an invalid type {type(value)} with value {value}, expected type is {text}"
            )


def _quick_for(names: tuple[str, ...], quick: tuple[_QuickRule, ...]) -> tuple[_QuickRule, ...]:
    """The quick rules of the fields a task given the arguments ``names`` can hold a value of
    its own in (decided once per shape): a task is usually given a handful of the ~33."""
    key = (runtime.TARGET.minor, names)
    found = _QUICK_FOR.get(key)
    if found is None:
        given = argument_fields(names).union(names)
        found = tuple(rule for rule in quick if rule[0] in given)
        if len(_QUICK_FOR) < 4096:
            _QUICK_FOR[key] = found
    return found


_QUICK_FOR: dict[tuple[str, tuple[str, ...]], tuple[_QuickRule, ...]] = {}


def _invalid_type(rule: _ArgTypeRule, state: dict[str, Any], kwargs: dict[str, Any]) -> Any:
    """The field's value where it has none of the rule's types, else None."""
    name, dotted_names, per_call, types, _ = rule
    # The field as the task keeps it, or as given where the shim keeps it only as an argument.
    value = state[name] if name in state else kwargs.get(name)
    if value is None:
        return None
    if per_call:  # classes the shim serves: resolved at each check, as the file sees them
        types = _resolve_types(dotted_names)
    return value if types is not None and not isinstance(value, types) else None


# (field, class names, resolve at each check, classes resolved once or None, the types' text)
_ArgTypeRule = tuple[str, list[str], bool, "tuple[type, ...] | None", str]
# The quick pass's (field, types): None where the ordered check must decide (classes resolved per
# check); a field with nothing to check against is left out.
_QuickRule = tuple[str, "tuple[type, ...] | None"]
_ARG_TYPE_RULES: dict[str, tuple[list[_ArgTypeRule], tuple[_QuickRule, ...], bool]] = {}
_ABSENT = object()


def _arg_type_rules() -> tuple[list[_ArgTypeRule], tuple[_QuickRule, ...], bool]:
    """The version's checked fields with their types, in the table's order, resolved once where
    they come from outside ``airflow`` (all of them, measured on every version); the quick
    pass's rules (the check runs for every task); and whether the version's task defaults pass
    them, so that a task need only have the fields its arguments set checked."""
    minor = runtime.TARGET.minor
    found = _ARG_TYPE_RULES.get(minor)
    if found is None:
        rules = []
        for name, rule in runtime.TARGET.facts.get("base_operator_arg_types", {}).items():
            dotted_names = list(rule["types"])
            per_call = any(dotted.split(".")[0] == "airflow" for dotted in dotted_names)
            types = None if per_call else _resolve_types(dotted_names)
            rules.append((name, dotted_names, per_call, types, rule["text"]))
        quick = tuple((r[0], None if r[2] else r[3]) for r in rules if r[2] or r[3] is not None)
        defaults = default_fields()
        defaults_pass = all(
            types is not None and (defaults.get(name) is None or isinstance(defaults[name], types))
            for name, types in quick
        )
        found = _ARG_TYPE_RULES[minor] = (rules, quick, defaults_pass)
    return found


def _resolve_types(dotted_names: list[str]) -> tuple[type, ...] | None:
    """The classes named, or None (nothing to check against) where one cannot be imported."""
    import importlib

    types = []
    for dotted in dotted_names:
        module, _, attr = dotted.rpartition(".")
        try:
            types.append(getattr(importlib.import_module(module), attr))
        except (ImportError, AttributeError):
            return None
    return tuple(types)


# What a task's construction writes straight into its ``__dict__`` where its class lets it.
_STORED_FIELDS = (
    *BASE_FIELDS,
    "executor",
    "task_id",
    "upstream_task_ids",
    "downstream_task_ids",
    "_init_kwargs",
)


def _plain_fields(cls: type) -> bool:
    """Whether assigning the fields a ``cls`` task's construction sets only stores them (no
    ``__setattr__`` of its own, no property or other descriptor for one of them), so they can be
    written straight into the instance's ``__dict__``: decided once per class, and kept on the
    class (a class a DAG file defines goes with the file)."""
    found: bool | None = cls.__dict__.get("_dagfidelity_plain")
    if found is None:
        setter = cls.__setattr__
        found = (setter is BaseOperator.__setattr__ or setter is object.__setattr__) and not any(
            hasattr(type(klass.__dict__[name]), "__set__")
            for klass in cls.__mro__
            for name in _STORED_FIELDS
            if name in klass.__dict__
        )
        type.__setattr__(cls, "_dagfidelity_plain", found)
    return found


class BaseOperator(Node, metaclass=OperatorMeta):
    _shim_base_init = True
    _defined_at: str | None = None  # "module:Qualname" in the version table
    custom_operator_name: str | None = None
    template_fields: tuple[str, ...] = ()
    template_ext: tuple[str, ...] = ()
    expand_input = None

    @classmethod
    def _shim_param_names(cls) -> frozenset[str] | None:
        source, value = cls._param_source()
        if source == "given":
            return value  # type: ignore[no-any-return]
        if source == "provider":
            return _provider_params(value)
        if source == "table":
            return runtime.TARGET.operator_params(value)
        return runtime.TARGET.base_operator_params

    @classmethod
    def _param_source(cls) -> tuple[str, Any]:
        """Where the constructor keywords come from: the nearest class that says, as
        ("given", names), ("provider", that class), ("table", "module:Qualname") or ("base", None)."""
        for klass in cls.__mro__:
            spec = klass.__dict__.get("_param_names")
            if spec is not None:
                return "given", spec
            if klass.__dict__.get("_generic"):
                return "provider", klass
            at = klass.__dict__.get("_defined_at")
            if at is not None:
                return "table", at
        return "base", None

    @classmethod
    def _names_from_provider(cls) -> bool:
        return cls._param_source()[0] == "provider"

    @classmethod
    def _assigns_plainly(cls) -> bool:
        return _plain_fields(cls)

    @classmethod
    def _table_class(cls) -> str | None:
        """``module:Qualname`` of the nearest class the table knows, found once per class."""
        found: tuple[str | None] | None = cls.__dict__.get("_dagfidelity_table_class")
        if found is None:
            at = next((k.__dict__["_defined_at"] for k in cls.__mro__ if k.__dict__.get("_defined_at")), None)
            found = (at,)
            type.__setattr__(cls, "_dagfidelity_table_class", found)
        return found[0]

    @classmethod
    def _measured(cls, fact: str) -> Any:
        """This version's measured ``fact`` for the nearest class the table knows, or None."""
        at = cls._table_class()
        return None if at is None else runtime.TARGET.facts.get(fact, {}).get(at)

    @classmethod
    def _listified_fields(cls) -> frozenset[str]:
        return _measured_names(cls._table_class(), "operator_listified_fields")

    @classmethod
    def _required_params(cls) -> frozenset[str]:
        return _measured_names(cls._table_class(), "operator_required")

    @classmethod
    def _implicit_kwargs(cls) -> dict[str, Any]:
        """What real Airflow's own class chain records beyond the caller's kwargs (measured)."""
        found = cls._measured("operator_implicit_kwargs") or {}
        if "$error" in found:
            return {}
        return {k: PreRendered(v) if isinstance(v, (dict, list)) else v for k, v in found.items()}

    def __setattr__(self, key: str, value: Any) -> None:
        super().__setattr__(key, value)
        # As Airflow: a later assignment is what the recorded constructor kwargs say, and an
        # XComArg assigned to a template field after construction still adds its dependency.
        if "_instantiated" in self.__dict__:
            if key in self._init_kwargs:
                self._init_kwargs[key] = value
            if key in type(self).template_fields:
                set_upstream_from(self, value)

    def __or__(self, other: Any) -> Any:
        # 2.x lineage pipe (measured: operator_pipe): ``other`` takes this task's id as an inlet
        # and runs after it; refused when this task has no outlets. 3.x has no such operator.
        pipe = runtime.TARGET.facts.get("operator_pipe") or {}
        if not pipe:
            return NotImplemented
        if not isinstance(other, BaseOperator):
            raise TypeError(f"Right hand side ({other}) is not an Operator")
        if not self.outlets and "without_outlets" in pipe:
            kind, message = pipe["without_outlets"]
            raise errors.by_name(kind)(message)
        other.inlets = [*other.inlets, self.task_id]
        self.set_downstream(other)
        return self

    def resolve_template_files(self) -> None:
        """Read template files the way DagBag does when it bags a DAG (``template_ext`` fields)."""
        ext = type(self).template_ext  # most classes have none: nothing more to look at
        if not ext or self.dag is None:
            return
        ext = tuple(ext)
        for name in type(self).template_fields:
            content = getattr(self, name, None)
            if isinstance(content, str) and content.endswith(ext):
                source = self.dag.read_template(content)
                if source is not None:
                    setattr(self, name, source)
            elif isinstance(content, list):
                for i, item in enumerate(content):
                    if isinstance(item, str) and item.endswith(ext):
                        source = self.dag.read_template(item)
                        if source is not None:
                            content[i] = source

    def __init__(self, **kwargs: Any) -> None:
        cls = type(self)
        plan = plan_for(cls)
        target = plan.target
        # Construction only stores these fields where the class lets it (its plan says): written
        # straight into the instance, without a Python-level __setattr__ call each.
        state = self.__dict__ if plan.plain else None
        # Nothing on the task yet but the recorded kwargs: no subclass set a field before this.
        fresh = state is not None and len(state) == 1 and "_init_kwargs" in state
        if state is not None:
            state["upstream_task_ids"] = set()
            state["downstream_task_ids"] = set()
        else:
            self._init_node()
        known = plan.param_names(cls)
        names = tuple(kwargs)
        shape = plan.shape(cls, names, known)
        unknown = shape.unknown
        if unknown:
            if plan.consumed:
                # Deprecated arguments the class still reads out of **kwargs, for the values it
                # accepts (2.x PythonOperator takes provide_context=True, and refuses False).
                unknown -= {
                    k for k, accepted in plan.consumed.items() if k in kwargs and bool(kwargs[k]) in accepted
                }
            if unknown:
                raise errors.by_name(target.error("unknown_kwarg"))(
                    f"Invalid arguments were passed to {cls.__name__} "
                    f"(task_id: {kwargs.get('task_id')}). "
                    f"Invalid arguments were: {sorted(unknown)}"
                )
        if plan.forbidden:
            for name in sorted(plan.forbidden.keys() & kwargs.keys()):
                kind, message = plan.forbidden[name]
                raise errors.by_name(kind)(message)  # a subclass that sets the argument itself
        missing = shape.missing
        if missing:
            raise errors.by_name(target.error("missing_required"))(
                f"missing keyword argument{'s' if len(missing) > 1 else ''} "
                f"{', '.join(map(repr, sorted(missing)))}"
            )
        if "python_callable" in kwargs and "python_callable" in (known or ()):
            if not callable(kwargs["python_callable"]):
                raise errors.by_name(target.error("not_callable"))("`python_callable` param must be callable")
        task_id = kwargs["task_id"]
        dag = kwargs.get("dag") or runtime.current_dag()
        task_group = kwargs.get("task_group") or runtime.current_group(dag)
        if "execution_timeout" in kwargs:
            check_execution_timeout(kwargs["execution_timeout"])
        self._apply_base_fields(kwargs, plan.plain, names)
        for name, listified in shape.stored:
            value = kwargs[name]
            # Some operators keep a string argument as a one-item list (measured per class).
            if listified and isinstance(value, str):
                value = [value]
            if state is not None:
                state[name] = value
            else:
                setattr(self, name, value)
        full_id = task_group.child_id(task_id) if task_group is not None else task_id
        if state is not None:
            state["task_id"] = full_id
        else:
            self.task_id = full_id
        validate_key(full_id if plan.validates_full_id else task_id, "invalid_task_id")
        if task_group is not None:
            if state is not None:  # what add() would assign, without a __setattr__ call
                state["task_group"] = task_group
            task_group.add(self)
        if SetupTeardownContext.active:
            SetupTeardownContext.update_context_map(self)
        if dag is not None:
            if state is not None:  # likewise for add_task()
                state["dag"] = dag
            dag.add_task(self)
        _validate_base_types(self, kwargs, fresh, shape)

    def _apply_base_fields(
        self, kwargs: dict[str, Any], plain: bool | None = None, names: tuple[str, ...] | None = None
    ) -> None:
        if plain if plain is not None else _plain_fields(type(self)):
            set_base_fields(self.__dict__, kwargs, names)
        else:  # a class that intercepts one of these assignments: each goes through it
            for name, value in base_fields(kwargs, names).items():
                setattr(self, name, value)

    def _after_init(self, plan: OperatorPlan) -> None:
        """What follows the outermost constructor, given the class's plan."""
        # Base-operator arguments the real class's constructor takes over (measured), unless
        # one of its own arguments that keeps them is given.
        for field, rule in plan.reset_fields.items():
            if getattr(self, field, None) and not any(self._init_kwargs.get(n) for n in rule["unless"]):
                setattr(self, field, decode(rule["value"]))

        # A string, a number or None refers to no XCom: most template fields hold one, or a list
        # or dict of them (op_args, op_kwargs).
        fields = type(self).template_fields
        if fields:
            values = [getattr(self, f, None) for f in fields]
            refers = [v for v in values if not refers_to_nothing(v)]
            if refers:
                set_upstream_from(self, refers)

    # compiler surface -------------------------------------------------------------
    @property
    def operator_class(self) -> str:
        cls = type(self)
        return f"{cls.__module__}.{cls.__qualname__}"

    @property
    def operator_name(self) -> str:
        return self.custom_operator_name or type(self).__name__

    @property
    def arguments(self) -> dict[str, Any]:
        return self._init_kwargs

    # mapping ----------------------------------------------------------------------
    @classmethod
    def partial(cls, **kwargs: Any) -> OperatorPartial:
        return OperatorPartial(cls, kwargs)


_MEASURED_NAMES: dict[tuple[str, str, str | None], frozenset[str]] = {}


def _measured_names(at: str | None, fact: str) -> frozenset[str]:
    """A measured list of names of the table's class ``at`` as a set, built once per version."""
    key = (runtime.TARGET.minor, fact, at)
    found = _MEASURED_NAMES.get(key)
    if found is None:
        found = _MEASURED_NAMES[key] = frozenset(
            (None if at is None else runtime.TARGET.facts.get(fact, {}).get(at)) or ()
        )
    return found


# --- mapping ------------------------------------------------------------------------
class DictOfListsExpandInput:
    def __init__(self, value: dict[str, Any]) -> None:
        self.value = value

    def iter_references(self) -> Iterator[Any]:
        from .xcom import iter_xcom_references

        return iter_xcom_references(self.value)


class ListOfDictsExpandInput(DictOfListsExpandInput):
    pass


def is_mappable(value: Any) -> bool:
    """Airflow's ``is_mappable``: what ``expand()`` takes for one argument, checked at parse time
    (the same from 2.9 to 3.3): an XCom, a mapped task group's argument, any mapping or sequence
    (a tuple, a range), but not a string."""
    from .xcom import XComArg

    return (
        isinstance(value, (XComArg, Mapping, Sequence)) or type(value).__name__ == "MappedArgument"
    ) and not isinstance(value, str)


def ensure_xcomarg_return_value(value: Any) -> None:
    """Airflow's own check of an expand input, however deep: only ``return_value`` XComs map
    (a custom key inside a list, a dict, or a ``.map``/``.zip`` is refused too)."""
    from .xcom import XComArg

    if isinstance(value, XComArg):
        for operator, key in value.iter_references():
            if key != "return_value":
                raise ValueError(f"cannot map over XCom with custom key {key!r} from {operator}")
    elif isinstance(value, dict):
        for item in value.values():
            ensure_xcomarg_return_value(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            ensure_xcomarg_return_value(item)


def check_expand_kwargs(value: Any) -> None:
    from .xcom import PlainXComArg, XComArg

    if isinstance(value, PlainXComArg) and value.key != "return_value":
        raise ValueError(f"cannot map over XCom with custom key {value.key!r} from {value.operator}")
    if isinstance(value, XComArg):
        return
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, (dict, XComArg)) for v in value):
        raise TypeError(f"expected XComArg or list[dict], not {type(value).__name__}")


def check_mapping_names(operator_class: type, func: str, names: Any) -> None:
    """Names an operator's constructors do not take are refused, as Airflow refuses them."""
    known = operator_class._shim_param_names()  # type: ignore[attr-defined]
    # None: a generic provider operator, whose signature is unknown; every name is taken as its.
    accepted = None if known is None else {*known, *_mapping_params(operator_class), *WIRING}
    if func == "expand":  # a value of a name it takes: Airflow checks it maps before any name
        for name, value in names.items():
            if (accepted is None or name in accepted) and not is_mappable(value):
                raise ValueError(
                    f"{operator_class.__name__}.expand() got an unexpected type {type(value).__name__!r} "
                    f"for keyword argument {name}"
                )
    if accepted is None:
        return
    unknown = [name for name in names if name not in accepted]  # in the order given, as Airflow's
    if unknown:
        what = (
            f"an unexpected keyword argument {unknown[0]!r}"
            if len(unknown) == 1
            else (f"unexpected keyword arguments {', '.join(map(repr, unknown))}")
        )
        raise TypeError(f"{operator_class.__name__}.{func}() got {what}")


def prevent_duplicates(given: Iterable[str], more: Iterable[str], *, fail_reason: str) -> None:
    """Airflow's check that ``partial()`` and ``expand()`` (or two ``partial()``) name no argument
    twice, with its message (``mappedoperator.prevent_duplicates``, the same from 2.9 to 3.3)."""
    duplicated = set(given).intersection(more)
    if len(duplicated) == 1:
        raise TypeError(f"{fail_reason} argument: {duplicated.pop()}")
    if duplicated:
        raise TypeError(f"{fail_reason} arguments: {', '.join(sorted(duplicated))}")


class OperatorPartial:
    def __init__(self, operator_class: type[BaseOperator], kwargs: dict[str, Any]) -> None:
        if "task_id" not in kwargs:
            raise TypeError("partial() missing required argument: 'task_id'")
        check_mapping_names(operator_class, "partial", kwargs)
        self.operator_class = operator_class
        self.kwargs = kwargs

    def expand(self, **mapped_kwargs: Any) -> MappedOperator:
        if not mapped_kwargs:
            raise TypeError("no arguments to expand against")
        check_mapping_names(self.operator_class, "expand", mapped_kwargs)
        prevent_duplicates(self._filled(), mapped_kwargs, fail_reason="unmappable or already specified")
        ensure_xcomarg_return_value(mapped_kwargs)
        return MappedOperator(self.operator_class, self.kwargs, DictOfListsExpandInput(mapped_kwargs))

    def _filled(self) -> set[str]:
        """The names ``partial()`` fills in, which ``expand`` refuses to map: the arguments given,
        the base fields this version's ``partial()`` sets by itself (measured: ``unmappable_fields``;
        2.x fills every field it names, 3.x only those with a default of its own), and the DAG's
        and group's ``default_args`` that are base fields. ``params`` is never among them:
        ``partial()`` merges it with the DAG's apart."""
        dag = self.kwargs.get("dag") or runtime.current_dag()
        group = self.kwargs.get("task_group") or runtime.current_group(dag)
        default_args, _ = merged_defaults(dag, group, None, self.kwargs.get("default_args"))
        base = runtime.TARGET.base_operator_params
        filled = set(self.kwargs) | set(runtime.TARGET.facts["unmappable_fields"])
        filled |= {name for name in default_args if name in base}
        return filled - {"params", "default_args"}

    def expand_kwargs(self, kwargs: Any) -> MappedOperator:
        check_expand_kwargs(kwargs)
        ensure_xcomarg_return_value(kwargs)
        return MappedOperator(self.operator_class, self.kwargs, ListOfDictsExpandInput(kwargs))


class MappedOperator(Node):
    """A classic operator mapped with ``.partial(...).expand(...)`` / ``.expand_kwargs(...)``."""

    def __init__(
        self,
        operator_class: type[BaseOperator],
        partial: dict[str, Any],
        expand_input: Any,
        operator_name: str | None = None,
        extra_arguments: dict[str, Any] | None = None,
        taskflow: bool = False,
    ) -> None:
        self._init_node()
        kwargs = dict(partial)
        dag = kwargs.pop("dag", None) or runtime.current_dag()
        task_group = kwargs.pop("task_group", None) or runtime.current_group(dag)
        default_args, _ = merged_defaults(
            dag, task_group, kwargs.pop("params", None), kwargs.pop("default_args", None)
        )
        base = runtime.TARGET.base_operator_params
        # A mapped task's own defaults can differ in type from a plain task's (measured per version).
        fields = {
            k: v
            for k, v in runtime.TARGET.facts["mapped_task_fields"].items()
            if k == "retry_exponential_backoff"
        }
        fields.update({k: v for k, v in default_args.items() if k in base})
        fields.update(kwargs)
        task_id = kwargs.pop("task_id")  # Airflow never validates a mapped task's id
        from .taskgroup import MappedTaskGroup

        group = task_group
        while group is not None:
            if isinstance(group, MappedTaskGroup):
                raise NotImplementedError("operator expansion in an expanded task group is not yet supported")
            group = group.parent_group
        # Partial arguments are kept as given: a mapped task's trigger_rule is neither validated
        # nor converted from a deprecated name (Airflow 2's "dummy" stays "dummy").
        given_rule = fields.pop("trigger_rule", NOTSET)
        # The DAG and group as partial() found them: a refused pool_slots names both, as Airflow's.
        given = {**fields, "task_id": task_id, "dag": dag, "task_group": task_group}
        BaseOperator._apply_base_fields(self, given)  # type: ignore[arg-type]
        # A mapped task reads both flags back through bool(), where a task keeps them as given.
        self.depends_on_past = bool(self.depends_on_past)
        self.wait_for_downstream = bool(self.wait_for_downstream)
        if not isinstance(given_rule, ArgNotSet):
            self.trigger_rule = given_rule
        # A mapped task reads retry_exponential_backoff back as the type of its measured default:
        # a flag (bool(value)) up to 3.1, a multiplier from 3.2, where True means doubling (2.0).
        measured = runtime.TARGET.facts["mapped_task_fields"].get("retry_exponential_backoff")
        backoff = self.retry_exponential_backoff
        if isinstance(measured, float) and isinstance(backoff, (bool, int, float)):
            self.retry_exponential_backoff = 2.0 if backoff is True else float(backoff)
        elif isinstance(measured, bool):
            self.retry_exponential_backoff = bool(backoff)
        # TaskFlow's own expand always forces depends_on_past from wait_for_downstream; a
        # classic .partial() does so only where measured (not on 3.x).
        if not taskflow and not runtime.TARGET.facts["mapped_task_fields"].get(
            "depends_on_past_from_wait_for_downstream", True
        ):
            self.depends_on_past = bool(fields.get("depends_on_past", False))
        self._operator_cls = operator_class
        self._operator_name = operator_name or operator_class.custom_operator_name or operator_class.__name__
        self.expand_input = expand_input
        self.partial_kwargs = {k: v for k, v in kwargs.items() if k not in base}
        self.partial_kwargs.update(extra_arguments or {})
        self.template_fields = operator_class.template_fields
        self.task_id = task_group.child_id(task_id) if task_group is not None else task_id
        if task_group is not None:
            task_group.add(self)
        if dag is not None:
            dag.add_task(self)
        set_upstream_from(self, [expand_input.value, *self.partial_kwargs.values()])

    @property
    def operator_class(self) -> str:
        cls = self._operator_cls
        return f"{cls.__module__}.{cls.__qualname__}"

    @property
    def operator_name(self) -> str:
        return self._operator_name

    @property
    def arguments(self) -> dict[str, Any]:
        return self.partial_kwargs

    def __repr__(self) -> str:
        return f"<Mapped({self._operator_cls.__name__}): {self.task_id}>"


# --- provider operators the table does not list: their signatures, read from source --------
def _core_params(module: str, name: str) -> frozenset[str] | None:
    """Constructor keywords of a class outside the installed providers, as the table measured them."""
    target = runtime.TARGET
    if module.split(".")[0] != "airflow":
        return frozenset()  # a base from outside Airflow (abc.ABC, a mixin): no keywords of its own
    at = target.imports.get(module, {}).get("names", {}).get(name)
    if at is None:
        return frozenset() if name.endswith("Mixin") else None
    if at.endswith(":BaseOperator"):
        return target.base_operator_params
    if at.endswith(":BaseSensorOperator"):
        return BaseSensorOperator._shim_param_names()
    found = target.operator_params(at)
    if found is None and name.endswith("Mixin"):
        return frozenset()
    return found


def _provider_params(klass: type) -> frozenset[str] | None:
    """What the real provider class accepts where the provider is installed (read with ``ast``,
    never imported); None where it is not, and its arguments are then recorded unvalidated."""
    from . import provider_source

    # Not cached here: provider_source caches the parsed files by modification time.
    return provider_source.class_params(klass.__module__, klass.__qualname__, _core_params)


def unvalidated_tasks(dags: list[Any]) -> list[dict[str, str]]:
    """Tasks whose provider operator the shim cannot read (the provider is not installed next to
    it): their arguments were recorded as given, not checked against the real signature."""
    found = []
    for dag in dags:
        for task in dag.tasks:
            klass = getattr(task, "_operator_cls", type(task))
            if not (isinstance(klass, type) and issubclass(klass, BaseOperator)):
                continue
            if klass._shim_param_names() is None:
                operator = f"{klass.__module__}.{klass.__qualname__}"
                found.append({"dag_id": dag.dag_id, "task_id": task.task_id, "operator": operator})
    return sorted(found, key=lambda u: (u["dag_id"], u["task_id"]))


# --- classes made from the version table --------------------------------------------
_CLASSES: dict[tuple[str, str], type] = {}


def operator_class(defined_at: str, base: type | None = None, generic: bool = False) -> type:
    """The shim class standing for the operator real Airflow defines at ``module:Qualname``."""
    key = (runtime.TARGET.minor, defined_at)
    if key not in _CLASSES:
        module, qualname = defined_at.split(":")
        parent = base or (
            BaseSensorOperator if qualname.endswith(("Sensor", "SensorAsync")) else BaseOperator
        )
        ns: dict[str, Any] = {"__module__": module, "__qualname__": qualname}
        if generic:
            ns["_generic"] = True
        else:
            ns["_defined_at"] = defined_at
            fields = runtime.TARGET.template_fields(defined_at)
            if fields is not None:
                ns["template_fields"] = fields
            ns["template_ext"] = tuple(
                runtime.TARGET.facts.get("operator_template_ext", {}).get(defined_at, ())
            )
        _CLASSES[key] = OperatorMeta(qualname.rsplit(".", 1)[-1], (parent,), ns)
    return _CLASSES[key]


class BaseSensorOperator(BaseOperator):
    """Sensors: poke_interval, timeout, mode and the rest are recorded constructor arguments."""

    @classmethod
    def _shim_param_names(cls) -> frozenset[str] | None:
        names = super()._shim_param_names()
        if cls.__dict__.get("_defined_at") is None and names == runtime.TARGET.base_operator_params:
            # A sensor class the DAG file defines: the version's BaseSensorOperator signature.
            for at, params in runtime.TARGET.facts["operator_params"].items():
                if at.endswith(":BaseSensorOperator"):
                    return frozenset(params)
        return names


class GenericOperator(BaseOperator):
    """Base of provider operators the shim has never heard of: recorded, not interpreted."""

    _generic = True

    def _run_constructor_checks(self) -> None:
        """The installed provider's own argument checks (read from its source), made on plain
        values only: one reading a template or an XComArg is left to Airflow at run time too."""
        from . import provider_source

        klass = type(self)
        while not klass.__dict__.get("_generic") and klass.__bases__:
            klass = klass.__bases__[0]  # the provider class, under any subclass the file defines
        plain = (str, int, float, bool, type(None), list, tuple, dict, set, frozenset)
        for used, defaults, check in provider_source.constructor_checks(klass.__module__, klass.__qualname__):
            values = [self._init_kwargs.get(u, defaults.get(u, NOTSET)) for u in used]
            if all(type(v) in plain for v in values):
                check(*values)

    def _after_init(self, plan: OperatorPlan) -> None:
        self._run_constructor_checks()

        # Base-operator arguments the real class's constructor takes over (measured), unless
        # one of its own arguments that keeps them is given.
        for field, rule in plan.reset_fields.items():
            if getattr(self, field, None) and not any(self._init_kwargs.get(n) for n in rule["unless"]):
                setattr(self, field, decode(rule["value"]))

        # Without the class's template_fields, every operator-specific argument counts.
        base = runtime.TARGET.base_operator_params
        set_upstream_from(
            self, [v for k, v in self._init_kwargs.items() if k not in base and not refers_to_nothing(v)]
        )
