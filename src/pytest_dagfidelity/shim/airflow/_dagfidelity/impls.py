"""What the shim serves for each name the version table lists, keyed by its real qualname."""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable

from . import (
    asset_decorator,
    assets,
    config,
    dag,
    dates,
    enums,
    errors,
    graph,
    module_loading,
    notifier,
    objectstorage,
    params,
    retry_policy,
    taskflow,
    taskgroup,
    timetables,
    variables,
    xcom,
)
from .operators import BaseOperator, BaseSensorOperator, operator_class
from .timetables import Timetable

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


class _ParsingContext:
    dag_id = None
    task_id = None


def _get_parsing_context() -> _ParsingContext:
    return _ParsingContext()  # nothing is running while a DAG file is parsed


def _is_venv_installed() -> bool:
    # Airflow's own test, made where the file is parsed: the shim runs where Airflow would.
    import importlib.util
    import shutil

    return bool(shutil.which("virtualenv") or importlib.util.find_spec("virtualenv"))


def hookimpl(function: Any = None, **options: Any) -> Any:
    """``airflow.listeners.hookimpl``, pluggy's marker: it tags a listener function and returns it."""

    def mark(f: Any) -> Any:
        flags = ("wrapper", "hookwrapper", "optionalhook", "tryfirst", "trylast")
        f.airflow_impl = dict.fromkeys(flags, False)
        f.airflow_impl["specname"] = None
        f.airflow_impl.update(options)
        return f

    return mark if function is None else mark(function)


def _provide_session(func: Any) -> Any:
    """``airflow.utils.session.provide_session``: decorating is fine at parse time (the function
    runs in a task); Airflow checks the function takes a ``session`` argument."""
    import functools
    import inspect

    if "session" not in inspect.signature(func).parameters:
        raise ValueError(f"Function {func.__qualname__} has no `session` argument")

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _apply_defaults(func: Any) -> Any:
    """2.x ``airflow.utils.decorators.apply_defaults``: deprecated, it returns the function as is."""
    return func


def _days_ago(*args: Any, **kwargs: Any) -> Any:
    return dates.days_ago(*args, **kwargs)


# Bases a DAG file subclasses; served as the shim's own classes.
_BASES: dict[str, type] = {
    "BaseOperator": BaseOperator,
    "BaseSensorOperator": BaseSensorOperator,
}

IMPLS: dict[str, Any] = {
    "DAG": dag.DAG,
    "dag": dag.dag,
    "TaskGroup": taskgroup.TaskGroup,
    "task_group": taskgroup.task_group,
    "TaskDecoratorCollection()": taskflow.task,
    "task": taskflow.task,
    "setup": taskflow.setup,
    "teardown": taskflow.teardown,
    "setup_task": taskflow.setup,
    "teardown_task": taskflow.teardown,
    "Param": params.Param,
    "ParamsDict": params.ParamsDict,
    "Label": graph.Label,
    "EdgeModifier": graph.EdgeModifier,
    "chain": graph.chain,
    "chain_linear": graph.chain_linear,
    "cross_downstream": graph.cross_downstream,
    "TriggerRule": enums.TriggerRule,
    "WeightRule": enums.WeightRule,
    "XComArg": xcom.XComArg,
    "days_ago": _days_ago,
    "import_string": module_loading.import_string,
    "apply_defaults": _apply_defaults,
    "provide_session": _provide_session,
    "HookimplMarker()": hookimpl,
    "ObjectStoragePath": objectstorage.ObjectStoragePath,
    "asset": asset_decorator.asset,
    "AssetDefinition": asset_decorator.AssetDefinition,
    "AssetWatcher": assets.AssetWatcher,
    "AssetAccessControl": assets.AssetAccessControl,
    "AssetNameRef": assets.AssetNameRef,
    "AssetUriRef": assets.AssetUriRef,
    "RetryAction": retry_policy.RetryAction,
    "RetryRule": retry_policy.RetryRule,
    "RetryPolicy": retry_policy.RetryPolicy,
    "ExceptionRetryPolicy": retry_policy.ExceptionRetryPolicy,
    "RetryDecision": retry_policy.RetryDecision,
    "CronPartitionTimetable": timetables.CronPartitionTimetable,
    "PartitionedAtRuntime": timetables.PartitionedAtRuntime,
    "PartitionedAssetTimetable": timetables.PartitionedAssetTimetable,
    "AirflowConfigParser()": config.conf,
    "AirflowSDKConfigParser()": config.sdk_conf,
    "AirflowConfigException": config.AirflowConfigException,
    "get_parsing_context": _get_parsing_context,
    "is_venv_installed": _is_venv_installed,
    "WeekDay": enums.WeekDay,
    "BaseNotifier": notifier.BaseNotifier,
    "Variable": variables.Variable,
    "Connection": variables.Connection,
    "BaseHook": variables.BaseHook,
    "DagRunState": enums.DagRunState,
    "TaskInstanceState": enums.TaskInstanceState,
    "State": enums.State,
    "Asset": assets.Asset,
    "AssetAlias": assets.AssetAlias,
    "AssetAll": assets.AssetAll,
    "AssetAny": assets.AssetAny,
    "Dataset": assets.Dataset,
    "DatasetAlias": assets.DatasetAlias,
    "DatasetAll": assets.DatasetAll,
    "DatasetAny": assets.DatasetAny,
    "AirflowException": errors.AirflowException,
    "AirflowSkipException": errors.AirflowSkipException,
    "AirflowFailException": errors.AirflowFailException,
    "DuplicateTaskIdFound": errors.DuplicateTaskIdFound,
    "AirflowDagCycleException": errors.AirflowDagCycleException,
    "TaskDeferred": errors.TaskDeferred,
    "CronTriggerTimetable": timetables.CronTriggerTimetable,
    "CronDataIntervalTimetable": timetables.CronDataIntervalTimetable,
    "DeltaDataIntervalTimetable": timetables.DeltaDataIntervalTimetable,
    "DeltaTriggerTimetable": timetables.DeltaTriggerTimetable,
    "MultipleCronTriggerTimetable": timetables.MultipleCronTriggerTimetable,
    "EventsTimetable": timetables.EventsTimetable,
    "NullTimetable": timetables.NullTimetable,
    "OnceTimetable": timetables.OnceTimetable,
    "ContinuousTimetable": timetables.ContinuousTimetable,
    "AssetOrTimeSchedule": timetables.AssetOrTimeSchedule,
    "DatasetOrTimeSchedule": timetables.DatasetOrTimeSchedule,
}

