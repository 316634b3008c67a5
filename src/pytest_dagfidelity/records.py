"""Typed records at the harness's boundaries: what a backend says about one DAG file.

Workers speak JSON; these are built from it once, in ``Backend.compile``, and every
other module reads fields, never dict keys.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any, Literal

# Where a failure comes from, decided in the worker from the exception's type and origin
# (worker/errors.py), never from words in its message:
# - "dag": the file itself (a syntax error, a cycle, an API this Airflow version lacks);
# - "environment": what the environment lacks (a module or provider, a database, the
#   network, a secrets backend): nothing to compare, and never a golden;
# - "unsupported": the shim refuses a construct it does not model (loud, a gap);
# - "harness": a limit of this harness (time, memory, a crash, a write refused, a value
#   it cannot render): never agreement, never a golden.
if TYPE_CHECKING:
    Origin = Literal["dag", "environment", "unsupported", "harness"]
ORIGINS: tuple[Origin, ...] = ("dag", "environment", "unsupported", "harness")


class Record:
    """An immutable record of the fields its ``__slots__`` names, compared and hashed by them.

    The records a one-file compile builds are plain classes: ``dataclasses`` (with ``copy``)
    and building each class cost a cold compile ~1 ms apiece."""

    __slots__: tuple[str, ...] = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def _set(self, **fields: Any) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle: through __init__, whose
        return type(self), self._values()  # parameters are the slots, in order

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def as_record(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


class ParseError(Record):
    __slots__ = ("type", "message", "line", "origin", "kind", "fix", "qualname")

    def __init__(
        self,
        type: str,  # noqa: A002 - the exception class's name, as Airflow prints it
        message: str,
        line: int | None = None,  # in the DAG file, where known
        origin: Origin = "dag",
        kind: str | None = None,  # finer cause: "missing_module", "database", "timeout", ...
        fix: str | None = None,  # the error's own fix; causes.fix_for supplies one by type otherwise
        qualname: str | None = None,  # module-qualified type, where known
    ) -> None:
        self.type: str
        self.message: str
        self.line: int | None
        self.origin: Origin
        self.kind: str | None
        self.fix: str | None
        self.qualname: str | None
        self._set(type=type, message=message, line=line, origin=origin, kind=kind, fix=fix, qualname=qualname)

    @classmethod
    def from_record(cls, record: Any) -> ParseError:
        """Build from a worker's JSON record; a malformed record is the harness's failure."""
        if not isinstance(record, dict) or not isinstance(record.get("type"), str):
            return harness_error("BadWorkerRecord", f"the worker sent a malformed error record: {record!r}")
        origin = record.get("origin", "dag")
        line = record.get("line")
        return cls(
            type=record["type"],
            message=str(record.get("message") or ""),
            line=line if isinstance(line, int) and not isinstance(line, bool) else None,
            origin=origin if origin in ORIGINS else "harness",
            kind=record.get("kind") if isinstance(record.get("kind"), str) else None,
            fix=record.get("fix") if isinstance(record.get("fix"), str) else None,
            qualname=record.get("qualname") if isinstance(record.get("qualname"), str) else None,
        )


def harness_error(type_: str, message: str, *, kind: str | None = None, fix: str | None = None) -> ParseError:
    return ParseError(type=type_, message=message, origin="harness", kind=kind, fix=fix)


# How check lines, items and the summary say it: the verdict stands, but covers less.
UNVALIDATED_NOTE = (
    "arguments not validated (provider not installed next to dagfidelity, so its operator's "
    "signature could not be read)"
)


class Unvalidated(Record):
    """A task whose operator's arguments the backend recorded as given, unchecked: a provider
    operator whose package is not installed next to the shim, so its signature cannot be read.
    Beside dag.json, never in it: real Airflow has no such notion to compare."""

    __slots__ = ("dag_id", "task_id", "operator")

    def __init__(self, dag_id: str, task_id: str, operator: str) -> None:
        self.dag_id: str
        self.task_id: str
        self.operator: str  # module-qualified class name
        self._set(dag_id=dag_id, task_id=task_id, operator=operator)

    @classmethod
    def from_records(cls, records: Any) -> tuple[Unvalidated, ...]:
        if not isinstance(records, list):
            return ()
        keys = ("dag_id", "task_id", "operator")
        return tuple(
            cls(*(r[k] for k in keys))
            for r in records
            if isinstance(r, dict) and all(isinstance(r.get(k), str) for k in keys)
        )

    def describe(self) -> str:
        return f"{self.dag_id}.{self.task_id} ({self.operator})"


class Result(Record):
    """One backend's answer for one DAG file: its dag.json document, or the error.

    ``text``, in place of ``doc`` where the caller asked for it (BackendOptions.text): the
    document as compile.dumps writes it, made where the file was parsed, with its DAG ids in
    ``text_dag_ids``. A one-file compile only writes the document, and a 10,000-task one cost
    ~0.3 s to encode, send, decode and encode again."""

    __slots__ = ("doc", "error", "unvalidated", "text", "text_dag_ids")

    def __init__(
        self,
        doc: dict[str, Any] | None = None,
        error: ParseError | None = None,
        unvalidated: tuple[Unvalidated, ...] = (),  # tasks whose arguments were not validated
        text: str | None = None,
        text_dag_ids: tuple[str, ...] = (),
    ) -> None:
        self.doc: dict[str, Any] | None
        self.error: ParseError | None
        self.unvalidated: tuple[Unvalidated, ...]
        self.text: str | None
        self.text_dag_ids: tuple[str, ...]
        self._set(doc=doc, error=error, unvalidated=unvalidated, text=text, text_dag_ids=text_dag_ids)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def dag_ids(self) -> list[str]:
        if self.text is not None:
            return list(self.text_dag_ids)
        return sorted(self.doc["dags"]) if self.doc else []

    @classmethod
    def failed(cls, error: ParseError) -> Result:
        return cls(error=error)

    def unvalidated_in(self, dag_id: str | None) -> tuple[Unvalidated, ...]:
        return tuple(u for u in self.unvalidated if dag_id is None or u.dag_id == dag_id)
