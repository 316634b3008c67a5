"""Retry policies (Airflow 3.3): ``retry_policy=`` on a task, rendered into dag.json as Airflow's
objects render (class path and instance fields), so the shim keeps the same fields."""

from __future__ import annotations

import enum

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class RetryAction(enum.Enum):
    RETRY = "retry"
    FAIL = "fail"
    DEFAULT = "default"


class RetryPolicy:
    def evaluate(self, exception: BaseException, try_number: int, max_tries: int, context: Any = None) -> Any:
        raise NotImplementedError  # runs in the task worker, never while a DAG file is parsed


class RetryRule:
    def __init__(
        self,
        exception: Any,
        action: RetryAction = RetryAction.RETRY,
        retry_delay: Any = None,
        reason: str | None = None,
        match_subclasses: bool = True,
    ) -> None:
        self.exception = exception
        self.action = action
        self.retry_delay = retry_delay
        self.reason = reason
        self.match_subclasses = match_subclasses
        for spec in exception if isinstance(exception, list) else [exception]:
            if isinstance(spec, str) and (not spec or "." not in spec):
                raise ValueError(
                    "RetryRule exception string must be a dotted import path "
                    f"(e.g. 'builtins.ValueError'), got {spec!r}"
                )


class ExceptionRetryPolicy(RetryPolicy):
    def __init__(self, rules: list[RetryRule], default: RetryAction = RetryAction.DEFAULT) -> None:
        self.rules = rules
        self.default = default


class RetryDecision:
    def __init__(
        self, action: RetryAction = RetryAction.DEFAULT, retry_delay: Any = None, reason: Any = None
    ):
        self.action = action
        self.retry_delay = retry_delay
        self.reason = reason
