"""TriggerRule and WeightRule, with Airflow's values."""

from __future__ import annotations

import enum


class TriggerRule(str, enum.Enum):
    ALL_SUCCESS = "all_success"
    ALL_FAILED = "all_failed"
    ALL_DONE = "all_done"
    ALL_DONE_MIN_ONE_SUCCESS = "all_done_min_one_success"
    ALL_DONE_SETUP_SUCCESS = "all_done_setup_success"
    ONE_SUCCESS = "one_success"
    ONE_FAILED = "one_failed"
    ONE_DONE = "one_done"
    NONE_FAILED = "none_failed"
    NONE_FAILED_OR_SKIPPED = "none_failed_or_skipped"
    NONE_SKIPPED = "none_skipped"
    DUMMY = "dummy"
    ALWAYS = "always"
    NONE_FAILED_MIN_ONE_SUCCESS = "none_failed_min_one_success"
    ALL_SKIPPED = "all_skipped"

    @classmethod
    def is_valid(cls, value: object) -> bool:
        return value in cls.all_triggers()

    @classmethod
    def all_triggers(cls) -> set[str]:
        return {m.value for m in cls}

    def __str__(self) -> str:
        return self.value


_RULE_ENUMS: dict[str, type] = {}


def trigger_rule_enum() -> type:
    """TriggerRule with exactly the members the target version has."""
    from . import runtime

    minor = runtime.TARGET.minor
    if minor not in _RULE_ENUMS:
        members = {v.upper(): v for v in runtime.TARGET.facts["trigger_rules"]}
        cls = enum.Enum("TriggerRule", members, type=str)  # type: ignore[misc]
        cls.__str__ = lambda self: self.value  # type: ignore[method-assign]
        cls.is_valid = classmethod(lambda c, v: v in {m.value for m in c})  # type: ignore[attr-defined]
        cls.all_triggers = classmethod(lambda c: {m.value for m in c})  # type: ignore[attr-defined]
        _RULE_ENUMS[minor] = cls
    return _RULE_ENUMS[minor]


class DagRunState(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCESS = "success"
    FAILED = "failed"

    def __str__(self) -> str:
        return self.value


class TaskInstanceState(str, enum.Enum):
    REMOVED = "removed"
    SCHEDULED = "scheduled"
    QUEUED = "queued"
    RUNNING = "running"
    SUCCESS = "success"
    RESTARTING = "restarting"
    FAILED = "failed"
    UP_FOR_RETRY = "up_for_retry"
    UP_FOR_RESCHEDULE = "up_for_reschedule"
    UPSTREAM_FAILED = "upstream_failed"
    SKIPPED = "skipped"
    DEFERRED = "deferred"

    def __str__(self) -> str:
        return self.value


class State:
    """Airflow's State constants: the task-instance states, plus NONE."""

    NONE = None
    REMOVED = TaskInstanceState.REMOVED
    SCHEDULED = TaskInstanceState.SCHEDULED
    QUEUED = TaskInstanceState.QUEUED
    RUNNING = TaskInstanceState.RUNNING
    SUCCESS = TaskInstanceState.SUCCESS
    RESTARTING = TaskInstanceState.RESTARTING
    FAILED = TaskInstanceState.FAILED
    UP_FOR_RETRY = TaskInstanceState.UP_FOR_RETRY
    UP_FOR_RESCHEDULE = TaskInstanceState.UP_FOR_RESCHEDULE
    UPSTREAM_FAILED = TaskInstanceState.UPSTREAM_FAILED
    SKIPPED = TaskInstanceState.SKIPPED
    DEFERRED = TaskInstanceState.DEFERRED


class WeightRule(str, enum.Enum):
    DOWNSTREAM = "downstream"
    UPSTREAM = "upstream"
    ABSOLUTE = "absolute"

    @classmethod
    def is_valid(cls, value: object) -> bool:
        return value in _WEIGHT_RULES

    def __str__(self) -> str:
        return self.value


_WEIGHT_RULES = frozenset(m.value for m in WeightRule)  # asked for every task: built once


class WeekDay(enum.IntEnum):
    MONDAY = 1
    TUESDAY = 2
    WEDNESDAY = 3
    THURSDAY = 4
    FRIDAY = 5
    SATURDAY = 6
    SUNDAY = 7

    @classmethod
    def get_weekday_number(cls, week_day_str: str) -> int:
        sanitized = week_day_str.upper()
        if sanitized not in cls.__members__:
            raise AttributeError(f'Invalid Week Day passed: "{week_day_str}"')
        return cls[sanitized]

    @classmethod
    def convert(cls, day: str | WeekDay) -> int:
        return day if isinstance(day, WeekDay) else cls.get_weekday_number(day)
