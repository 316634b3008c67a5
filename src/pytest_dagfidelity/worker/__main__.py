"""Backend worker: ``python -m pytest_dagfidelity.worker --loader module:Class [--target X.Y]``.

Speaks JSON lines: one request per line on stdin, one response per line on the
original stdout, each carrying the id of its request. Anything a DAG file prints goes
to stderr, so it can never corrupt the protocol. The worker imports its backend once,
then parses every file in a fresh forked process (worker/forkserver.py).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loader", required=True, help="module:Class of the FileLoader to parse with")
    parser.add_argument("--target", default=None, help="Airflow minor version to emulate, where it applies")
    parser.add_argument("--listen", metavar="SOCKET", help="serve every client of this Unix socket instead")
    args = parser.parse_args()
    # ``-m`` put the harness's working directory first on sys.path; Airflow's DAG processor
    # has no such entry, so a DAG file must not import from there.
    sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]

    # The protocol gets private copies of stdin and stdout: a DAG file that prints or reads
    # input() sees stderr and an empty stdin, never the harness's messages.
    channel = os.fdopen(os.dup(1), "wb")
    requests = os.fdopen(os.dup(0), "rb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the worker

    module, _, attribute = args.loader.partition(":")
    loader = getattr(importlib.import_module(module), attribute)(args.target)
    loader.warm_up()

    from . import forkserver

    hello = {
        "ready": True,
        "airflow_version": loader.airflow_version,
        "pid": os.getpid(),
        "frozen_clock": loader.freeze is not None,
    }
    if args.listen:  # one warm worker for many harness processes (xdist workers)
        from .listener import listen

        listen(loader, args.listen, requests, channel, hello)
    else:
        channel.write(json.dumps(hello, sort_keys=True).encode() + b"\n")
        channel.flush()
        forkserver.serve(loader, requests, channel)
    # The harness closed our stdin and waits for the end: no module teardown (ending.py).
    from .ending import end_process

    with contextlib.suppress(OSError, ValueError):
        channel.flush()
    end_process(0)


if __name__ == "__main__":
    main()
