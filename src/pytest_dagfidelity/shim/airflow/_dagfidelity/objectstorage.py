"""``ObjectStoragePath`` (``airflow.io.path`` on 2.x, ``airflow.sdk`` on 3.x): a path built at parse time.

DAG files build one at the top level and use it inside task bodies. Its text form, its
``conn_id`` and how it renders depend on the universal-pathlib release each Airflow version
installs, so the shim keeps only what it can give exactly: building a path and joining parts
to it. Reading anything off it while the file is parsed, or passing it into a task's
arguments (where dag.json would carry it), is refused.
"""

from __future__ import annotations

from . import errors

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


def _refuse(use: str) -> errors.ShimUnsupported:
    return errors.unsupported(
        f"ObjectStoragePath ({use} while the DAG file is parsed)",
        "build the path at the top level and use it inside task bodies, or parse this file with the "
        "airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
    )


class ObjectStoragePath:
    def __init__(
        self, *args: Any, protocol: str | None = None, conn_id: str | None = None, **options: Any
    ) -> None:
        for part in args:
            if not isinstance(part, (str, ObjectStoragePath)) and not hasattr(part, "__fspath__"):
                raise TypeError(
                    f"argument should be a str or an os.PathLike object, not {type(part).__name__!r}"
                )
        object.__setattr__(self, "_parts", args)

    def __truediv__(self, other: Any) -> ObjectStoragePath:
        return type(self)(self, other)

    def joinpath(self, *others: Any) -> ObjectStoragePath:
        return type(self)(self, *others)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name != "__dagfidelity_rendered__":
            raise AttributeError(name)
        raise _refuse(
            "passed into a task's arguments" if name == "__dagfidelity_rendered__" else f"{name!r} read"
        )

    def __str__(self) -> str:
        raise _refuse("turned into text")

    def __fspath__(self) -> str:
        raise _refuse("turned into a file system path")

    def __repr__(self) -> str:
        return "<ObjectStoragePath built by the dagfidelity shim>"
