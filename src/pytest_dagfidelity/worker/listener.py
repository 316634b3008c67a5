"""One warm worker for many harness processes: a Unix socket, a fork of the warm worker per client.

Under pytest-xdist every worker process would otherwise import real Airflow (seconds)
for itself. The controller starts this listener once; each xdist worker connects, and
gets a process forked from the warm one that serves it exactly as a worker started for
it alone would (``forkserver.serve``: a fresh parser per file). The listener itself
never parses a file. It ends when the harness closes its stdin.

Worker-side code: standard library only.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import socket
from typing import Any, BinaryIO

from . import forkserver
from .loading import FileLoader

_REAP_EVERY = 1.0  # seconds between looks for finished client handlers


def listen(
    loader: FileLoader, path: str, requests: BinaryIO, channel: BinaryIO, hello: dict[str, Any]
) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # the socket is this user's only
    try:
        server.bind(path)
    finally:
        os.umask(old_umask)
    server.listen(64)
    channel.write(json.dumps({**hello, "listening": path}, sort_keys=True).encode() + b"\n")
    channel.flush()
    with selectors.DefaultSelector() as sel:
        sel.register(server, selectors.EVENT_READ)
        sel.register(requests, selectors.EVENT_READ)  # readable only at EOF: the harness is done
        while True:
            events = sel.select(_REAP_EVERY)
            _reap()
            if any(key.fileobj is requests for key, _ in events):
                break
            if events:
                connection, _ = server.accept()
                _fork_handler(loader, connection, (server, requests, channel), hello)
    server.close()
    with contextlib.suppress(OSError):
        os.unlink(path)


def _fork_handler(
    loader: FileLoader, connection: socket.socket, held: tuple[Any, ...], hello: dict[str, Any]
) -> None:
    pid = os.fork()
    if pid:
        connection.close()
        return
    try:  # the handler: nothing of the listener's reaches the files it parses
        for thing in held:
            thing.close()
        # Two descriptors, as a worker's stdin and stdout: the parse processes close both.
        reader = os.fdopen(os.dup(connection.fileno()), "rb")
        writer = os.fdopen(os.dup(connection.fileno()), "wb")
        connection.close()
        answer = {**hello, "pid": os.getpid(), "server_pid": hello["pid"]}
        writer.write(json.dumps(answer, sort_keys=True).encode() + b"\n")
        writer.flush()
        forkserver.serve(loader, reader, writer)
    finally:
        os._exit(0)


def _reap() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