# Where one name is defined differently by version, the implementation for a definition site.
IMPLS_AT: dict[str, Any] = {
    "airflow.sdk.definitions.asset:Dataset": assets.SdkDataset,
    "airflow.sdk.definitions.variable:Variable": variables.SdkVariable,
}

# Functions of Airflow's timezone modules (airflow.utils.timezone, airflow.sdk.timezone);
# matched with their module, since "datetime" alone is a common name.
_TIMEZONE_FUNCTIONS: dict[str, Any] = {
    "datetime": dates.aware_datetime,
    "convert_to_utc": dates.convert_to_utc,
}

# Classes dag.json renders by their class path and fields (not by a typed form of their own).
_RENDERED_WITH_CLASS_PATH = (retry_policy.RetryRule, retry_policy.RetryPolicy)

# Modelled because they are operators: any class the table says derives from BaseOperator.
_CACHE: dict[tuple[str, str], Any] = {}


def resolve(defined_at: str, exported_as: str, importing_module: str) -> Any:
    """The object for ``exported_as`` in ``importing_module``, defined at ``module:Qualname[()]``."""
    from . import runtime

    if exported_as in config.COMPUTED and importing_module == "airflow.configuration":
        return config.COMPUTED[exported_as]()  # a value Airflow computes from the environment
    key = (runtime.TARGET.minor, defined_at)
    if key in _CACHE:
        return _CACHE[key]
    module, qualname = defined_at.split(":")
    name = qualname.rsplit(".", 1)[-1]
    _check_redirect_target(module, name, importing_module, exported_as)
    if defined_at in IMPLS_AT:
        obj = IMPLS_AT[defined_at]
    elif module.split(".")[0] in sys.stdlib_module_names and not qualname.endswith("()"):
        # A standard-library name an Airflow module re-exports (airflow.utils.dates.datetime on 2.x).
        obj = _stdlib_object(module, qualname, importing_module, exported_as)
    elif not qualname:  # a module re-exported under a name (common.compat.sdk's timezone)
        import importlib

        obj = importlib.import_module(module)
    elif name in _TIMEZONE_FUNCTIONS and module.rsplit(".", 1)[-1] in ("timezone", "timezones"):
        obj = _TIMEZONE_FUNCTIONS[name]
    elif name == "TriggerRule":
        obj = enums.trigger_rule_enum()
    elif name in _BASES:
        obj = _BASES[name]
    elif ".partition_mappers." in f".{module}." and name[:1].isupper():
        from .partitions import value_class

        obj = value_class(module, name)
    elif defined_at in runtime.TARGET.facts.get("trigger_classes", {}):
        from .triggers import trigger_class

        obj = trigger_class(defined_at)
    elif runtime.TARGET.operator_params(defined_at) is not None:
        obj = operator_class(defined_at)
    elif name in IMPLS:
        impl = IMPLS[name]
        # Timetables, and classes dag.json renders by class path, carry their real path;
        # other classes stay the shim's own so isinstance checks in DAG files keep working.
        obj = (
            _specialise(impl, module, name)
            if isinstance(impl, type) and issubclass(impl, (Timetable, *_RENDERED_WITH_CLASS_PATH))
            else impl
        )
    else:
        from .inert import placeholder

        obj = placeholder(
            module, name.removesuffix("()"), name.endswith("()"), f"{importing_module}.{exported_as}"
        )
    _CACHE[key] = obj
    return obj


def _check_redirect_target(module: str, name: str, importing_module: str, exported_as: str) -> None:
    """A core module's name that Airflow redirects into a provider (``airflow.operators.hive_operator``
    on 2.x) fails at the import, as Airflow's deprecation redirect fails, where providers are
    installed here but not that one. Not cached: the provider may be installed between files."""
    from . import provider_source

    if (
        module.startswith("airflow.providers.")
        and not importing_module.startswith("airflow.providers.")
        and provider_source.providers_visible()
        and not provider_source.package_installed(module)
    ):
        raise ImportError(
            f"Could not import `{module}.{name}` while trying to import `{importing_module}.{exported_as}`."
        )


def _stdlib_object(module: str, qualname: str, importing_module: str, exported_as: str) -> Any:
    import importlib

    try:
        obj: Any = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):  # not reachable by that path (builtins:function)
        from .inert import placeholder

        return placeholder(module, qualname, False, f"{importing_module}.{exported_as}")
    return obj


def _specialise(impl: type, module: str, name: str) -> type:
    if impl.__module__ == module or issubclass(impl, enum.Enum):
        return impl
    meta: Callable[..., type] = type(impl)
    return meta(name, (impl,), {"__module__": module, "__qualname__": name, "__doc__": impl.__doc__})
