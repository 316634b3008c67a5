"""A worker process reused across files, replaced when it dies or overruns its time limit."""

from __future__ import annotations

import hashlib
import json
import os
import re
import selectors
import signal
import subprocess
import tempfile
import time
from typing import Any

from ..exceptions import BackendUnavailable

_START_TIMEOUT = 300.0  # importing Airflow takes seconds; a cold venv on a busy machine, more


def package_path() -> str:
    """A folder holding only this package, for PYTHONPATH in a foreign (Airflow) venv."""
    package_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha1(package_dir.encode()).hexdigest()[:12]
    link_root = os.path.join(tempfile.gettempdir(), f"dagfidelity-path-{os.getuid()}-{digest}")
    link = os.path.join(link_root, "pytest_dagfidelity")
    if not os.path.islink(link) or os.readlink(link) != package_dir:
        os.makedirs(link_root, exist_ok=True)
        tmp = f"{link}.{os.getpid()}"
        os.symlink(package_dir, tmp)
        os.replace(tmp, link)
    return link_root


_STACK_WAIT = 1.0  # how long a worker over its time limit gets to dump its stack
_BACKSTOP = 5.0  # at least this long past the time limit before a worker that did not stop is killed


class WorkerProcess:
    def __init__(
        self,
        argv: list[str],
        *,
        timeout: float,
        memory_limit: float | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.argv = argv
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.env = {**os.environ, **(env or {}), "PYTHONPATH": package_path()}
        self.env.pop("DAGFIDELITY_TARGET", None)
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self.hello: dict[str, Any] = {}
        self.restarts = 0
        self._start()

    def _start(self) -> None:
        self._stderr = tempfile.TemporaryFile()
        self._stderr_start = 0
        try:
            self._proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=self.env,
                start_new_session=True,
            )
        except OSError as exc:
            raise BackendUnavailable(f"cannot start worker {self.argv[0]}: {exc}") from None
        self._buffer = b""
        line = self._read_line(_START_TIMEOUT)
        if line is None:
            raise BackendUnavailable(f"worker {' '.join(self.argv)} did not start: {self.stderr_tail()}")
        self.hello = json.loads(line)

    def stderr_tail(self, lines: int = 15) -> str:
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace")
        return "\n".join(text.strip().splitlines()[-lines:])

    def _read_line(self, timeout: float) -> bytes | None:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not sel.select(remaining):
                    raise TimeoutError
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return None
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        if self._proc is None or self._proc.poll() is not None:
            self._restart()
        assert self._proc is not None and self._proc.stdin is not None
        self._mark_stderr()
        try:
            limits = {"timeout": self.timeout, "memory_limit": self.memory_limit}
            self._proc.stdin.write(json.dumps({**message, **limits}).encode() + b"\n")
            self._proc.stdin.flush()
            # The worker interrupts the file itself at the limit; this is for a file that never
            # returns to Python (a blocking C call, or one that swallowed the interruption).
            # Compiling dag.json after the file ran is not limited in the worker: hence the margin.
            line = self._read_line(self.timeout + max(_BACKSTOP, self.timeout))
        except TimeoutError:
            return {"ok": False, "error": self._timeout_error(message.get("path"))}
        except BrokenPipeError:
            line = None
        if line is None:
            return {"ok": False, "error": self._crash_error(message.get("path"))}
        response: dict[str, Any] = json.loads(line)
        if response.pop("retire", False):  # it ran out of memory: the next file gets a fresh worker
            self._kill()
        return response

    def _mark_stderr(self) -> None:
        self._stderr.seek(0, os.SEEK_END)
        self._stderr_start = self._stderr.tell()

    def _stderr_since_request(self) -> str:
        self._stderr.seek(self._stderr_start)
        return self._stderr.read().decode("utf-8", "replace")

    def _timeout_error(self, path: str | None) -> dict[str, Any]:
        line = None
        if self._proc is not None and hasattr(signal, "SIGUSR1"):
            # faulthandler in the worker prints the running stack: the innermost line of the file.
            os.kill(self._proc.pid, signal.SIGUSR1)
            deadline = time.monotonic() + _STACK_WAIT
            while line is None and time.monotonic() < deadline:
                time.sleep(0.05)
                line = _line_in_stack_dump(self._stderr_since_request(), path)
        self._kill()
        return {
            "type": "Timeout",
            "line": line,
            "origin": "harness",
            "kind": "timeout",
            "message": f"parsing took longer than the {self.timeout:g} s time limit and did not stop "
            "when interrupted"
            + (f" (it was running line {line})" if line else "")
            + "; the worker was killed",
            "fix": "make the file's top-level code finish quickly (no endless loops, sleeps or "
            "network calls at import), or raise the time limit (--timeout)",
        }

    def _crash_error(self, path: str | None) -> dict[str, Any]:
        assert self._proc is not None
        code = self._proc.wait()
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exited with status {code}"
        stderr = self._stderr_since_request()
        self._proc = None
        self.restarts += 1
        from ..worker.guard import last_words

        words = last_words(stderr)
        line = None
        if words is not None:
            file, _, number = str(words.get("where", "")).rpartition(":")
            line = int(number) if file == path and number.isdigit() else None
            cause = f"{words.get('call')} at {words.get('where')} ended the worker"
        else:
            tail = "\n".join(stderr.strip().splitlines()[-15:])
            cause = f"the worker {how} while parsing" + (f": {tail}" if tail else "")
        if code == -signal.SIGKILL and words is None:
            cause += " (a SIGKILL is what the kernel's out-of-memory killer sends)"
        return {
            "type": "WorkerCrashed",
            "line": line,
            "origin": "harness",
            "kind": "crash",
            "message": f"{cause}; the worker was replaced",
            "fix": "the file's top-level code must not end the process: remove os._exit/os.kill/"
            "os.abort calls, and keep its memory within the limit (--memory-limit)",
        }

    def _kill(self) -> None:
        if self._proc is not None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._proc.wait()
            self._proc = None
            self.restarts += 1

    def _restart(self) -> None:
        self._kill()
        self._start()

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._kill()
        self._proc = None
        self._stderr.close()


_DUMPED_FRAME = re.compile(r'^\s*File "(?P<file>.+)", line (?P<line>\d+)')


def _line_in_stack_dump(text: str, path: str | None) -> int | None:
    """The innermost line of ``path`` in faulthandler's last dump (most recent call first)."""
    start = text.rfind("most recent call first")
    if start < 0 or path is None:
        return None
    for row in text[start:].splitlines()[1:]:
        m = _DUMPED_FRAME.match(row)
        if m is None:
            if row.strip():
                break
            continue
        if m.group("file") == path:
            return int(m.group("line"))
    return None
