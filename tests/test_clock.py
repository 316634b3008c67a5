"""The shim's own frozen clock answers every clock read as time_machine, the reference, does."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import zoneinfo

import pytest

from pytest_dagfidelity.backends.base import PARSE_TIME
from pytest_dagfidelity.worker import clock

time_machine_travel = clock.time_machine_travel()


class Sub(dt.datetime):
    """A user's datetime subclass (as pendulum's DateTime is)."""


class SubDate(dt.date):
    pass


READS = {
    "datetime.now()": lambda: dt.datetime.now(),
    "datetime.now(utc)": lambda: dt.datetime.now(dt.timezone.utc),
    "datetime.now(Berlin)": lambda: dt.datetime.now(zoneinfo.ZoneInfo("Europe/Berlin")),
    "datetime.utcnow()": lambda: dt.datetime.utcnow(),
    "datetime.today()": lambda: dt.datetime.today(),
    "date.today()": lambda: dt.date.today(),
    "subclass now()": lambda: (type(Sub.now()), Sub.now()),
    "subclass utcnow()": lambda: (type(Sub.utcnow()), Sub.utcnow()),
    "subclass today()": lambda: (type(SubDate.today()), SubDate.today()),
    "fromtimestamp(time())": lambda: dt.datetime.fromtimestamp(time.time()),
    "time()": lambda: time.time(),
    "time_ns()": lambda: time.time_ns(),
    "gmtime()": lambda: time.gmtime(),
    "localtime()": lambda: time.localtime(),
    "strftime()": lambda: time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    "clock_gettime(REALTIME)": lambda: time.clock_gettime(time.CLOCK_REALTIME),
    "clock_gettime_ns(REALTIME)": lambda: time.clock_gettime_ns(time.CLOCK_REALTIME),
    "TZ": lambda: (os.environ.get("TZ"), time.tzname),
}

INSTANTS = [
    PARSE_TIME,
    "2024-06-30T23:59:59.250000+00:00",
    "2024-03-31T01:30:00+02:00",
    "2023-01-01T12:00:00",
]


def read_all() -> dict[str, object]:
    return {name: read() for name, read in READS.items()}


@pytest.mark.skipif(time_machine_travel is None, reason="time-machine is not installed here")
@pytest.mark.parametrize("now", INSTANTS)
def test_the_shim_clock_answers_as_time_machine(now: str) -> None:
    assert time_machine_travel is not None
    with time_machine_travel(now):
        expected = read_all()
    with clock.frozen(now):
        got = read_all()
    assert got == expected
    assert got["time()"] != time.time()  # frozen, not the real clock


def test_the_clock_runs_again_after_the_block() -> None:
    before = dict(os.environ).get("TZ")
    with clock.frozen(PARSE_TIME):
        assert dt.datetime.now(dt.timezone.utc).isoformat() == PARSE_TIME
    assert dt.datetime.now().year >= 2026
    assert time.time() > 1.7e9 + 3e7  # well after 2025-01-01
    assert os.environ.get("TZ") == before
    assert type(dt.datetime.__dict__["now"]).__name__ == "classmethod_descriptor"  # the C method again


def test_monotonic_clocks_keep_running() -> None:
    # A time limit measured on them must still end a parse that waits on the wall clock.
    with clock.frozen(PARSE_TIME):
        first = time.monotonic()
        time.sleep(0.01)
        assert time.monotonic() > first


def test_a_shim_parse_imports_no_time_machine_or_pytest() -> None:
    code = (
        "import sys\n"
        "from pytest_dagfidelity.worker.shim_loader import ShimLoader\n"
        "ShimLoader(None)\n"
        "print(sorted(m for m in ('time_machine', 'pytest', 'dateutil') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
