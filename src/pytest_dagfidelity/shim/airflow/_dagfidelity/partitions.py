"""Partitioned scheduling (Airflow 3.2+): partition timetables and partition mappers.

dag.json carries a partition timetable's class and its asset condition or cron fields, as it
does for other timetables; the mappers only say how partition keys line up at run time, so
the shim keeps them, and the windows and wait policies they take, as values (every class of
Airflow's ``partition_mappers`` package). One passed into a task's arguments is refused: its real
object state would be rendered there.
"""

from __future__ import annotations

import enum
from typing import Any

from . import errors


class Direction(str, enum.Enum):
    """``Window.Direction``: which way a window fans out from the upstream key."""

    BACKWARD = "backward"
    FORWARD = "forward"


class PartitionValue:
    _defined_at = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .signatures import bind

        bind(type(self).__name__, args, kwargs, self._defined_at)
        for value in (*args, *kwargs.values()):
            if isinstance(value, type) and issubclass(value, PartitionValue):
                raise TypeError(f"pass a {value.__name__}() instance, not the class")
        self.args = args
        self.kwargs = kwargs

    def __getattr__(self, name: str) -> Any:
        if name == "__dagfidelity_rendered__":
            raise errors.unsupported(
                f"the partition scheduling value {type(self).__name__} passed into a task's arguments",
                "use partition mappers in PartitionedAssetTimetable only, or parse this file with the "
                "airflow backend",
            )
        raise AttributeError(name)


def value_class(module: str, name: str) -> type[PartitionValue]:
    namespace: dict[str, Any] = {
        "__module__": module,
        "__qualname__": name,
        "_defined_at": f"{module}:{name}",
    }
    if name.endswith("Window"):  # Window and its subclasses
        namespace["Direction"] = Direction
    return type(name, (PartitionValue,), namespace)
