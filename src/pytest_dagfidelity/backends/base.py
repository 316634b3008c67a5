"""A backend as the harness sees it: compile a file, get dag.json or an error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .process import WorkerProcess

# The instant both backends parse at (the clock is frozen there while a file runs), so a
# DAG that reads the clock at import compiles to the same dag.json every time.
PARSE_TIME = "2025-01-01T00:00:00+00:00"


@dataclass(frozen=True)
class Result:
    ok: bool
    doc: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    @property
    def dag_ids(self) -> list[str]:
        return sorted(self.doc["dags"]) if self.doc else []


class Backend:
    def __init__(self, name: str, worker: WorkerProcess) -> None:
        self.name = name
        self.worker = worker

    @property
    def airflow_version(self) -> str:
        return str(self.worker.hello["airflow_version"])

    def compile(
        self, path: str, *, file: str | None = None, root: str | None = None, now: str | None = PARSE_TIME
    ) -> Result:
        response = self.worker.request({"path": path, "file": file, "root": root, "now": now})
        if response.get("ok"):
            return Result(True, doc=response["doc"])
        return Result(False, error=response["error"])

    def close(self) -> None:
        self.worker.close()

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
