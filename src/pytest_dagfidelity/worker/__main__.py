"""Backend worker: ``python -m pytest_dagfidelity.worker --backend shim|airflow``.

Speaks JSON lines: one request per line on stdin, one response per line on the
original stdout. Anything a DAG file prints goes to stderr, so it can never corrupt
the protocol. The worker is reused across files: libraries stay imported, and what
a DAG file imported from its own folder is forgotten after it.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import signal
import sys
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("shim", "airflow"), required=True)
    parser.add_argument("--target", default=None, help="shim only: Airflow minor version to emulate")
    args = parser.parse_args()
    # ``-m`` put the harness's working directory first on sys.path; Airflow's DAG processor
    # has no such entry, so a DAG file must not import from there.
    sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]

    # The protocol gets private copies of stdin and stdout: a DAG file that prints or reads
    # input() sees stderr and an empty stdin, never the harness's messages.
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the worker
    # On a time limit the harness asks for the stack first, to name the line that was running.
    if hasattr(signal, "SIGUSR1"):
        faulthandler.register(signal.SIGUSR1, file=2, all_threads=False)

    if args.backend == "shim":
        from .shim_loader import ShimLoader as Loader
    else:
        from .airflow_loader import AirflowLoader as Loader  # type: ignore[assignment]
    loader = Loader(args.target)
    loader.warm_up()

    def send(message: dict[str, Any]) -> None:
        channel.write(json.dumps(message, sort_keys=True) + "\n")
        channel.flush()

    from . import guard
    from .loading import CLOCK_FROZEN

    send(
        {
            "ready": True,
            "airflow_version": loader.airflow_version,
            "pid": os.getpid(),
            "frozen_clock": CLOCK_FROZEN,
        }
    )
    guard.install()
    for line in requests:
        if not line.strip():
            continue
        response = loader.handle(json.loads(line))
        send(response)
        if response.get("retire"):
            break


if __name__ == "__main__":
    main()
