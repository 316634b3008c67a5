"""The instant a DAG file sees while it is parsed: frozen, the same for both backends.

Real Airflow's worker freezes the clock with time_machine, which swaps CPython's clock functions in
C. A shim parse must not import a third-party package (time_machine alone costs ~70 ms a process), so
the shim freezes it here, with the standard library, the way time_machine does: the same functions,
the same answers (tests/test_clock.py holds the two to each other).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import os
import time
from collections.abc import Callable, Iterator

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

# What time_machine replaces: the wall clock. time.monotonic, perf_counter and ctime stay real.
_TIME_FUNCTIONS = ("time", "time_ns", "gmtime", "localtime", "strftime", "clock_gettime", "clock_gettime_ns")


def instant(now: str) -> tuple[int, str | None]:
    """``now`` (ISO 8601) as nanoseconds since the epoch, and the zone time_machine sets TZ to."""
    parsed = dt.datetime.fromisoformat(now)
    tzname: str | None = None
    if parsed.tzinfo is not None:
        key = getattr(parsed.tzinfo, "key", None)  # a zoneinfo.ZoneInfo
        if isinstance(key, str):
            tzname = key
        elif parsed.utcoffset() == dt.timedelta(0) and parsed.tzinfo == dt.timezone.utc:
            tzname = "UTC"
    whole = int(parsed.replace(microsecond=0).timestamp())  # exact for whole seconds, as time_machine
    return whole * 1_000_000_000 + parsed.microsecond * 1_000, tzname


def _type_dict(cls: type) -> dict[str, Any]:
    # A built-in type's attributes cannot be set from Python; its mapping proxy wraps the real dict.
    found: dict[str, Any] = gc.get_referents(cls.__dict__)[0]
    return found


def _retype(cls: type, attributes: dict[str, Any]) -> dict[str, Any]:
    """Set ``attributes`` on a built-in type; returns what they replaced."""
    namespace = _type_dict(cls)
    replaced = {name: namespace[name] for name in attributes}
    namespace.update(attributes)
    ctypes.pythonapi.PyType_Modified(ctypes.py_object(cls))  # drop the attribute cache's old entries
    return replaced


def _clock_functions(ns: int) -> tuple[dict[str, Callable[..., Any]], dict[str, Any]]:
    seconds = ns / 1_000_000_000
    real = {name: getattr(time, name) for name in _TIME_FUNCTIONS}
    realtime = time.CLOCK_REALTIME

    def localtime(secs: float | None = None) -> time.struct_time:
        result: time.struct_time = real["localtime"](seconds if secs is None else secs)
        return result

    def strftime(format: str, t: Any = None) -> str:
        result: str = real["strftime"](format, localtime() if t is None else t)
        return result

    functions: dict[str, Callable[..., Any]] = {
        "time": lambda: seconds,
        "time_ns": lambda: ns,
        "gmtime": lambda secs=None: real["gmtime"](seconds if secs is None else secs),
        "localtime": localtime,
        "strftime": strftime,
        "clock_gettime": lambda clk_id: seconds if clk_id == realtime else real["clock_gettime"](clk_id),
        "clock_gettime_ns": lambda clk_id: ns if clk_id == realtime else real["clock_gettime_ns"](clk_id),
    }

    def now(cls: type[dt.datetime], tz: dt.tzinfo | None = None) -> dt.datetime:
        return cls.fromtimestamp(seconds, tz)

    def utcnow(cls: type[dt.datetime]) -> dt.datetime:
        return cls.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)

    # date.today() and datetime.today() call time.time() through the module: no patch of their own.
    return functions, {"now": classmethod(now), "utcnow": classmethod(utcnow)}


@contextlib.contextmanager
def frozen(now: str | None) -> Iterator[None]:
    """Stop the wall clock at ``now`` while the block runs (``None``: leave it running)."""
    if now is None:
        yield
        return
    ns, tzname = instant(now)
    functions, datetimes = _clock_functions(ns)
    old_tz = os.environ.get("TZ")
    if tzname is not None:  # as time_machine: naive local time is the instant's own zone
        os.environ["TZ"] = tzname
        time.tzset()
    real = {name: getattr(time, name) for name in functions}
    for name, function in functions.items():
        setattr(time, name, function)
    real_datetime = _retype(dt.datetime, datetimes)
    try:
        yield
    finally:
        _retype(dt.datetime, real_datetime)
        for name, function in real.items():
            setattr(time, name, function)
        if tzname is not None:
            if old_tz is None:
                os.environ.pop("TZ", None)
            else:
                os.environ["TZ"] = old_tz
            time.tzset()


def time_machine_travel() -> Callable[[str | None], contextlib.AbstractContextManager[None]] | None:
    """time_machine's freeze, for real Airflow's worker (the reference the shim's clock follows);
    None when this venv lacks it."""
    # time_machine imports pytest (for its fixture) when it can: ~70 ms and ~10 MB a worker never
    # needs. Hide pytest for that one import unless something already loaded it.
    import sys

    hidden = "pytest" not in sys.modules
    if hidden:
        sys.modules["pytest"] = None  # type: ignore[assignment]
    try:
        import time_machine
    except ImportError:  # an Airflow venv without the harness installed: the clock runs
        return None
    finally:
        if hidden:
            del sys.modules["pytest"]

    @contextlib.contextmanager
    def travel(now: str | None) -> Iterator[None]:
        if now is None:
            yield
            return
        with time_machine.travel(dt.datetime.fromisoformat(now), tick=False):
            yield

    return travel
