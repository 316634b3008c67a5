"""A stand-in for the part of pendulum DAG files use at parse time, for projects without it.

Only used when the real pendulum is not installed (the shim worker appends this
folder to the end of ``sys.path``). Values are standard datetimes with zoneinfo
zones, which render in dag.json exactly as pendulum's do.
"""

from __future__ import annotations

import datetime as _dt
import zoneinfo as _zoneinfo
from typing import Any

__dagfidelity_standin__ = True
DateTime = _dt.datetime
Date = _dt.date
Duration = _dt.timedelta
Timezone = _zoneinfo.ZoneInfo
UTC = _zoneinfo.ZoneInfo("UTC")

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)


def timezone(name: Any) -> Any:
    if isinstance(name, (int, float)):
        return _dt.timezone(_dt.timedelta(seconds=name))
    return UTC if name == "UTC" else _zoneinfo.ZoneInfo(name)


def _tz(tz: Any) -> Any:
    return timezone(tz) if isinstance(tz, (str, int, float)) else (tz or UTC)


def datetime(
    year: int,
    month: int = 1,
    day: int = 1,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
    tz: Any = UTC,
    fold: int = 1,
) -> _dt.datetime:
    return _dt.datetime(year, month, day, hour, minute, second, microsecond, tzinfo=_tz(tz) if tz else None)


def local(*args: Any, **kwargs: Any) -> _dt.datetime:
    return datetime(*args, **kwargs)


def naive(
    year: int,
    month: int = 1,
    day: int = 1,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
) -> _dt.datetime:
    return _dt.datetime(year, month, day, hour, minute, second, microsecond)


def date(year: int, month: int = 1, day: int = 1) -> _dt.date:
    return _dt.date(year, month, day)


def duration(
    days: float = 0,
    seconds: float = 0,
    microseconds: float = 0,
    milliseconds: float = 0,
    minutes: float = 0,
    hours: float = 0,
    weeks: float = 0,
    years: int = 0,
    months: int = 0,
) -> Any:
    if years or months:
        raise NotImplementedError("pendulum stand-in: durations in years or months need the real pendulum")
    return _dt.timedelta(
        days=days,
        seconds=seconds,
        microseconds=microseconds,
        milliseconds=milliseconds,
        minutes=minutes,
        hours=hours,
        weeks=weeks,
    )


def now(tz: Any = UTC) -> _dt.datetime:
    return _dt.datetime.now(_tz(tz))


def today(tz: Any = UTC) -> _dt.datetime:
    return now(tz).replace(hour=0, minute=0, second=0, microsecond=0)


def yesterday(tz: Any = UTC) -> _dt.datetime:
    return today(tz) - _dt.timedelta(days=1)


def tomorrow(tz: Any = UTC) -> _dt.datetime:
    return today(tz) + _dt.timedelta(days=1)


def instance(dt: _dt.datetime, tz: Any = UTC) -> _dt.datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=_tz(tz))


def parse(text: str, tz: Any = UTC, **_: Any) -> _dt.datetime:
    value = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=_tz(tz))


def from_timestamp(ts: float, tz: Any = UTC) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(ts, _tz(tz))
