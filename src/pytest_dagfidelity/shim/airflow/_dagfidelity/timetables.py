"""Schedule resolution: what timetable a version makes of ``schedule=`` and friends.

The class each schedule resolves to, and the parameters it carries, are read from
the version table (``schedules`` for DAG arguments, ``timetable_classes`` for
timetable objects a DAG file builds itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from . import errors, runtime
from .params import NOTSET, ArgNotSet

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class Timetable:
    """A resolved timetable: its real class path and its parameters (compiler surface)."""

    def __init__(self, classpath: str, params: dict[str, Any]) -> None:
        self.classpath = classpath
        self.params = params

    def __repr__(self) -> str:
        return f"<Timetable {self.classpath}>"


def _decode(value: Any, tz: Any) -> Any:
    if isinstance(value, dict) and "$tz" in value:
        return tz
    if isinstance(value, dict) and "$timedelta" in value:
        return dt.timedelta(seconds=value["$timedelta"])
    return value


def _from_template(entry: dict[str, Any], tz: Any, **overrides: Any) -> Timetable:
    params = dict(entry["params"])
    for key in _encoded_keys(entry):
        params[key] = _decode(params[key], tz)
    for key, value in overrides.items():
        if key in params:
            params[key] = value
    return Timetable(entry["classpath"], params)


def _encoded_keys(entry: dict[str, Any]) -> tuple[str, ...]:
    """The parameters of a measured schedule stored in a typed form (a zone, a duration), found
    once per entry: every DAG resolves its schedule from one of a few entries."""
    found = _ENCODED.get(id(entry))
    if found is None or found[0] is not entry:
        keys = tuple(k for k, v in entry["params"].items() if isinstance(v, dict))
        found = _ENCODED[id(entry)] = (entry, keys)
    return found[1]


_ENCODED: dict[int, tuple[dict[str, Any], tuple[str, ...]]] = {}  # id(entry) -> (entry, keys)


def _expression(expr: str) -> str:
    """A version's stored cron expression for ``expr`` (some versions expand presets)."""
    recorded = runtime.TARGET.schedule(expr)
    if recorded is not None and "expression" in recorded["params"]:
        return str(recorded["params"]["expression"])
    return expr


def _is_asset(value: Any) -> bool:
    from .assets import BaseAsset

    return isinstance(value, BaseAsset)


def resolve_schedule(kwargs: dict[str, Any], tz: Any) -> Any:
    target = runtime.TARGET
    value = kwargs.get("schedule", NOTSET)
    if target.major < 3:
        interval = kwargs.get("schedule_interval", NOTSET)
        timetable = kwargs.get("timetable")
        given = [
            n
            for n, v in (("schedule", value), ("schedule_interval", interval))
            if not isinstance(v, ArgNotSet)
        ]
        if timetable is not None:
            given.append("timetable")
        if len(given) > 1:
            raise ValueError(f"You can provide only one of {given}")  # Airflow 2 refuses mixing them
        if timetable is not None:
            value = timetable
        elif not isinstance(interval, ArgNotSet):
            value = interval
    return timetable_for(value, tz)


def timetable_for(value: Any, tz: Any) -> Any:
    target = runtime.TARGET
    if isinstance(value, Timetable):
        return value
    if isinstance(value, ArgNotSet):
        return _from_template(target.schedule("<unset>"), tz)  # type: ignore[arg-type]
    if value is None:
        return _from_template(target.schedule("None"), tz)  # type: ignore[arg-type]
    if isinstance(value, str):  # the usual schedule, and never an asset
        entry = target.schedule(value) or target.schedule("0 3 * * 1-5")
        if value in ("@once", "@continuous"):
            made = _from_template(entry, tz)  # type: ignore[arg-type]
        else:
            made = _from_template(entry, tz, expression=_expression(value))  # type: ignore[arg-type]
        made._schedule_string = value
        return made
    if _is_asset(value) or (isinstance(value, Collection) and value and all(map(_is_asset, value))):
        from .assets import all_of

        condition = value if _is_asset(value) else all_of(*value)
        return Timetable(target.schedule("<asset>")["classpath"], {"asset_condition": condition})  # type: ignore[index]
    if isinstance(value, dt.timedelta):
        return _from_template(target.schedule("timedelta"), tz, delta=value)  # type: ignore[arg-type]
    if type(value).__name__ == "relativedelta":
        return _from_template(target.schedule("relativedelta"), tz, delta=value)  # type: ignore[arg-type]
    raise errors.by_name("ValueError")(f"{type(value).__name__} is not a valid schedule")


