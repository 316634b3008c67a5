"""Datetime handling as Airflow does it: naive means UTC; the DAG's timezone comes from its start."""

from __future__ import annotations

import datetime as dt
import sys

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

UTC = dt.timezone.utc


def _pendulum() -> Any:
    """Real pendulum when the DAG file imported it, else None. Never imported here: it costs about
    100 ms a process, and dag.json names a zone the same whichever object carries it."""
    global _SEEN
    module = sys.modules.get("pendulum")
    if module is None:
        return None
    seen, answer = _SEEN
    if module is not seen:  # decided once per module object: pendulum's __getattr__ answers slowly
        answer = None if getattr(module, "__dagfidelity_standin__", False) else module
        _SEEN = (module, answer)
    return answer


_SEEN: tuple[Any, Any] = (None, None)  # (the pendulum module last seen, what _pendulum answered)


def utc_tz() -> Any:
    """Airflow's default timezone object: pendulum's UTC when the file uses pendulum, else UTC."""
    pendulum = _pendulum()
    return pendulum.UTC if pendulum is not None and hasattr(pendulum, "UTC") else UTC


def parse(value: Any) -> Any:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return value


def convert_to_utc(value: Any) -> Any:
    value = parse(value)
    if value is None:
        return None
    utc = utc_tz()
    if value.tzinfo is None:
        value = value.replace(tzinfo=utc)
    elif value.tzinfo is utc:  # already in UTC: the conversion would make an equal copy
        return value
    return value.astimezone(utc)


def timezone_of(value: Any) -> Any:
    value = parse(value)
    if value is None or value.tzinfo is None:
        return utc_tz()
    pendulum = _pendulum()
    return value.tzinfo if pendulum is None else pendulum.instance(value).timezone


def days_ago(n: int, hour: int = 0, minute: int = 0, second: int = 0, microsecond: int = 0) -> Any:
    today = dt.datetime.now(utc_tz()).replace(
        hour=hour, minute=minute, second=second, microsecond=microsecond
    )
    return today - dt.timedelta(days=n)


def aware_datetime(*args: Any, **kwargs: Any) -> dt.datetime:
    """``airflow.utils.timezone.datetime`` / ``airflow.sdk.timezone.datetime``: a datetime in
    Airflow's default timezone unless ``tzinfo`` is given."""
    if "tzinfo" not in kwargs:
        kwargs["tzinfo"] = default_timezone()
    return dt.datetime(*args, **kwargs)


def default_timezone() -> Any:
    """``[core] default_timezone``, as Airflow reads it when it starts."""
    from .config import conf

    name = str(conf.get("core", "default_timezone", fallback="utc"))
    if name.lower() in ("utc", "system"):
        if name.lower() == "system":
            raise _unsupported_timezone(name)
        return utc_tz()
    try:
        import pendulum
    except ImportError:
        pendulum = None  # type: ignore[assignment]
    if pendulum is not None and not getattr(pendulum, "__dagfidelity_standin__", False):
        return pendulum.timezone(name)
    raise _unsupported_timezone(name)


def _unsupported_timezone(name: str) -> BaseException:
    from . import errors

    return errors.unsupported(
        f"[core] default_timezone = {name!r} without the pendulum package",
        "install pendulum where the shim runs, or set AIRFLOW__CORE__DEFAULT_TIMEZONE=utc",
    )
