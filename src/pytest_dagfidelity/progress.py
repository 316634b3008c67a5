"""How far a long ``check`` has got, on stderr, between the verdict lines on stdout."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """On a terminal: one line rewritten in place after every file. Elsewhere (CI logs): a line
    every ``every`` seconds, so a long run is never silent and a short one adds nothing."""

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        every: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.done = 0
        self._stream = stream
        self._live = stream.isatty()
        self._every = every
        self._clock = clock
        self._started = self._last = clock()
        self._shown = False

    def clear(self) -> None:
        """Before a verdict line: the live line must not run into it."""
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False

    def advance(self, file: str) -> None:
        self.done += 1
        now = self._clock()
        if self._live:
            self._stream.write(f"\r\x1b[K[{self.done}/{self.total}] {file}"[:200])
            self._shown = True
        elif now - self._last >= self._every and self.done < self.total:
            self._stream.write(
                f"dagfidelity: {self.done}/{self.total} files checked ({now - self._started:.0f} s)\n"
            )
        else:
            return
        self._last = now
        self._stream.flush()
