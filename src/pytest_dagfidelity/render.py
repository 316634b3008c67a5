"""Typed, stable JSON forms for the Python values a DAG carries.

Standard library only: this module runs inside both backend workers, including a
real Airflow venv that has never installed this package. Objects are recognised by
duck typing (class names and attributes), never by importing Airflow, so the shim's
objects and real Airflow's objects render identically.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

    JsonValue = Any  # JSON-compatible: None, bool, int, float, str, list, dict[str, ...]

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_MAX_DEPTH = 40
# Objects rendered by their state, per DAG file: a graph that shares sub-objects (each
# kubernetes model holds its client Configuration) grows exponentially with depth, and
# a parse must end with an answer, not at the time limit.
_MAX_OBJECTS = 20_000
# Python refuses to turn an int of more than 4,300 digits into text (sys.get_int_max_str_digits):
# neither dag.json nor a golden could hold it. 14,284 bits is the smallest such int's length.
_MAX_INT_BITS = 14_284


class RenderLimit(Exception):
    """A value the renderer cannot write to dag.json: a limit of the harness, not of the DAG.
    ``path`` is where the value sits (``dags.<id>.tasks.<id>.arguments.<name>...``)."""

    def __init__(self, what: str, path: tuple[str, ...] = ()) -> None:
        super().__init__(what)
        self.what, self.path = what, path

    def at(self, *outer: str) -> RenderLimit:
        return RenderLimit(self.what, (*outer, *self.path))

    def __str__(self) -> str:
        where = ".".join(self.path)
        return f"{self.what}, at {where}" if where else self.what


def _repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception as exc:  # noqa: BLE001 - a DAG's own __repr__ may fail in any way
        raise RenderLimit(
            f"repr() of a {class_path(value)} value raised {type(exc).__name__}: {exc}"
        ) from exc


def timedelta_seconds(value: dt.timedelta) -> int | float:
    seconds = value.total_seconds()
    return int(seconds) if seconds == int(seconds) else seconds


def tz_name(tz: Any) -> str | None:
    """Name of a tzinfo (pendulum, zoneinfo or fixed offset) as Airflow reports it."""
    if tz is None:
        return None
    for attr in ("name", "key"):
        name = getattr(tz, attr, None)
        if isinstance(name, str) and name:
            return name
    if isinstance(tz, dt.timezone):
        offset = tz.utcoffset(None)
        if offset == dt.timedelta(0):
            return "UTC"  # pendulum, as Airflow uses it, turns a zero offset into UTC
        total = int(offset.total_seconds())
        sign = "+" if total >= 0 else "-"
        hours, rem = divmod(abs(total), 3600)
        return f"{sign}{hours:02d}:{rem // 60:02d}"
    return str(tz)


# DagBag (and the shim) import a DAG file as "unusual_prefix_<sha1 of its absolute path>_<stem>";
# the hash differs per checkout, so dag.json names such modules after the file alone.
_DAG_MODULE = re.compile(r"\bunusual_prefix_[0-9a-f]{40}_")


def stable_path(dotted: str) -> str:
    return _DAG_MODULE.sub("", dotted)


def class_path(obj_or_cls: Any) -> str:
    cls = obj_or_cls if isinstance(obj_or_cls, type) else type(obj_or_cls)
    return stable_path(f"{cls.__module__}.{cls.__qualname__}")


def is_xcom_arg(value: Any) -> bool:
    return any(c.__name__ == "XComArg" for c in type(value).__mro__)


class Renderer:
    """Renders values relative to one DAG file (callables defined there lose their module)."""

    def __init__(self, dag_file: str | None) -> None:
        self.dag_file = dag_file
        self._objects = 0

    def callable_name(self, fn: Any) -> str:
        code = getattr(fn, "__code__", None)
        qualname = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__
        if code is not None and self.dag_file and code.co_filename == self.dag_file:
            return str(qualname)
        module = getattr(fn, "__module__", None)
        return stable_path(f"{module}.{qualname}") if module else str(qualname)

    def xcom(self, value: Any) -> JsonValue:
        name = type(value).__name__
        if name in ("PlainXComArg",):
            return {"$xcom": {"task_id": value.operator.task_id, "key": value.key}}
        if name == "MapXComArg":
            return {
                "$xcom_map": {
                    "arg": self.xcom(value.arg),
                    "callables": [self.callable_name(c) for c in value.callables],
                }
            }
        if name == "ZipXComArg":
            fill = getattr(value, "fillvalue", None)
            out: dict[str, Any] = {"args": [self.xcom(a) for a in value.args]}
            if fill is not None and type(fill).__name__ != "ArgNotSet":
                out["fillvalue"] = self.value(fill)
            return {"$xcom_zip": out}
        if name == "ConcatXComArg":
            return {"$xcom_concat": {"args": [self.xcom(a) for a in value.args]}}
        return {"$object": {"class": name, "repr": stable_path(_ADDRESS.sub("", _repr(value)))}}

    def value(self, value: Any, depth: int = 0) -> JsonValue:
        if depth > _MAX_DEPTH:
            return {"$object": {"class": class_path(value), "repr": "<too deep>"}}
        if value is None or isinstance(value, (bool, str)):
            return value
        kind = type(value)
        if kind is list:  # most of a task's values: an exact builtin is neither special nor an enum
            return [self.value_at(str(i), v, depth + 1) for i, v in enumerate(value)]
        if kind is not int and kind is not dt.timedelta:
            rendered = getattr(value, "__dagfidelity_rendered__", _NOT_SPECIAL)
            if rendered is not _NOT_SPECIAL:  # the shim's stand-in for a value it measured
                return rendered
            if isinstance(value, enum.Enum):
                return self.value(value.value, depth + 1)
        if isinstance(value, int):
            if value.bit_length() >= _MAX_INT_BITS:
                raise RenderLimit(
                    f"an int of {value.bit_length()} bits (more than 4,300 digits) cannot be written"
                )
            return value
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                return {"$float": repr(value)}
            return value
        if isinstance(value, dt.datetime):
            return {"$datetime": value.isoformat()}
        if isinstance(value, dt.date):
            return {"$date": value.isoformat()}
        if isinstance(value, dt.time):
            return {"$time": value.isoformat()}
        if isinstance(value, dt.timedelta):
            return {"$timedelta": timedelta_seconds(value)}
        if isinstance(value, (list, tuple)):
            return [self.value_at(str(i), v, depth + 1) for i, v in enumerate(value)]
        if isinstance(value, (set, frozenset)):
            items = [self.value_at("{}", v, depth + 1) for v in value]
            return {"$set": sorted(items, key=_sort_key)}
        if isinstance(value, Mapping) and not hasattr(value, "get_param"):
            return {_key(k): self.value_at(_key(k), v, depth + 1) for k, v in value.items()}
        special = self._special(value, depth)
        if special is not _NOT_SPECIAL:
            return special
        if callable(value) and hasattr(value, "__qualname__"):
            return {"$callable": self.callable_name(value)}
        return {"$object": {"class": class_path(value), "value": self._object_state(value, depth)}}

    def value_at(self, key: str, value: Any, depth: int = 0) -> JsonValue:
        """``value(value)``, a RenderLimit naming ``key`` as where it happened."""
        try:
            return self.value(value, depth)
        except RenderLimit as limit:
            raise limit.at(key) from None

    def _special(self, value: Any, depth: int) -> Any:
        name = type(value).__name__
        if is_xcom_arg(value):
            return self.xcom(value)
        if hasattr(value, "get_param"):  # ParamsDict
            return {k: self.param(value.get_param(k)) for k in value}
        if name == "Param" and hasattr(value, "schema"):
            return {"$param": self.param(value)}
        if name in ASSET_CLASSES or name in ASSET_CONDITIONS:
            return self.asset(value)
        if name == "relativedelta":
            fields = (
                "years months days hours minutes seconds microseconds "
                "year month day weekday hour minute second microsecond"
            ).split()
            rd = {f: self.value(getattr(value, f)) for f in fields if getattr(value, f, None)}
            return {"$relativedelta": rd}
        if name == "MappedArgument":
            return {"$mapped_argument": value._key}
        if name in ("DagParam",):
            return {"$dag_param": {"name": value._name, "default": self.value(value._default, depth + 1)}}
        if name in ("ArgNotSet", "NOTSET"):
            return {"$notset": True}
        if name in ("Label", "EdgeModifier"):
            return {"$label": value.label}
        if name in ("Weekday", "weekday") and hasattr(value, "weekday"):  # dateutil's MO..SU, FR(-1)
            return {"$weekday": {"weekday": value.weekday, "n": getattr(value, "n", None)}}
        if isinstance(value, type):
            return {"$class": class_path(value)}
        if isinstance(getattr(type(value), "openapi_types", None), dict) and callable(
            getattr(value, "to_dict", None)
        ):
            # An OpenAPI-generated model (the kubernetes client's V1Pod...): its fields are what
            # it declares, not its __dict__, which also holds the API client's configuration.
            state = value.to_dict()
            return {"$object": {"class": class_path(value), "value": self.value(state, depth + 1)}}
        return _NOT_SPECIAL

    def param(self, param: Any) -> JsonValue:
        raw = getattr(param, "value", None) if _param_has_value(param) else _NOTSET_MARK
        out: dict[str, Any] = {
            "value": {"$notset": True} if raw is _NOTSET_MARK else self.value(raw),
            "description": getattr(param, "description", None),
            "schema": self.value(dict(getattr(param, "schema", {}) or {})),
        }
        return out

    def asset(self, value: Any) -> JsonValue:
        name = type(value).__name__
        if name in ASSET_CONDITIONS:
            kind = "all" if name.endswith("All") else "any"
            objects = getattr(value, "objects", None)
            if objects is None:
                objects = getattr(value, "datasets", None) or getattr(value, "assets", [])
            return {"$" + kind: [self.asset(o) for o in objects]}
        out: dict[str, Any] = {"class": ASSET_CLASSES.get(name, name)}
        for attr in ("name", "uri", "group"):
            v = getattr(value, attr, None)
            if isinstance(v, str):
                out[attr] = v
        extra = getattr(value, "extra", None)
        if extra:
            out["extra"] = self.value(extra)
        return {"$asset": out}

    def _object_state(self, value: Any, depth: int) -> JsonValue:
        self._objects += 1
        if self._objects > _MAX_OBJECTS:
            raise RenderLimit(
                f"a {class_path(value)} value: more than {_MAX_OBJECTS:,} objects rendered by their"
                " state in one DAG file (an object graph too large for dag.json)"
            )
        state = getattr(value, "__dict__", None)
        if isinstance(state, dict) and state:
            return {
                _key(k): self.value_at(_key(k), v, depth + 1)
                for k, v in state.items()
                if not k.startswith("__") and (not callable(v) or hasattr(v, "__qualname__"))
            }
        return stable_path(_ADDRESS.sub("", _repr(value)))


def _param_has_value(param: Any) -> bool:
    has = getattr(param, "has_value", None)
    if isinstance(has, bool):
        return has
    raw = getattr(param, "value", None)
    return type(raw).__name__ != "ArgNotSet"


# Asset (3.x) and Dataset (2.x) are the same identity; render the class family so
# the two eras stay distinguishable but stable.
ASSET_CLASSES = {
    "Asset": "Asset",
    "Dataset": "Dataset",
    "AssetAlias": "AssetAlias",
    "DatasetAlias": "DatasetAlias",
    "Model": "Model",
    "AssetRef": "AssetRef",
    "AssetNameRef": "AssetNameRef",
    "AssetUriRef": "AssetUriRef",
    # What @asset makes: an Asset whose identity is the same three fields.
    "AssetDefinition": "AssetDefinition",
    # What Airflow 3.2+'s core timetables (airflow.timetables.assets.AssetOrTimeSchedule) turn
    # the SDK's assets into: the same identity, held in the serialized form.
    "SerializedAsset": "Asset",
    "SerializedAssetAlias": "AssetAlias",
    "SerializedAssetNameRef": "AssetNameRef",
    "SerializedAssetUriRef": "AssetUriRef",
}
ASSET_CONDITIONS = {
    "AssetAll",
    "AssetAny",
    "DatasetAll",
    "DatasetAny",
    "SerializedAssetAll",
    "SerializedAssetAny",
}

_NOT_SPECIAL = object()
_NOTSET_MARK = object()


def _key(key: Any) -> str:
    return key if isinstance(key, str) else repr(key)


def _sort_key(value: JsonValue) -> str:
    import json

    return json.dumps(value, sort_keys=True)
