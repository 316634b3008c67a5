"""The fields every task has (owner, retries, pool, trigger_rule...): how ``BaseOperator.__init__``
sets each from its argument or the version's default, and the type check that ends it.

Each field is set by one step below, which reads its argument or the default. Every task of a
version starts from the same defaults, so the steps run once per version on no arguments, and
a task runs only the steps of the arguments it is given (and gets lineage lists of its own): a
task is usually given one or two of the ~25 (measured: a sixth of the operator path).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from . import errors, runtime
from .enums import TriggerRule, WeightRule

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

CALLBACK_AND_DOC_FIELDS = (
    "on_execute_callback",
    "on_failure_callback",
    "on_success_callback",
    "on_retry_callback",
    "on_skipped_callback",
    "doc",
    "doc_md",
    "doc_rst",
    "doc_json",
    "doc_yaml",
)
BASE_FIELDS = (
    "owner",
    "retries",
    "retry_delay",
    "retry_exponential_backoff",
    "max_retry_delay",
    "execution_timeout",
    "pool",
    "pool_slots",
    "queue",
    "priority_weight",
    "weight_rule",
    "trigger_rule",
    "depends_on_past",
    "wait_for_downstream",
    "inlets",
    "outlets",
    *CALLBACK_AND_DOC_FIELDS,
)

# A step sets its fields from ``get`` (the task's arguments) and ``default`` (the version's task
# defaults, all immutable values: a str, a number, a timedelta, None).
if TYPE_CHECKING:
    _Step = Callable[[dict[str, Any], Callable[..., Any], Callable[[str], Any]], None]


def _owner(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
    fields["owner"] = get("owner", default("owner"))


def _retries(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
    retries = get("retries", default("retries"))
    if retries is None:  # Airflow's parse_retries: no retries
        retries = 0
    elif not isinstance(retries, int):
        try:
            retries = int(retries)
        except (TypeError, ValueError):
            raise errors.AirflowException(
                f"'retries' type must be int, not {type(retries).__name__}"
            ) from None
    fields["retries"] = retries


def _retry_delay(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
    fields["retry_delay"] = _as_timedelta(get("retry_delay", default("retry_delay")))


def _max_retry_delay(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
    fields["max_retry_delay"] = _as_timedelta(get("max_retry_delay", default("max_retry_delay")))


def _pool(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
    pool = get("pool")
    fields["pool"] = default("pool") if pool is None else pool


def _pool_slots(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
    pool_slots = fields["pool_slots"] = get("pool_slots", default("pool_slots"))
    if pool_slots < 1:  # Airflow names the task by its full id, and its DAG where it has one
        dag = get("dag") or runtime.current_dag()
        group = get("task_group") or runtime.current_group(dag)
        task_id = group.child_id(get("task_id")) if group is not None else get("task_id")
        in_dag = f" in dag {dag.dag_id}" if dag is not None else ""
        raise ValueError(f"pool slots for {task_id}{in_dag} cannot be less than 1")


def check_execution_timeout(timeout: Any) -> None:
    """``BaseOperator.__init__``'s own check (every version from 2.9), before it sets the base
    fields; a mapped task's ``partial()`` makes none."""
    if timeout is not None and not isinstance(timeout, dt.timedelta):
        raise ValueError(f"execution_timeout must be timedelta object but passed as type: {type(timeout)}")


def _queue(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
    fields["queue"] = get("queue") or default("queue")


def _weight_rule_field(
    fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]
) -> None:
    fields["weight_rule"] = weight_rule(get("weight_rule", default("weight_rule")))


def _trigger_rule_field(
    fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]
) -> None:
    fields["trigger_rule"] = trigger_rule(get("trigger_rule", default("trigger_rule")))


