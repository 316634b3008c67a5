"""Backend worker: ``python -m pytest_dagfidelity.worker --backend shim|airflow``.

Speaks JSON lines: one request per line on stdin, one response per line on the
original stdout. Anything a DAG file prints goes to stderr, so it can never corrupt
the protocol. The worker is reused across files: libraries stay imported, and what
a DAG file imported from its own folder is forgotten after it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("shim", "airflow"), required=True)
    parser.add_argument("--target", default=None, help="shim only: Airflow minor version to emulate")
    args = parser.parse_args()

    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    if args.backend == "shim":
        from .shim_loader import ShimLoader as Loader
    else:
        from .airflow_loader import AirflowLoader as Loader  # type: ignore[assignment]
    loader = Loader(args.target)

    def send(message: dict[str, Any]) -> None:
        channel.write(json.dumps(message, sort_keys=True) + "\n")
        channel.flush()

    from .loading import CLOCK_FROZEN

    send(
        {
            "ready": True,
            "airflow_version": loader.airflow_version,
            "pid": os.getpid(),
            "frozen_clock": CLOCK_FROZEN,
        }
    )
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        send(loader.handle(request))


if __name__ == "__main__":
    main()
