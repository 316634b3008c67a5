"""Exceptions the shim raises, named exactly as real Airflow names them.

Only the *type name* is compared with real Airflow, so one class per name suffices.
``ShimUnsupported`` is the shim's own refusal: a BaseException, so a DAG file's
``except Exception`` cannot swallow it and leave a half-parsed graph behind.
"""

from __future__ import annotations

import builtins


class AirflowException(Exception):
    pass


class AirflowSkipException(AirflowException):
    pass


class AirflowFailException(AirflowException):
    pass


class DuplicateTaskIdFound(AirflowException):
    pass


class AirflowDagCycleException(AirflowException):
    pass


class AirflowDagDuplicatedIdException(AirflowException):
    pass


class TaskDeferred(BaseException):
    pass


class ParamValidationError(AirflowException):
    pass


class ShimUnsupported(BaseException):
    """The shim does not model this; it refuses rather than half-parse."""

    dagfidelity_unsupported = True

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message} Fix: {fix}")
        self.dagfidelity_fix = fix


class AirflowTimetableInvalid(AirflowException):
    pass


class UnknownExecutorException(ValueError):
    pass


_BY_NAME = {
    c.__name__: c
    for c in (AirflowException, DuplicateTaskIdFound, AirflowDagCycleException, AirflowTimetableInvalid)
}


def by_name(name: str) -> type[BaseException]:
    """The exception class a version raises for a case (see ``Version.error``)."""
    found = _BY_NAME.get(name) or getattr(builtins, name, None)
    if not (isinstance(found, type) and issubclass(found, BaseException)):
        return AirflowException
    return found


def unsupported(what: str, fix: str) -> ShimUnsupported:
    from . import runtime

    exc = ShimUnsupported(f"the dagfidelity shim does not model {what}.", fix)
    runtime.STATE.refusals.append(exc)
    return exc