def _depends_on_past(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
    # As BaseOperator: each kept as given (its type is checked once the task is built), and a
    # truthy wait_for_downstream makes depends_on_past True.
    wait_for_downstream = get("wait_for_downstream", False)
    fields["depends_on_past"] = True if wait_for_downstream else get("depends_on_past", False)
    fields["wait_for_downstream"] = wait_for_downstream


def _lineage(name: str) -> _Step:
    def step(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
        fields[name] = as_lineage(get(name))

    return step


def _as_given(name: str, has_default: bool) -> _Step:
    """The argument as it is given, else the version's default (or None where it has none)."""

    def step(fields: dict[str, Any], get: Callable[..., Any], default: Callable[[str], Any]) -> None:
        fields[name] = get(name, default(name)) if has_default else get(name)

    return step


# (the arguments a step reads, the step), in the order Airflow sets the fields, so that of two bad
# arguments the one Airflow names is the one refused.
_STEPS: tuple[tuple[tuple[str, ...], _Step], ...] = (
    (("owner",), _owner),
    (("retries",), _retries),
    (("retry_delay",), _retry_delay),
    (("retry_exponential_backoff",), _as_given("retry_exponential_backoff", True)),
    (("max_retry_delay",), _max_retry_delay),
    (("execution_timeout",), _as_given("execution_timeout", True)),
    (("pool",), _pool),
    (("pool_slots",), _pool_slots),
    (("queue",), _queue),
    (("priority_weight",), _as_given("priority_weight", True)),
    (("weight_rule",), _weight_rule_field),
    (("trigger_rule",), _trigger_rule_field),
    (("wait_for_downstream", "depends_on_past"), _depends_on_past),
    (("inlets",), _lineage("inlets")),
    (("outlets",), _lineage("outlets")),
    *(((name,), _as_given(name, False)) for name in CALLBACK_AND_DOC_FIELDS),
    (("executor",), _as_given("executor", False)),  # checked against the configured executors (3.1+)
)
_STEP_OF = {name: index for index, (names, _) in enumerate(_STEPS) for name in names}
_LINEAGE = ("inlets", "outlets")  # lists of the task's own: made for every task
_DEFAULTS: dict[str, tuple[Any, dict[str, Any]]] = {}
# The names given -> the steps they run, in order; the lineage fields not given; the fields the
# steps set (from the names given: every other holds the version's default).
_PLANS: dict[tuple[str, ...], tuple[tuple[int, ...], tuple[str, ...], frozenset[str]]] = {}
_PLANS_MAX = 4096


def base_fields(kwargs: dict[str, Any], names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The base fields of a task given ``kwargs`` (``names``: ``tuple(kwargs)`` where the caller has
    it already), in the order Airflow sets them."""
    fields = default_fields().copy()
    _from_arguments(fields, kwargs, names)
    return fields


def set_base_fields(
    state: dict[str, Any], kwargs: dict[str, Any], names: tuple[str, ...] | None = None
) -> None:
    """``base_fields`` written straight into a task's ``__dict__``, without a dict in between."""
    state.update(default_fields())
    _from_arguments(state, kwargs, names)


def _from_arguments(fields: dict[str, Any], kwargs: dict[str, Any], names: tuple[str, ...] | None) -> None:
    """Over the defaults in ``fields``: what the arguments set, and the task's own lineage lists."""
    steps, fresh_lists, _ = _plan(tuple(kwargs) if names is None else names)
    if steps:
        get, default = kwargs.get, runtime.TARGET.plain_task_defaults().__getitem__
        for index in steps:
            _STEPS[index][1](fields, get, default)
    for name in fresh_lists:
        fields[name] = []


def default_fields() -> dict[str, Any]:
    """The base fields of a task given no arguments, made once per version (pool_slots checked):
    shared, so read, never changed."""
    target = runtime.TARGET
    found = _DEFAULTS.get(target.minor)
    if found is None or found[0] is not target:
        fields: dict[str, Any] = {}
        for _, step in _STEPS:
            step(fields, {}.get, target.plain_task_defaults().__getitem__)
        found = _DEFAULTS[target.minor] = (target, fields)
    return found[1]


def argument_fields(shape: tuple[str, ...]) -> frozenset[str]:
    """The base fields a task given the arguments ``shape`` sets from them; every other base field
    holds the version's default (or a fresh empty lineage list)."""
    return _plan(shape)[2]


def _plan(shape: tuple[str, ...]) -> tuple[tuple[int, ...], tuple[str, ...], frozenset[str]]:
    """What the names given decide, whatever their values (tasks of a DAG are mostly built alike)."""
    found = _PLANS.get(shape)
    if found is None:
        steps = tuple(sorted({_STEP_OF[n] for n in shape if n in _STEP_OF}))
        fresh_lists = tuple(name for name in _LINEAGE if name not in shape)
        found = (steps, fresh_lists, frozenset(name for index in steps for name in _STEPS[index][0]))
        if len(_PLANS) < _PLANS_MAX:
            _PLANS[shape] = found
    return found


def _as_timedelta(value: Any) -> Any:
    if value is None or isinstance(value, dt.timedelta):
        return value
    return dt.timedelta(seconds=value)


def trigger_rule(value: Any) -> Any:
    target = runtime.TARGET
    raw = value if type(value) is str else getattr(value, "value", value)  # str: no failed lookup
    alias = target.facts.get("trigger_rule_aliases", {}).get(raw)
    if alias is not None:  # deprecated names: converted by some versions, refused by others
        if alias.startswith("!"):
            raise errors.by_name(alias[1:])(
                f"The trigger_rule {raw!r} is not supported by Airflow {target.full}"
            )
        raw = alias
    if raw not in target.facts["trigger_rules"]:
        raise errors.by_name(target.error("invalid_trigger_rule"))(
            f"The trigger_rule must be one of {target.facts['trigger_rules']}, not {value!r}"
        )
    # The member itself, without the enum call's lookup machinery (twice per task).
    member = TriggerRule._value2member_map_.get(raw)
    return TriggerRule(raw) if member is None else member


def weight_rule(value: Any) -> Any:
    raw = value if type(value) is str else getattr(value, "value", value)  # str: no failed lookup
    if isinstance(raw, str) and WeightRule.is_valid(raw):
        return WeightRule._value2member_map_[raw]
    return raw


def as_lineage(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]
