"""The ``Backend`` protocol: what the harness asks of any backend (``base.py`` says more)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from ..defaults import PARSE_TIME
from ..records import Result


@runtime_checkable
class Backend(Protocol):
    """A DAG parser held to real Airflow. ``name`` is the name it was selected by."""

    name: str

    @property
    def airflow_version(self) -> str:
        """The Airflow X.Y whose semantics this backend's documents follow."""
        ...

    def compile(
        self,
        path: str,
        *,
        file: str | None = None,
        import_path: Sequence[str] = (),
        now: str | None = PARSE_TIME,
    ) -> Result:
        """Parse ``path`` (absolute) with ``import_path`` on sys.path, the DAG folder first;
        ``file`` is the name dag.json records. Never raises for anything the file does."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Backend: ...

    def __exit__(self, *exc: Any) -> None: ...
