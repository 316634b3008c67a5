"""The harness's side of a backend worker: a fork server that parses each file in a fresh child.

The worker enforces the per-file limits and reports a child that misbehaves; this side
ties each answer to its request by an id it makes up per request, and replaces a
worker that dies or stops answering.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable, Sequence

from ..exceptions import BackendUnavailable
from ..records import Result
from .base import PARSE_TIME, Closing, result_of

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    import subprocess
    from typing import Any

    from .shared import SharedWorker

START_TIMEOUT = 300.0  # importing Airflow takes seconds; a cold venv on a busy machine, more


def package_path() -> str:
    """A folder holding only this package, for PYTHONPATH in a foreign (Airflow) venv."""
    package_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    import hashlib  # here: a one-file compile in this process starts no worker

    digest = hashlib.sha1(package_dir.encode()).hexdigest()[:12]
    from ..worker.tempdir import gettempdir

    link_root = os.path.join(gettempdir(), f"dagfidelity-path-{os.getuid()}-{digest}")
    link = os.path.join(link_root, "pytest_dagfidelity")
    if not os.path.islink(link) or os.readlink(link) != package_dir:
        os.makedirs(link_root, exist_ok=True)
        tmp = f"{link}.{os.getpid()}"
        os.symlink(package_dir, tmp)
        os.replace(tmp, link)
    return link_root


BACKSTOP = 5.0  # the worker kills a parse that did not stop this long (at least) past its time limit
GRACE = 15.0  # beyond that, what the worker may take to answer before it is taken for stuck


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
        import subprocess  # here: a one-file compile in this process starts no worker
        import tempfile

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
        line = self._read_line(START_TIMEOUT)
        if line is None:
            raise BackendUnavailable(f"worker {' '.join(self.argv)} did not start: {self.stderr_tail()}")
        self.hello = json.loads(line)

    def stderr_tail(self, lines: int = 15) -> str:
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace")
        return "\n".join(text.strip().splitlines()[-lines:])

    def _read_line(self, timeout: float) -> bytes | None:
        assert self._proc is not None and self._proc.stdout is not None
        try:
            line, self._buffer = read_line(self._proc.stdout.fileno(), self._buffer, timeout)
        except TimeoutErrorWith as exc:
            self._buffer = exc.read
            raise
        return line

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        if self._proc is None or self._proc.poll() is not None:
            self._restart()
        assert self._proc is not None and self._proc.stdin is not None
        self._mark_stderr()
        stdin = self._proc.stdin

        def send(data: bytes) -> None:
            stdin.write(data)
            stdin.flush()

        try:
            answer = exchange(send, self._read_line, message, self.timeout, self.memory_limit)
            if answer is not None:
                return answer
        except TimeoutError:
            return {"ok": False, "error": self._stuck_error()}
        except BrokenPipeError:
            pass
        return {"ok": False, "error": self._crash_error()}

    def _mark_stderr(self) -> None:
        self._stderr.seek(0, os.SEEK_END)
        self._stderr_start = self._stderr.tell()

    def _stderr_since_request(self) -> str:
        self._stderr.seek(self._stderr_start)
        return self._stderr.read().decode("utf-8", "replace")

    def _stuck_error(self) -> dict[str, Any]:
        self._kill()
        return {
            "type": "Timeout",
            "line": None,
            "origin": "harness",
            "kind": "timeout",
            "message": f"the worker did not answer within the {self.timeout:g} s time limit and its "
            "margins (was it stopped?); the worker was replaced",
            "fix": "the file's top-level code must not signal other processes; or raise the time "
            "limit (--timeout)",
        }

    def _crash_error(self) -> dict[str, Any]:
        assert self._proc is not None
        code = self._proc.wait()
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exited with status {code}"
        tail = "\n".join(self._stderr_since_request().strip().splitlines()[-15:])
        self._proc = None
        self.restarts += 1
        return {
            "type": "WorkerCrashed",
            "line": None,
            "origin": "harness",
            "kind": "crash",
            "message": f"the worker {how} while the file was parsed"
            + (f": {tail}" if tail else "")
            + "; the worker was replaced",
            "fix": "the file's top-level code must not signal or end other processes",
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
            if not _ended_within(self._proc, 5.0):
                self._kill()
        self._proc = None
        self._stderr.close()


def _ended_within(proc: subprocess.Popen[bytes], timeout: float) -> bool:
    """Whether ``proc`` ended (and is reaped) within ``timeout`` seconds. Where a pidfd can be
    had, its end wakes the wait at once; Popen.wait polls, sleeping up to 50 ms between looks
    (a worker that takes 3 ms to end was waited for 6)."""
    import subprocess

    try:
        pidfd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True
    try:
        import select

        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        if not poller.poll(int(timeout * 1000)):
            return False
    finally:
        os.close(pidfd)
    proc.wait()
    return True


class InProcessWorker:
    """A loader in this process, each file parsed in a child forked from it.

    For a one-file ``dagfidelity compile``: no second interpreter to start, no round trip,
    and the file still runs in a process of its own under the same limits. The loader's
    ``airflow`` lives in this process, so it is for processes that import no other one.
    """

    restarts = 0

    def __init__(
        self, loader: Any, *, timeout: float, memory_limit: float | None = None, text: bool = False
    ) -> None:
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.text = text  # answer with dag.json's text, written in the parser (BackendOptions.text)
        self._loader = loader
        self.hello: dict[str, Any] = {"airflow_version": loader.airflow_version, "pid": os.getpid()}

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        from ..worker.forkserver import parse_once

        limits = {"timeout": self.timeout, "memory_limit": self.memory_limit}
        return parse_once(self._loader, {**message, **limits, "text": self.text})

    def close(self) -> None:
        pass


class WorkerBackend(Closing):
    """A backend whose files are parsed by a worker of this package (``worker/``), in a
    process of its own or forked from this one: the shim and real Airflow."""

    def __init__(self, name: str, worker: WorkerProcess | InProcessWorker | SharedWorker) -> None:
        self.name = name
        self.worker = worker

    @property
    def airflow_version(self) -> str:
        return str(self.worker.hello["airflow_version"])

    def compile(
        self,
        path: str,
        *,
        file: str | None = None,
        import_path: Sequence[str] = (),
        now: str | None = PARSE_TIME,
    ) -> Result:
        response = self.worker.request(
            {"path": path, "file": file, "import_path": list(import_path), "now": now}
        )
        return result_of(response, f"the {self.name} worker")

    def list_dag_ids(
        self,
        paths: Sequence[str],
        *,
        files: Sequence[str],
        import_path: Sequence[str] = (),
        now: str | None = PARSE_TIME,
    ) -> dict[str, tuple[str, ...] | None]:
        """Each file's DAG ids, from one process that parses ``paths`` one after another
        (``FileLoader._list``): collection's quick listing, never a result. A file it could not
        list (it failed there, the time ran out, the process died) is absent or None."""
        response = self.worker.request(
            {"paths": list(paths), "files": list(files), "import_path": list(import_path), "now": now}
        )
        listings = response.get("listings") if response.get("ok") is True else None
        if not isinstance(listings, dict):
            return {}
        asked = set(paths)
        return {path: tuple(ids) if ids else None for path, ids in listings.items() if path in asked}

    def close(self) -> None:
        self.worker.close()


def worker_argv(python: str, loader: str, target: str | None = None) -> list[str]:
    """The command that starts a worker parsing with ``loader`` (``module:Class``, a FileLoader)."""
    argv = [python, "-m", "pytest_dagfidelity.worker", "--loader", loader]
    return [*argv, "--target", target] if target else argv


def exchange(
    send: Callable[[bytes], None],
    read_line: Callable[[float], bytes | None],
    message: dict[str, Any],
    timeout: float,
    memory_limit: float | None,
) -> dict[str, Any] | None:
    """Send one request under a fresh id and read lines until the answer to it; None when the
    worker closed the stream first, TimeoutError when the limits and margins are over.

    The id is made up here, per request, and only the worker echoes it: a parse process
    never sees it, so no line a DAG file writes can pass for an answer.
    """
    request_id = os.urandom(16).hex()
    send(
        json.dumps({**message, "timeout": timeout, "memory_limit": memory_limit, "id": request_id}).encode()
        + b"\n"
    )
    deadline = time.monotonic() + GRACE + (timeout + max(BACKSTOP, timeout) if timeout else 0.0)
    while True:
        line = read_line(deadline - time.monotonic())
        if line is None:
            return None
        answer = answer_to(request_id, line)
        if answer is not None:
            return answer


def read_line(fd: int, buffer: bytes, timeout: float) -> tuple[bytes | None, bytes]:
    """The next line from ``fd`` (None at EOF) and what was read past it; TimeoutError after
    ``timeout`` seconds. ``buffer``: what an earlier call read past its line."""
    deadline = time.monotonic() + timeout
    # Chunks are kept apart and only the newest is searched: a 40 MB answer arrives in
    # hundreds of reads, and joining or scanning the whole buffer each time is quadratic.
    import selectors  # here: a one-file compile in this process reads no worker

    parts = [buffer]
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while b"\n" not in parts[-1]:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not sel.select(remaining):
                raise TimeoutErrorWith(b"".join(parts))
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None, b"".join(parts)
            parts.append(chunk)
    line, _, rest = b"".join(parts).partition(b"\n")
    return line, rest


class TimeoutErrorWith(TimeoutError):
    """A TimeoutError that keeps what was read before it, for the next read."""

    def __init__(self, read: bytes) -> None:
        super().__init__("no complete line in time")
        self.read = read


def answer_to(request_id: str, line: bytes) -> dict[str, Any] | None:
    """The response in ``line`` if it answers ``request_id``; None for anything else."""
    try:
        message = json.loads(line)
    except ValueError:
        return None
    if not isinstance(message, dict) or message.get("id") != request_id:
        return None
    response = message.get("response")
    return response if isinstance(response, dict) and "ok" in response else None
