"""One warm backend worker for a whole pytest-xdist run (``worker/listener.py``).

The controller starts a ``WorkerServer`` once; every xdist worker connects a
``SharedWorker`` to it and is served by its own fork of the warm process, so real Airflow
is imported once per run, not once per xdist worker. Each file is still parsed in a
fresh process, under the same limits, with the same per-request ids.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Mapping
from typing import Any

from ..exceptions import BackendUnavailable
from .process import START_TIMEOUT, exchange, package_path, read_line


class WorkerServer:
    """The listener: ``argv`` (a worker command) serving a Unix socket of its own."""

    def __init__(self, argv: list[str], env: Mapping[str, str] | None = None) -> None:
        self._folder = tempfile.mkdtemp(prefix="dagfidelity-server-")
        self.path = os.path.join(self._folder, "worker.sock")
        env = {**os.environ, **(env or {}), "PYTHONPATH": package_path()}
        env.pop("DAGFIDELITY_TARGET", None)
        self._stderr = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen(
                [*argv, "--listen", self.path],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            raise BackendUnavailable(f"cannot start worker {argv[0]}: {exc}") from None
        assert self._proc.stdout is not None
        try:
            line, _ = read_line(self._proc.stdout.fileno(), b"", START_TIMEOUT)
        except TimeoutError:
            line = None
        if line is None:
            self._stderr.seek(0)
            tail = " | ".join(self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-5:])
            self.close()
            raise BackendUnavailable(f"worker {' '.join(argv)} did not start listening: {tail}")
        self.hello: dict[str, Any] = json.loads(line)

    def close(self) -> None:
        """Stop the listener and every handler it forked (its clients are gone by now)."""
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            with contextlib.suppress(OSError):
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGKILL)  # handlers share the listener's group
        self._proc.wait()
        self._stderr.close()
        shutil.rmtree(self._folder, ignore_errors=True)


class SharedWorker:
    """A connection to a ``WorkerServer``: the same ``request`` as ``process.WorkerProcess``."""

    def __init__(self, path: str, *, timeout: float, memory_limit: float | None = None) -> None:
        self.path = path
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.restarts = 0
        self._sock: socket.socket | None = None
        self._buffer = b""
        self.hello: dict[str, Any] = {}
        self._connect()

    def _connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(self.path)
            line, self._buffer = read_line(sock.fileno(), b"", START_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            sock.close()
            raise BackendUnavailable(
                f"the run's shared worker at {self.path} is not answering: {exc}"
            ) from None
        if line is None:
            sock.close()
            raise BackendUnavailable(f"the run's shared worker at {self.path} closed the connection")
        self._sock = sock
        self.hello = json.loads(line)

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        if self._sock is None:
            self._connect()
            self.restarts += 1
        assert self._sock is not None
        sock = self._sock

        def read(timeout: float) -> bytes | None:
            line, self._buffer = read_line(sock.fileno(), self._buffer, timeout)
            return line

        try:
            answer = exchange(sock.sendall, read, message, self.timeout, self.memory_limit)
            if answer is not None:
                return answer
        except TimeoutError:
            self._drop(kill=True)
            return {
                "ok": False,
                "error": _error(
                    "Timeout",
                    "timeout",
                    f"did not answer within the {self.timeout:g} s time limit and its margins "
                    "(was it stopped?)",
                ),
            }
        except OSError:
            pass
        self._drop(kill=False)
        return {
            "ok": False,
            "error": _error("WorkerCrashed", "crash", "closed its connection while the file was parsed"),
        }

    def _drop(self, *, kill: bool) -> None:
        if kill and self.hello.get("pid"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(self.hello["pid"]), signal.SIGKILL)
        if self._sock is not None:
            self._sock.close()
        self._sock = None
        self._buffer = b""

    def close(self) -> None:
        self._drop(kill=False)


def _error(type_: str, kind: str, what: str) -> dict[str, Any]:
    return {
        "type": type_,
        "line": None,
        "origin": "harness",
        "kind": kind,
        "message": f"the run's shared worker {what}; a fresh one serves the next file",
        "fix": "the file's top-level code must not signal or end other processes; or raise the time "
        "limit (--timeout)",
    }