def can_be_scheduled(timetable: Any) -> bool:
    """Airflow's ``Timetable.can_be_scheduled``: false only for no schedule (``NullTimetable``)."""
    inner = timetable.params.get("timetable")
    if isinstance(inner, Timetable) and "asset_condition" in timetable.params:  # assets or a time
        return can_be_scheduled(inner)
    return not timetable.classpath.endswith(".NullTimetable")


def validate_timetable(timetable: Any) -> None:
    """What a version's ``DAG.validate`` rejects, as measured for each schedule string."""
    raw = getattr(timetable, "_schedule_string", None)
    entry = runtime.TARGET.schedule(raw) if raw is not None else None
    if entry is not None and "validate_error" in entry:
        kind, message = entry["validate_error"]
        raise errors.by_name(kind)(message)


# --- timetable classes a DAG file constructs ------------------------------------------
# Real classes (a plugin may subclass them); the table gives each version's parameters.
def _user_entry(name: str, module: str) -> dict[str, Any]:
    """The measured parameters of timetable ``name`` as defined in ``module`` (or its sibling)."""
    table = runtime.TARGET.facts["timetable_classes"]
    entry = table.get(f"{module}:{name}")
    if entry is None:  # the shim's own class, or a user subclass: the nearest measured class
        candidates = [v for k, v in sorted(table.items()) if k.endswith(f":{name}") and "classpath" in v]
        entry = candidates[-1] if candidates else None
    if not entry or "classpath" not in entry:
        raise errors.unsupported(
            f"the timetable {name}", "use a schedule string, timedelta or a timetable the shim models"
        )
    return entry  # type: ignore[no-any-return]


class _UserTimetable(Timetable):
    _entry = ""

    def _measured(self) -> dict[str, Any]:
        module = next((k.__module__ for k in type(self).__mro__ if k.__qualname__ == self._entry), "")
        return _user_entry(self._entry, module)

    def __init__(self, tz: Any = None, **values: Any) -> None:
        made = _from_template(self._measured(), tz, **values)
        cls = type(self)
        own = cls.__module__.startswith("airflow._dagfidelity")  # built by the shim, not imported
        super().__init__(made.classpath if own else f"{cls.__module__}.{cls.__qualname__}", made.params)


class CronTriggerTimetable(_UserTimetable):
    _entry = "CronTriggerTimetable"

    def __init__(
        self, cron: str, *, timezone: Any = None, interval: Any = dt.timedelta(), run_immediately: Any = False
    ) -> None:
        tz = timezone if timezone is not None else "UTC"
        super().__init__(
            tz, expression=_expression(cron), timezone=tz, interval=interval, run_immediately=run_immediately
        )


class CronDataIntervalTimetable(_UserTimetable):
    _entry = "CronDataIntervalTimetable"

    def __init__(self, cron: str, timezone: Any = None) -> None:
        tz = timezone if timezone is not None else "UTC"
        super().__init__(tz, expression=_expression(cron), timezone=tz)


class DeltaDataIntervalTimetable(_UserTimetable):
    _entry = "DeltaDataIntervalTimetable"

    def __init__(self, delta: Any) -> None:
        super().__init__(None, delta=delta)


