"""check's progress on stderr: live on a terminal, periodic in a log, never mixed into a verdict."""

from __future__ import annotations

import io

from pytest_dagfidelity.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_log_gets_a_line_every_interval_and_none_for_a_short_run() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(100, stream, every=10.0, clock=clock)
    for step in range(1, 100):
        clock.now = step * 0.5  # two files a second
        progress.clear()
        progress.advance(f"dags/f{step}.py")
    lines = stream.getvalue().splitlines()
    assert lines == [
        "dagfidelity: 20/100 files checked (10 s)",
        "dagfidelity: 40/100 files checked (20 s)",
        "dagfidelity: 60/100 files checked (30 s)",
        "dagfidelity: 80/100 files checked (40 s)",
    ]
    quiet = io.StringIO()
    short = Progress(3, quiet, clock=Clock())
    for name in "abc":
        short.advance(name)
    assert quiet.getvalue() == ""


def test_a_terminal_line_is_rewritten_and_cleared_before_each_verdict() -> None:
    stream = Terminal()
    progress = Progress(2, stream, clock=Clock())
    progress.advance("dags/a.py")
    assert stream.getvalue().endswith("[1/2] dags/a.py")
    progress.clear()
    assert stream.getvalue().endswith("\r\x1b[K")
    progress.clear()  # nothing shown: nothing written
    assert stream.getvalue().count("\r\x1b[K") == 2
