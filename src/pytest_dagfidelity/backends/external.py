"""An external backend: any program that speaks the JSON-lines protocol of ``docs/backends.md``.

The program runs in its own process (and session), one request at a time. Whatever it
does wrong (crash, silence, garbage, a wrong id, a document that is not dag.json) is
a typed error for the one file being parsed; the program is then stopped and restarted
for the next file, so no answer can shift onto another file.
"""

from __future__ import annotations

import json
import os
import selectors
import shlex
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from typing import Any

from .. import schema
from ..exceptions import BackendUnavailable
from ..records import ParseError, Result, harness_error
from .base import PARSE_TIME, Backend, BackendOptions, Closing

PROTOCOL = "dagfidelity-backend"
PROTOCOL_VERSION = 1
_SCHEMA = "backend-protocol.schema.json"
_HANDSHAKE_TIMEOUT = 60.0
_GRACE = 5.0  # beyond the per-file time limit, for the program to answer
_MAX_LINE = 1 << 30


def command_backend(command: str) -> Any:
    """A registry ``start`` function for the program ``command`` (a shell-quoted command line)."""
    argv = shlex.split(command)
    if not argv:
        raise BackendUnavailable("an external backend needs a command: NAME=COMMAND")

    def start(name: str, options: BackendOptions) -> Backend:
        return ExternalBackend(name, argv, options)

    return start


