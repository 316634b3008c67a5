"""Datetime handling as Airflow does it: naive means UTC; the DAG's timezone comes from its start."""

from __future__ import annotations

import datetime as dt
from typing import Any

UTC = dt.timezone.utc


def utc_tz() -> Any:
    """Airflow's default timezone object: pendulum's UTC when pendulum is real, else UTC."""
    try:
        import pendulum

        return pendulum.UTC if hasattr(pendulum, "UTC") else UTC
    except ImportError:
        return UTC


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
    if value.tzinfo is None:
        value = value.replace(tzinfo=utc_tz())
    return value.astimezone(utc_tz())


def timezone_of(value: Any) -> Any:
    value = parse(value)
    if value is None or value.tzinfo is None:
        return utc_tz()
    tz = value.tzinfo
    try:
        import pendulum
    except ImportError:
        return tz
    if getattr(pendulum, "__dagfidelity_standin__", False):
        return tz
    return pendulum.instance(value).timezone


def days_ago(n: int, hour: int = 0, minute: int = 0, second: int = 0, microsecond: int = 0) -> Any:
    today = dt.datetime.now(utc_tz()).replace(
        hour=hour, minute=minute, second=second, microsecond=microsecond
    )
    return today - dt.timedelta(days=n)
