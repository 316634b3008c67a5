"""A backend as the harness sees it: compile a file, get dag.json or an error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..records import ParseError, Result, harness_error
from .process import InProcessShim, WorkerProcess

# The instant both backends parse at (the clock is frozen there while a file runs), so a
# DAG that reads the clock at import compiles to the same dag.json every time.
PARSE_TIME = "2025-01-01T00:00:00+00:00"


class Backend:
    def __init__(self, name: str, worker: WorkerProcess | InProcessShim) -> None:
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
        """Parse ``path`` with ``import_path`` appended to sys.path (the DAG folder first, as
        Airflow's DAG processor); ``file`` is the name dag.json records for it."""
        response = self.worker.request(
            {"path": path, "file": file, "import_path": list(import_path), "now": now}
        )
        if response.get("ok") and isinstance(response.get("doc"), dict):
            return Result(doc=response["doc"])
        if "error" in response:
            return Result.failed(ParseError.from_record(response["error"]))
        return Result.failed(
            harness_error("BadWorkerResponse", f"the {self.name} worker answered {response!r:.300}")
        )

    def close(self) -> None:
        self.worker.close()

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