class DeltaTriggerTimetable(_UserTimetable):
    _entry = "DeltaTriggerTimetable"

    def __init__(self, delta: Any, *, interval: Any = dt.timedelta()) -> None:
        super().__init__(None, delta=delta, interval=interval)


class MultipleCronTriggerTimetable(_UserTimetable):
    _entry = "MultipleCronTriggerTimetable"

    def __init__(
        self, *crons: str, timezone: Any = None, interval: Any = dt.timedelta(), run_immediately: Any = False
    ) -> None:
        super().__init__(None)
        # Its parts are CronTriggerTimetables from the same module family as this class.
        entry = _user_entry("CronTriggerTimetable", type(self).__module__)
        tz = timezone if timezone is not None else "UTC"
        self.params = {
            "timetables": [
                _from_template(
                    entry,
                    tz,
                    expression=_expression(c),
                    timezone=tz,
                    interval=interval,
                    run_immediately=run_immediately,
                )
                for c in crons
            ]
        }


class EventsTimetable(_UserTimetable):
    _entry = "EventsTimetable"

    def __init__(
        self,
        event_dates: Any,
        restrict_to_events: bool = False,
        presorted: bool = False,
        description: Any = None,
    ) -> None:
        from .dates import convert_to_utc

        dates = [convert_to_utc(d) for d in event_dates]
        # The probe passed its dates out of order: the table shows whether this version sorts.
        recorded = [d["$datetime"] for d in self._measured()["params"]["event_dates"]]
        sorts = recorded == sorted(recorded)
        super().__init__(
            None,
            event_dates=sorted(dates) if sorts and not presorted else dates,
            restrict_to_events=restrict_to_events,
        )


class NullTimetable(_UserTimetable):
    _entry = "NullTimetable"


class OnceTimetable(_UserTimetable):
    _entry = "OnceTimetable"


class ContinuousTimetable(_UserTimetable):
    _entry = "ContinuousTimetable"


class AssetOrTimeSchedule(Timetable):
    def __init__(self, *, timetable: Timetable, assets: Any = None, datasets: Any = None) -> None:
        from .assets import all_of

        assets = datasets if assets is None else assets
        condition = assets if _is_asset(assets) else all_of(*assets)
        cls = type(self)
        # Some versions keep a deprecated alias whose constructor returns the new class.
        measured = runtime.TARGET.facts["timetable_classes"].get(f"{cls.__module__}:{cls.__qualname__}", {})
        classpath = measured.get("classpath") or f"{cls.__module__}.{cls.__qualname__}"
        super().__init__(classpath, {"asset_condition": condition, "timetable": timetable})


class DatasetOrTimeSchedule(AssetOrTimeSchedule):
    pass


# --- partitioned scheduling (3.2+) ----------------------------------------------------
class CronPartitionTimetable(_UserTimetable):
    _entry = "CronPartitionTimetable"

    def __init__(
        self,
        cron: str,
        *,
        timezone: Any,
        run_offset: Any = None,
        run_immediately: Any = False,
        key_format: str = r"%Y-%m-%dT%H:%M:%S",
    ) -> None:
        if not isinstance(run_offset, (int, type(None))):
            raise ValueError("Run offset other than integer not supported yet.")
        super().__init__(
            timezone, expression=_expression(cron), timezone=timezone, run_immediately=run_immediately
        )
        self.run_offset = run_offset
        self.key_format = key_format


class PartitionedAtRuntime(_UserTimetable):
    _entry = "PartitionedAtRuntime"


class PartitionedAssetTimetable(_UserTimetable):
    _entry = "PartitionedAssetTimetable"

    def __init__(
        self, *, assets: Any, partition_mapper_config: Any = None, default_partition_mapper: Any = None
    ) -> None:
        if not _is_asset(assets):
            raise TypeError("PartitionedAssetTimetable's assets must be an asset or an asset condition")
        super().__init__(None, asset_condition=assets)
        self.partition_mapper_config = dict(partition_mapper_config or {})
        self.default_partition_mapper = default_partition_mapper