class ExternalBackend(Closing):
    def __init__(self, name: str, argv: Sequence[str], options: BackendOptions) -> None:
        self.name = name
        self.argv = list(argv)
        self.options = options
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._stderr = tempfile.TemporaryFile()
        self.restarts = 0
        self._version = ""
        self._start()

    @property
    def label(self) -> str:
        return f"backend {self.name!r} ({shlex.join(self.argv)})"

    @property
    def airflow_version(self) -> str:
        return self._version

    # -- process -----------------------------------------------------------------------
    def _start(self) -> None:
        try:
            self._proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                start_new_session=True,  # so stopping it stops everything it started
            )
        except OSError as exc:
            raise BackendUnavailable(f"{self.label} cannot be started: {exc.strerror or exc}") from None
        self._buffer = b""
        handshake = {
            "protocol": PROTOCOL,
            "version": PROTOCOL_VERSION,
            "airflow_version": self.options.target,
        }
        try:
            self._send(handshake)
            line = self._read_line(time.monotonic() + _HANDSHAKE_TIMEOUT)
        except (BrokenPipeError, TimeoutError) as exc:
            self._stop()
            why = "did not answer the handshake" if isinstance(exc, TimeoutError) else "closed its stdin"
            raise BackendUnavailable(f"{self.label} {why}{self._tail()}") from None
        if line is None:
            code = self._stop()
            raise BackendUnavailable(f"{self.label} exited ({code}) before the handshake{self._tail()}")
        self._version = self._hello(line)

    def _hello(self, line: bytes) -> str:
        try:
            hello = json.loads(line)
        except ValueError:
            self._stop()
            raise BackendUnavailable(
                f"{self.label} answered the handshake with {line[:120]!r}, not a JSON line; "
                "see docs/backends.md for the protocol"
            ) from None
        if isinstance(hello, dict) and hello.get("protocol") == PROTOCOL and hello.get("version") != 1:
            self._stop()
            raise BackendUnavailable(
                f"{self.label} speaks protocol version {hello.get('version')!r}; this pytest-dagfidelity "
                f"speaks version {PROTOCOL_VERSION}: upgrade one of them"
            )
        error = schema.first_error(hello, schema.load(_SCHEMA)["$defs"]["hello"], schema.load(_SCHEMA))
        if error:
            self._stop()
            raise BackendUnavailable(f"{self.label}: its handshake answer is not protocol version 1: {error}")
        version = str(hello["airflow_version"])
        if self.options.target and version != self.options.target:
            self._stop()
            raise BackendUnavailable(
                f"{self.label} emulates Airflow {version}, and this run compares against "
                f"{self.options.target}: run it against {version}, or make the backend follow the "
                "handshake's airflow_version"
            )
        return version

    def _send(self, message: dict[str, Any]) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(message).encode() + b"\n")
        self._proc.stdin.flush()

    def _read_line(self, deadline: float) -> bytes | None:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        parts = [self._buffer]
        size = len(self._buffer)
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in parts[-1]:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not sel.select(remaining):
                    raise TimeoutError
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return None
                parts.append(chunk)
                size += len(chunk)
                if size > _MAX_LINE:
                    raise TimeoutError  # a line without end is as good as silence
        line, _, self._buffer = b"".join(parts).partition(b"\n")
        return line

    def _stop(self) -> str:
        """Stop the program and everything it started; how it ended, in words."""
        if self._proc is None:
            return "not running"
        code = self._proc.poll()
        if code is None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        code = self._proc.wait()
        self._proc = None
        return f"killed by {signal.Signals(-code).name}" if code < 0 else f"status {code}"

    def _tail(self) -> str:
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        self._stderr.seek(0)
        self._stderr.truncate()
        return f"; its stderr ends: {' | '.join(lines[-3:])[:400]}" if lines else ""

    # -- requests ----------------------------------------------------------------------
    def compile(
        self,
        path: str,
        *,
        file: str | None = None,
        import_path: Sequence[str] = (),
        now: str | None = PARSE_TIME,
    ) -> Result:
        if self._proc is None or self._proc.poll() is not None:
            self._stop()
            self.restarts += 1
            self._start()
        request_id = os.urandom(16).hex()
        name = file if file is not None else os.path.basename(path)
        timeout = self.options.timeout
        request = {
            "id": request_id,
            "path": path,
            "file": name,
            "import_path": list(import_path),
            "now": now,
            "timeout": timeout,
        }
        try:
            self._send(request)
            line = self._read_line(time.monotonic() + timeout + _GRACE)
        except TimeoutError:
            self._stop()
            return self._failed(
                "BackendTimeout",
                f"{self.label} did not answer within {timeout:g} s (the per-file time limit); it was "
                "stopped and is restarted for the next file",
                kind="timeout",
                fix="make the backend answer faster, or raise the time limit (--timeout)",
            )
        except BrokenPipeError:
            line = None
        if line is None:
            how = self._stop()
            return self._failed(
                "BackendCrashed",
                f"{self.label} exited ({how}) while parsing the file{self._tail()}; it is restarted "
                "for the next file",
                kind="crash",
            )
        return self._answer(line, request_id, name)

    def _answer(self, line: bytes, request_id: str, file: str) -> Result:
        try:
            message = json.loads(line)
        except ValueError:
            self._stop()  # out of step with us: a fresh process for the next file
            return self._failed(
                "BackendProtocolError",
                f"{self.label} wrote {line[:120]!r}, which is not a JSON line; log to stderr, "
                "not stdout. It is restarted for the next file",
            )
        root = schema.load(_SCHEMA)
        error = schema.first_error(message, root["$defs"]["response"], root)
        if error is None and message["id"] != request_id:
            error = "$.id: not the id of the request it answers"
        if error:
            self._stop()
            return self._failed(
                "BackendProtocolError",
                f"{self.label} answered with a message that breaks protocol version 1 ({error}); it "
                "is restarted for the next file",
            )
        if not message["ok"]:
            record = {"origin": "dag", **message["error"]}
            return Result.failed(ParseError.from_record(record))
        doc = message["doc"]
        error = schema.first_error(doc, schema.load("dag.schema.json"))
        if error is None and doc["file"] != file:
            error = f"$.file: must be {file!r}, as the request says, not {doc['file']!r}"
        if error is None and doc["airflow_version"] != self._version:
            error = f"$.airflow_version: must be {self._version!r}, as its handshake says"
        if error:
            return self._failed(
                "BackendSchemaError",
                f"{self.label} answered a document that is not a valid dag.json: {error}",
                fix="make the backend's output match dag.schema.json (docs/dag-json.md)",
            )
        return Result(doc=doc)

    def _failed(self, type_: str, message: str, *, kind: str | None = None, fix: str | None = None) -> Result:
        return Result.failed(
            harness_error(
                type_, message, kind=kind or "backend", fix=fix or "fix the backend; the file is not at fault"
            )
        )

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            assert self._proc.stdin is not None
            try:
                self._proc.stdin.close()
                self._proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self._stop()
        self._stderr.close()
