"""Schedule resolution: what timetable a version makes of ``schedule=`` and friends.

The class each schedule resolves to, and the parameters it carries, are read from
the version table (``schedules`` for DAG arguments, ``timetable_classes`` for
timetable objects a DAG file builds itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from . import errors, runtime
from .params import NOTSET, _NotSet


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
    params = {k: _decode(v, tz) for k, v in entry["params"].items()}
    for key, value in overrides.items():
        if key in params:
            params[key] = value
    return Timetable(entry["classpath"], params)


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
        given = [n for n, v in (("schedule", value), ("schedule_interval", interval)) if not isinstance(v, _NotSet)]
        if timetable is not None:
            given.append("timetable")
        if len(given) > 1:
            raise ValueError(f"You can provide only one of {given}")  # Airflow 2 refuses mixing them
        if timetable is not None:
            value = timetable
        elif not isinstance(interval, _NotSet):
            value = interval
    return timetable_for(value, tz)


def timetable_for(value: Any, tz: Any) -> Any:
    target = runtime.TARGET
    if isinstance(value, Timetable):
        return value
    if isinstance(value, _NotSet):
        return _from_template(target.schedule("<unset>"), tz)  # type: ignore[arg-type]
    if value is None:
        return _from_template(target.schedule("None"), tz)  # type: ignore[arg-type]
    if _is_asset(value) or (
        isinstance(value, Collection) and not isinstance(value, str) and value and all(map(_is_asset, value))
    ):
        from .assets import all_of

        condition = value if _is_asset(value) else all_of(*value)
        return Timetable(target.schedule("<asset>")["classpath"], {"asset_condition": condition})  # type: ignore[index]
    if isinstance(value, str):
        entry = target.schedule(value) or target.schedule("0 3 * * 1-5")
        if value in ("@once", "@continuous"):
            return _from_template(entry, tz)  # type: ignore[arg-type]
        return _from_template(entry, tz, expression=_expression(value))  # type: ignore[arg-type]
    if isinstance(value, dt.timedelta):
        return _from_template(target.schedule("timedelta"), tz, delta=value)  # type: ignore[arg-type]
    if type(value).__name__ == "relativedelta":
        return _from_template(target.schedule("relativedelta"), tz, delta=value)  # type: ignore[arg-type]
    raise errors.by_name("ValueError")(f"{type(value).__name__} is not a valid schedule")


def validate_timetable(timetable: Any) -> None:
    return None


# --- timetable classes a DAG file constructs ------------------------------------------
def _user_entry(name: str) -> dict[str, Any]:
    entry = runtime.TARGET.facts["timetable_classes"].get(name)
    if not entry or "classpath" not in entry:
        raise errors.unsupported(f"the timetable {name}", "use a schedule string, timedelta or a timetable the shim models")
    return entry  # type: ignore[no-any-return]


def _tz(value: Any) -> Any:
    return value if value is not None else "UTC"


def CronTriggerTimetable(cron: str, *, timezone: Any = None, interval: Any = dt.timedelta(), run_immediately: Any = False) -> Timetable:  # noqa: N802,E501
    return _from_template(_user_entry("CronTriggerTimetable"), _tz(timezone), expression=_expression(cron),
                          timezone=_tz(timezone), interval=interval, run_immediately=run_immediately)


def CronDataIntervalTimetable(cron: str, timezone: Any = None) -> Timetable:  # noqa: N802
    return _from_template(_user_entry("CronDataIntervalTimetable"), _tz(timezone), expression=_expression(cron),
                          timezone=_tz(timezone))


def DeltaDataIntervalTimetable(delta: Any) -> Timetable:  # noqa: N802
    return _from_template(_user_entry("DeltaDataIntervalTimetable"), None, delta=delta)


def DeltaTriggerTimetable(delta: Any, *, interval: Any = dt.timedelta()) -> Timetable:  # noqa: N802
    return _from_template(_user_entry("DeltaTriggerTimetable"), None, delta=delta, interval=interval)


def MultipleCronTriggerTimetable(*crons: str, timezone: Any = None, interval: Any = dt.timedelta(),  # noqa: N802
                                 run_immediately: Any = False) -> Timetable:
    entry = _user_entry("MultipleCronTriggerTimetable")
    inner = [CronTriggerTimetable(c, timezone=timezone, interval=interval, run_immediately=run_immediately)
             for c in crons]
    return Timetable(entry["classpath"], {"timetables": inner})


def EventsTimetable(event_dates: Any, restrict_to_events: bool = False, presorted: bool = False,  # noqa: N802
                    description: Any = None) -> Timetable:
    from .dates import convert_to_utc

    dates = sorted(convert_to_utc(d) for d in event_dates) if not presorted else list(event_dates)
    return _from_template(_user_entry("EventsTimetable"), None, event_dates=dates,
                          restrict_to_events=restrict_to_events)


def NullTimetable() -> Timetable:  # noqa: N802
    return _from_template(_user_entry("NullTimetable"), None)


def OnceTimetable() -> Timetable:  # noqa: N802
    return _from_template(_user_entry("OnceTimetable"), None)


def ContinuousTimetable() -> Timetable:  # noqa: N802
    return _from_template(_user_entry("ContinuousTimetable"), None)


def AssetOrTimeSchedule(*, timetable: Timetable, assets: Any) -> Timetable:  # noqa: N802
    from .assets import all_of

    condition = assets if _is_asset(assets) else all_of(*assets)
    entry = runtime.TARGET.facts["imports"]
    path = "airflow.sdk.definitions.timetables.assets.AssetOrTimeSchedule"
    for module in entry.values():
        target = module.get("names", {}).get("AssetOrTimeSchedule") or module.get("names", {}).get(
            "DatasetOrTimeSchedule"
        )
        if target:
            path = target.replace(":", ".")
            break
    return Timetable(path, {"asset_condition": condition, "timetable": timetable})


DatasetOrTimeSchedule = AssetOrTimeSchedule
