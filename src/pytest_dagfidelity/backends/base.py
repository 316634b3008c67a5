"""What a backend is to the harness: the ``Backend`` protocol (``protocol.py``), and the options every
one starts with.

A backend compiles one DAG file to its dag.json document, or to a typed error. The
harness never asks what kind of backend it holds: it calls ``compile`` and reads the
``Result``. Built-in backends and third-party ones (``backends/registry.py``) implement
the same protocol; ``docs/backends.md`` documents it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..defaults import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, PARSE_TIME
from ..records import ParseError, Record, Result, Unvalidated, harness_error

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

    from .protocol import Backend


def __getattr__(name: str) -> Any:
    # The protocol is a typing.Protocol: importing typing costs a one-file compile, which never
    # asks for it, ~1.5 ms. It is loaded where it is first named.
    if name == "Backend":
        from .protocol import Backend

        return Backend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class BackendOptions(Record):
    """What the run asks of any backend it starts; each backend reads what applies to it."""

    __slots__ = ("target", "airflow_python", "timeout", "memory_limit", "in_process", "text", "server", "env")

    def __init__(
        self,
        target: str | None = None,  # Airflow X.Y the run compares against (None: the backend's default)
        airflow_python: str | None = None,  # the interpreter with real Airflow, where one was named
        timeout: float = DEFAULT_TIMEOUT,  # per file, seconds
        memory_limit: float | None = DEFAULT_MEMORY_LIMIT,  # per file, MB
        in_process: bool = False,  # a one-file compile: a backend may skip starting a worker
        text: bool = False,  # it only writes dag.json: a backend may answer with Result.text
        server: str | None = None,  # a running WorkerServer of this backend to connect to (xdist workers)
        env: Mapping[str, str] | None = None,  # variables a worker process gets beyond this one's
    ) -> None:
        self.target: str | None
        self.airflow_python: str | None
        self.timeout: float
        self.memory_limit: float | None
        self.in_process: bool
        self.text: bool
        self.server: str | None
        self.env: Mapping[str, str] | None
        self._set(
            target=target,
            airflow_python=airflow_python,
            timeout=timeout,
            memory_limit=memory_limit,
            in_process=in_process,
            text=text,
            server=server,
            env=env,
        )

    def replace(self, **changes: Any) -> BackendOptions:
        """A copy with ``changes``."""
        return BackendOptions(**{**self.as_record(), **changes})


class Closing:
    """``with backend:`` for any backend class that has ``close``."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def result_of(response: dict[str, Any], who: str) -> Result:
    """A worker's answer (``{"ok": true, "doc": ...}`` or ``{"ok": false, "error": ...}``) as a Result."""
    text, ids = response.get("text"), response.get("dag_ids")
    if response.get("ok") is True and isinstance(text, str) and isinstance(ids, list):
        listed = tuple(i for i in ids if isinstance(i, str))
        unvalidated = Unvalidated.from_records(response.get("unvalidated"))
        return Result(text=text, text_dag_ids=listed, unvalidated=unvalidated)
    if response.get("ok") is True and isinstance(response.get("doc"), dict):
        return Result(doc=response["doc"], unvalidated=Unvalidated.from_records(response.get("unvalidated")))
    if response.get("ok") is False and "error" in response:
        return Result.failed(ParseError.from_record(response["error"]))
    return Result.failed(harness_error("BadWorkerResponse", f"{who} answered {response!r:.300}"))


__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TIMEOUT",
    "PARSE_TIME",
    "Backend",
    "BackendOptions",
    "Closing",
    "ParseError",
    "Result",
    "result_of",
]
