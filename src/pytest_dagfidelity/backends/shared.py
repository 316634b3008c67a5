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
import threading
import time
from collections.abc import Mapping
from typing import Any

from ..exceptions import BackendUnavailable
from .process import START_TIMEOUT, exchange, package_path, read_line

FAILED = "failed"  # beside the socket: why the listener did not start
_POLL = 0.05  # seconds between connection attempts while the listener starts


class WorkerServer:
    """The listener: ``argv`` (a worker command) serving a Unix socket of its own.

    Started without waiting for it: real Airflow imports itself (seconds) while xdist starts its
    workers and they collect. A client connects once the socket is there; if the listener fails to
    start, the reason is left beside the socket (``FAILED``) for every client to report."""

    def __init__(self, argv: list[str], env: Mapping[str, str] | None = None) -> None:
        self._folder = tempfile.mkdtemp(prefix="dagfidelity-server-")
        self.path = os.path.join(self._folder, "worker.sock")
        self.argv = argv
        env = {**os.environ, **(env or {}), "PYTHONPATH": package_path()}
        env.pop("DAGFIDELITY_TARGET", None)
        self._stderr = tempfile.TemporaryFile()
        self.hello: dict[str, Any] = {}
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
        self._watch = threading.Thread(target=self._await_hello, name="dagfidelity-server", daemon=True)
        self._watch.start()

    def _await_hello(self) -> None:
        assert self._proc.stdout is not None
        try:
            line, _ = read_line(self._proc.stdout.fileno(), b"", START_TIMEOUT)
        except (TimeoutError, OSError):
            line = None
        if line is not None:
            self.hello = json.loads(line)
            return
        self._stderr.seek(0)
        tail = " | ".join(self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-5:])
        reason = f"worker {' '.join(self.argv)} did not start listening: {tail}"
        with contextlib.suppress(OSError):
            with open(os.path.join(self._folder, FAILED), "w", encoding="utf-8") as fh:
                fh.write(reason)

    def ready(self) -> dict[str, Any]:
        """The listener's hello, once it listens; BackendUnavailable if it could not start."""
        self._watch.join()
        if not self.hello:
            raise BackendUnavailable(_failure(self.path) or "the shared worker did not start")
        return self.hello

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
        self._watch.join()
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
        deadline = time.monotonic() + START_TIMEOUT
        try:
            while True:  # the listener binds its socket once real Airflow is imported
                failed = _failure(self.path)
                if failed is not None:
                    sock.close()
                    raise BackendUnavailable(failed)
                try:
                    sock.connect(self.path)
                    break
                except (FileNotFoundError, ConnectionRefusedError):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(_POLL)
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


def _failure(path: str) -> str | None:
    """Why the listener at ``path`` could not start, where it could not."""
    try:
        with open(os.path.join(os.path.dirname(path), FAILED), encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        return None


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
