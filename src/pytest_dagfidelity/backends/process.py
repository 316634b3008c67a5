"""A worker process reused across files, replaced when it dies or overruns its time limit."""

from __future__ import annotations

import hashlib
import json
import os
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


class WorkerProcess:
    def __init__(self, argv: list[str], *, timeout: float, env: dict[str, str] | None = None) -> None:
        self.argv = argv
        self.timeout = timeout
        self.env = {**os.environ, **(env or {}), "PYTHONPATH": package_path()}
        self.env.pop("DAGFIDELITY_TARGET", None)
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self.hello: dict[str, Any] = {}
        self.restarts = 0
        self._start()

    def _start(self) -> None:
        self._stderr = tempfile.TemporaryFile()
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
        try:
            self._proc.stdin.write(json.dumps(message).encode() + b"\n")
            self._proc.stdin.flush()
            line = self._read_line(self.timeout)
        except TimeoutError:
            self._kill()
            return {
                "ok": False,
                "error": {
                    "type": "Timeout",
                    "line": None,
                    "unsupported": False,
                    "message": f"parsing took longer than the {self.timeout:g} s time limit; "
                    "the worker was replaced",
                    "fix": "make the file's top-level code finish quickly "
                    "(no loops, sleeps or network at import), "
                    "or raise the time limit (--timeout)",
                },
            }
        except BrokenPipeError:
            line = None
        if line is None:
            return {"ok": False, "error": self._crash_error()}
        return json.loads(line)  # type: ignore[no-any-return]

    def _crash_error(self) -> dict[str, Any]:
        assert self._proc is not None
        code = self._proc.wait()
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exited with status {code}"
        tail = self.stderr_tail()
        self._proc = None
        self.restarts += 1
        return {
            "type": "WorkerCrashed",
            "line": None,
            "unsupported": False,
            "message": f"the worker {how} while parsing (the DAG file ended the process)"
            + (f": {tail}" if tail else ""),
            "fix": "remove sys.exit/os._exit calls and unbounded memory use from the file's top level",
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
