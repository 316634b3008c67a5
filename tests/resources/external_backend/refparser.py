"""A reference external backend: a separate program speaking docs/backends.md's protocol, version 1.

It parses with this package's shim, in its own process, so its documents are real ones;
what makes it a test instrument is that it can be told to misbehave on chosen files:

    REFPARSER_FAULT=<fault>   REFPARSER_FAULT_ON=<substring of the DAG file's path>

faults: crash, gone (crashes, and from then on exits before the handshake: REFPARSER_MARK names
the file that remembers it), hang, garbage, wrong-id, partial (a dag.json missing a required key),
unsupported (refuses the file as a construct it does not model), version (answers the
handshake with protocol version 2), stdout (prints a log line to stdout before answering),
drift (changes one task's retries: a document that is valid but wrong).

    REFPARSER_LOG=<file>   appends the path of every file it is asked to parse, one a line
"""

from __future__ import annotations

import json
import os
import sys
import time

FAULT = os.environ.get("REFPARSER_FAULT", "")
FAULT_ON = os.environ.get("REFPARSER_FAULT_ON", "")
LOG = os.environ.get("REFPARSER_LOG", "")
MARK = os.environ.get("REFPARSER_MARK", "")


def send(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> None:
    if FAULT == "gone" and os.path.exists(MARK):
        print("refparser: cannot start (simulated)", file=sys.stderr)
        sys.exit(3)
    handshake = json.loads(sys.stdin.readline())
    if FAULT == "version":
        send({"protocol": "dagfidelity-backend", "version": 2, "airflow_version": "3.3"})
        return
    from pytest_dagfidelity.backends import start_backend

    backend = start_backend("shim", target=handshake["airflow_version"], in_process=True)
    send({"protocol": "dagfidelity-backend", "version": 1, "airflow_version": backend.airflow_version,
          "name": "refparser 1.0"})
    for line in sys.stdin:
        request = json.loads(line)
        if LOG:
            with open(LOG, "a") as log:
                log.write(request["path"] + "\n")
        faulty = bool(FAULT) and FAULT_ON in request["path"]
        if faulty and FAULT == "gone":
            open(MARK, "w").close()
            os._exit(139)
        if faulty and FAULT == "crash":
            print("refparser: segmentation fault (simulated)", file=sys.stderr)
            os._exit(139)
        if faulty and FAULT == "hang":
            time.sleep(3600)
        if faulty and FAULT == "garbage":
            sys.stdout.write("<<not json>>\n")
            sys.stdout.flush()
            continue
        if faulty and FAULT == "stdout":
            print("parsing", request["path"])
        if faulty and FAULT == "unsupported":
            send({"id": request["id"], "ok": False, "error": {
                "type": "RefparserUnsupported", "message": "refparser does not model this file", "line": 1,
                "origin": "unsupported"}})
            continue
        result = backend.compile(request["path"], file=request["file"], import_path=request["import_path"],
                                 now=request["now"])
        answer_id = "not-" + request["id"] if faulty and FAULT == "wrong-id" else request["id"]
        if result.error is not None:
            error = {"type": result.error.type, "message": result.error.message, "line": result.error.line,
                     "origin": result.error.origin if result.error.origin != "harness" else "dag"}
            send({"id": answer_id, "ok": False, "error": error})
            continue
        doc = result.doc
        if faulty and FAULT == "partial":
            for dag in doc["dags"].values():
                dag.pop("tasks", None)
        if faulty and FAULT == "drift":
            for dag in doc["dags"].values():
                for task in dag["tasks"].values():
                    task["retries"] = (task.get("retries") or 0) + 1
                    break
        send({"id": answer_id, "ok": True, "doc": doc})


if __name__ == "__main__":
    main()
