"""What building a task of one operator class asks of the version table, answered once.

Every task of a class asks the table the same questions (its signature, the deprecated
arguments it consumes, the ones it forbids or requires, what its class chain records beyond
the caller's kwargs...). The answers depend only on the class and the target version, so they
are looked up once per class and version and kept on the class: a 10,000-task DAG asked them
10,000 times (measured: a third of the operator path). Nothing here imports the operators
module: the plan reads the class's own classmethods.
"""

from __future__ import annotations

from . import runtime

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

# Where a task sits and its defaults: never stored as attributes, never refused as unknown.
WIRING = frozenset(("task_id", "dag", "task_group", "default_args", "params"))


class OperatorPlan:
    """The table's answers for one operator class under one target version."""

    __slots__ = (
        "target",
        "names_per_task",
        "names",
        "consumed",
        "forbidden",
        "required",
        "listified",
        "implicit",
        "reset_fields",
        "plain",
        "validates_full_id",
        "shapes",
    )

    def __init__(self, cls: Any) -> None:
        target = self.target = runtime.TARGET
        # A provider operator's signature is read from its installed source, which can change
        # between two files (provider_source keys it by modification time): asked per task.
        self.names_per_task: bool = cls._names_from_provider()
        self.names: frozenset[str] | None = None if self.names_per_task else cls._shim_param_names()
        self.consumed: dict[str, Any] = cls._measured("operator_consumed_kwargs") or {}
        self.forbidden: dict[str, Any] = cls._measured("operator_forbidden_arguments") or {}
        self.required: frozenset[str] = cls._required_params()
        self.listified: frozenset[str] = cls._listified_fields()
        # Shared by the class's tasks: the measured values are never changed in place.
        self.implicit: tuple[tuple[str, Any], ...] = tuple(cls._implicit_kwargs().items())
        self.reset_fields: dict[str, Any] = cls._measured("operator_reset_fields") or {}
        self.plain: bool = cls._assigns_plainly()
        # Newer versions validate the full id, group prefixes included; older ones the label.
        self.validates_full_id = target.facts["errors"].get("grouped_long_task_id", "accepted") != "accepted"
        self.shapes: dict[tuple[str, ...], Shape] = {}

    def param_names(self, cls: Any) -> frozenset[str] | None:
        """The constructor keywords ``cls`` accepts, or None where they are unknown."""
        return cls._shim_param_names() if self.names_per_task else self.names  # type: ignore[no-any-return]

    def shape(self, cls: Any, names: tuple[str, ...], known: frozenset[str] | None) -> Shape:
        """What the names of a task's arguments decide, whatever their values: tasks of a class
        are mostly built with the same names. Kept per class only where its names are fixed."""
        found = self.shapes.get(names)
        if found is None:
            found = Shape(self, cls, names, known)
            if not self.names_per_task and len(self.shapes) < 1024:
                self.shapes[names] = found
        return found


class Shape:
    """For one operator class and one set of argument names: the names the class does not take
    (None where its names are unknown), the required ones missing, and the ones stored on the
    task as attributes, each with whether a string is kept as a one-item list."""

    __slots__ = ("names", "unknown", "missing", "stored", "checked")

    def __init__(
        self, plan: OperatorPlan, cls: Any, names: tuple[str, ...], known: frozenset[str] | None
    ) -> None:
        self.names = names
        # The type checks a fresh task of this shape needs (operators._validate_base_types).
        self.checked: tuple[Any, ...] | None = None
        given = frozenset(names)
        self.unknown = None if known is None else given - known - WIRING
        self.missing = plan.required - given
        base = plan.target.base_operator_params
        # A name the class has is never stored; any other has no descriptor on the class.
        self.stored = tuple(
            (name, name in plan.listified)
            for name in names
            if name not in base and name not in WIRING and not hasattr(cls, name)
        )


def plan_for(cls: Any) -> OperatorPlan:
    """``cls``'s plan for the target version, made on its first task."""
    found: OperatorPlan | None = cls.__dict__.get("_dagfidelity_plan")
    if found is None or found.target is not runtime.TARGET:
        found = OperatorPlan(cls)
        type.__setattr__(cls, "_dagfidelity_plan", found)
    return found
