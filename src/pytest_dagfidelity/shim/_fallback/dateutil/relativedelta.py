"""The part of ``dateutil.relativedelta`` a DAG's schedule uses: its normalised fields.

Only used when python-dateutil is not installed; field normalisation follows
dateutil's own, so dag.json is the same either way.
"""

from __future__ import annotations

from typing import Any


class weekday:  # noqa: N801 - dateutil's name
    __slots__ = ("weekday", "n")

    def __init__(self, wd: int, n: int | None = None) -> None:
        self.weekday = wd
        self.n = n

    def __call__(self, n: int) -> weekday:
        return self if n == self.n else weekday(self.weekday, n)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, weekday) and (self.weekday, self.n) == (other.weekday, other.n)

    def __hash__(self) -> int:
        return hash((self.weekday, self.n))


MO, TU, WE, TH, FR, SA, SU = (weekday(i) for i in range(7))


def _sign(x: int | float) -> int:
    return int(x >= 0) - int(x < 0)


class relativedelta:  # noqa: N801 - dateutil's name
    __dagfidelity_standin__ = True

    def __init__(
        self,
        dt1: Any = None,
        dt2: Any = None,
        years: int = 0,
        months: int = 0,
        days: int = 0,
        leapdays: int = 0,
        weeks: int = 0,
        hours: int = 0,
        minutes: int = 0,
        seconds: int = 0,
        microseconds: int = 0,
        year: Any = None,
        month: Any = None,
        day: Any = None,
        weekday: Any = None,
        yearday: Any = None,
        nlyearday: Any = None,
        hour: Any = None,
        minute: Any = None,
        second: Any = None,
        microsecond: Any = None,
    ) -> None:
        if dt1 is not None or dt2 is not None or yearday is not None or nlyearday is not None:
            raise NotImplementedError("relativedelta stand-in: install python-dateutil for this form")
        self.years, self.months, self.days, self.leapdays = years, months, days + weeks * 7, leapdays
        self.hours, self.minutes, self.seconds, self.microseconds = hours, minutes, seconds, microseconds
        self.year, self.month, self.day, self.weekday = year, month, day, weekday
        self.hour, self.minute, self.second, self.microsecond = hour, minute, second, microsecond
        self._fix()

    def _fix(self) -> None:
        for small, big, size in (
            ("microseconds", "seconds", 1000000),
            ("seconds", "minutes", 60),
            ("minutes", "hours", 60),
            ("hours", "days", 24),
            ("months", "years", 12),
        ):
            value = getattr(self, small)
            limit = size - 1
            if abs(value) > limit:
                s = _sign(value)
                div, mod = divmod(value * s, size)
                setattr(self, small, mod * s)
                setattr(self, big, getattr(self, big) + div * s)

    @property
    def weeks(self) -> int:
        return int(self.days / 7)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, relativedelta) and vars(self) == vars(other)

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if v)
        return f"relativedelta({fields})"
