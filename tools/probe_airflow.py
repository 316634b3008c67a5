"""Measure the facts the shim emulates, from a real Airflow venv, into the version table.

Run inside an Airflow venv (nox does: ``nox -s probe``):

    python tools/probe_airflow.py src/pytest_dagfidelity/shim/airflow/_dagfidelity/versions

It writes this version's row (``<folder>/<X.Y>.json``); every other version is left as is.
Nothing here is guessed: import paths, where each class is defined, default values,
signatures and schedule resolution are read off the running Airflow.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable
from importlib import metadata
from typing import Any

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="probe-home-"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "ERROR")
warnings.simplefilter("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

from pytest_dagfidelity.compile import TASK_FIELDS  # noqa: E402
from pytest_dagfidelity.render import Renderer, class_path  # noqa: E402
from pytest_dagfidelity.versions import _module as table_module  # noqa: E402
from pytest_dagfidelity.worker.airflow_adapter import TaskView, TimetableView  # noqa: E402
from pytest_dagfidelity.worker.airflow_adapter import signature_names as _signature_names  # noqa: E402

_STD_OPS = {
    "empty": ["EmptyOperator"],
    "bash": ["BashOperator"],
    "python": [
        "PythonOperator",
        "BranchPythonOperator",
        "ShortCircuitOperator",
        "PythonVirtualenvOperator",
        "ExternalPythonOperator",
        "BranchExternalPythonOperator",
        "BranchPythonVirtualenvOperator",
        "get_current_context",
    ],
    "trigger_dagrun": ["TriggerDagRunOperator"],
    "latest_only": ["LatestOnlyOperator"],
    "datetime": ["BranchDateTimeOperator"],
    "weekday": ["BranchDayOfWeekOperator"],
    "branch": ["BaseBranchOperator", "BranchMixIn"],
    "hitl": ["HITLOperator", "ApprovalOperator", "HITLBranchOperator", "HITLEntryOperator"],
}
_STD_SENSORS = {
    "external_task": ["ExternalTaskSensor", "ExternalTaskMarker"],
    "filesystem": ["FileSensor"],
    "time_delta": ["TimeDeltaSensor", "TimeDeltaSensorAsync", "WaitSensor"],
    "date_time": ["DateTimeSensor", "DateTimeSensorAsync"],
    "time": ["TimeSensor", "TimeSensorAsync"],
    "time_sensor": ["TimeSensor", "TimeSensorAsync"],
    "bash": ["BashSensor"],
    "python": ["PythonSensor"],
    "weekday": ["DayOfWeekSensor"],
}
_TIMETABLES = {
    "interval": ["CronDataIntervalTimetable", "DeltaDataIntervalTimetable"],
    "trigger": ["CronTriggerTimetable", "DeltaTriggerTimetable", "MultipleCronTriggerTimetable"],
    "simple": [
        "NullTimetable",
        "OnceTimetable",
        "ContinuousTimetable",
        "DatasetTriggeredTimetable",
        "AssetTriggeredTimetable",
    ],
    "events": ["EventsTimetable"],
    "datasets": ["DatasetOrTimeSchedule"],
    "assets": ["AssetOrTimeSchedule", "AssetTriggeredTimetable"],
}
_SDK = [
    "DAG",
    "dag",
    "task",
    "task_group",
    "setup",
    "teardown",
    "TaskGroup",
    "Asset",
    "AssetAlias",
    "AssetAll",
    "AssetAny",
    "AssetOrTimeSchedule",
    "Param",
    "ParamsDict",
    "Label",
    "EdgeModifier",
    "chain",
    "chain_linear",
    "cross_downstream",
    "BaseOperator",
    "BaseSensorOperator",
    "TriggerRule",
    "WeightRule",
    "XComArg",
    "Metadata",
    "get_current_context",
    "CronDataIntervalTimetable",
    "CronTriggerTimetable",
    "DeltaDataIntervalTimetable",
    "DeltaTriggerTimetable",
    "EventsTimetable",
    "MultipleCronTriggerTimetable",
    "PokeReturnValue",
    "Variable",
    "Connection",
    "BaseHook",
    "Context",
    "ObjectStoragePath",
    "BaseNotifier",
    "get_parsing_context",
    "BaseOperatorLink",
    "AssetWatcher",
]
CANDIDATES: dict[str, list[str]] = {
    "airflow": ["DAG", "Dataset", "XComArg", "Asset"],
    "airflow.models": ["DAG", "BaseOperator", "Param", "MappedOperator", "Variable", "Connection", "DagBag"],
    "airflow.models.dag": ["DAG", "dag"],
    "airflow.models.baseoperator": ["BaseOperator", "chain", "cross_downstream", "chain_linear"],
    "airflow.models.param": ["Param", "ParamsDict"],
    "airflow.models.xcom_arg": ["XComArg"],
    "airflow.models.variable": ["Variable"],
    "airflow.decorators": ["task", "dag", "task_group", "setup", "teardown"],
    "airflow.utils.task_group": ["TaskGroup"],
    "airflow.utils.edgemodifier": ["Label", "EdgeModifier"],
    "airflow.utils.trigger_rule": ["TriggerRule"],
    "airflow.utils.weight_rule": ["WeightRule"],
    "airflow.utils.dates": ["days_ago"],
    "airflow.utils.decorators": ["apply_defaults"],
    "airflow.utils.helpers": ["chain", "cross_downstream"],
    "airflow.utils.timezone": ["datetime", "utcnow"],
    "airflow.datasets": ["Dataset", "DatasetAlias", "DatasetAll", "DatasetAny"],
    "airflow.assets": ["Asset", "AssetAlias", "AssetAll", "AssetAny"],
    "airflow.exceptions": [
        "AirflowException",
        "AirflowSkipException",
        "AirflowFailException",
        "DuplicateTaskIdFound",
        "AirflowDagCycleException",
        "TaskDeferred",
    ],
    "airflow.sensors.base": ["BaseSensorOperator", "PokeReturnValue"],
    "airflow.sdk": _SDK,
    "airflow.sdk.definitions.asset": ["Asset", "AssetAlias", "AssetAll", "AssetAny", "AssetWatcher"],
    "airflow.providers.http.operators.http": ["HttpOperator", "SimpleHttpOperator"],
    "airflow.providers.http.sensors.http": ["HttpSensor"],
    "airflow.providers.common.sql.operators.sql": ["SQLExecuteQueryOperator"],
    "airflow.providers.standard.sensors.bash": ["BashSensor"],
    "airflow.operators.email": ["EmailOperator"],
    "airflow.operators.generic_transfer": ["GenericTransfer"],
    "airflow.operators.subdag": ["SubDagOperator"],
    "airflow.providers.smtp.operators.smtp": ["EmailOperator"],
    "airflow.operators.dummy": ["DummyOperator", "EmptyOperator"],
    "airflow.configuration": ["conf", "AIRFLOW_HOME"],
    "airflow.utils.session": ["provide_session", "create_session", "NEW_SESSION"],
    "airflow.sdk.exceptions": ["AirflowException", "AirflowSkipException", "AirflowFailException"],
    "airflow.utils.weekday": ["WeekDay"],
    "airflow.providers.standard.utils.weekday": ["WeekDay"],
    "airflow.datasets.metadata": ["Metadata"],
    "airflow.hooks.base": ["BaseHook"],
    "airflow.models.connection": ["Connection"],
    "airflow.plugins_manager": ["AirflowPlugin"],
    "airflow.utils.state": ["State", "TaskInstanceState", "DagRunState"],
    "airflow.sdk.definitions._internal.types": [],
    "airflow.utils.types": ["DagRunType"],
    "airflow.utils.context": ["Context", "get_current_context"],
    "airflow.operators.trigger_dagrun": ["TriggerDagRunOperator"],
    "airflow.utils.dag_parsing_context": ["get_parsing_context"],
    "airflow.sdk.definitions.context": ["get_parsing_context", "get_current_context", "Context"],
    "airflow.io.path": ["ObjectStoragePath"],
    "airflow.models.dagrun": ["DagRun"],
    "airflow.models.taskinstance": ["TaskInstance"],
    "airflow.notifications.basenotifier": ["BaseNotifier"],
    "airflow.timetables.base": ["Timetable", "DagRunInfo", "DataInterval", "TimeRestriction"],
    "airflow.macros": ["ds_add", "ds_format"],
    # Names DAG files use at parse time beyond the DAG API itself.
    "airflow.listeners": ["hookimpl"],
    "airflow.sdk.bases.notifier": ["BaseNotifier"],
    "airflow.sdk.io.path": ["ObjectStoragePath"],
    "airflow.sdk.timezone": ["datetime", "utc", "convert_to_utc", "make_aware"],
    "airflow.sdk.definitions.asset.decorators": [
        "asset",
        "AssetDefinition",
        "MultiAssetDefinition",
        "_AssetMainOperator",
    ],
    "airflow.providers.standard.triggers.file": [
        "FileTrigger",
        "FileDeleteTrigger",
        "DirectoryFileDeleteTrigger",
    ],
    # A re-export module of the common-compat provider: its names are lazy (module __getattr__),
    # so they are listed; its modules (timezone, io) are recorded as modules.
    "airflow.providers.common.compat.sdk": [
        *_SDK,
        "timezone",
        "io",
        "conf",
        "hookimpl",
        "DagRunState",
        "TaskInstanceState",
        "AirflowException",
        "AirflowSkipException",
        "AirflowFailException",
        "TaskDeferred",
        "RetryAction",
        "RetryRule",
        "RetryPolicy",
        "ExceptionRetryPolicy",
    ],
}
for mod, names in _STD_OPS.items():
    CANDIDATES[f"airflow.operators.{mod}"] = names
    CANDIDATES[f"airflow.providers.standard.operators.{mod}"] = names
for mod, names in _STD_SENSORS.items():
    CANDIDATES[f"airflow.sensors.{mod}"] = names
    CANDIDATES[f"airflow.providers.standard.sensors.{mod}"] = names
for mod, names in _TIMETABLES.items():
    CANDIDATES[f"airflow.timetables.{mod}"] = names


def probe_imports() -> dict[str, Any]:
    modules: dict[str, Any] = {}
    for mod, names in sorted(CANDIDATES.items()):
        try:
            module = importlib.import_module(mod)
        except Exception as exc:
            modules[mod] = {"missing": f"{type(exc).__name__}: {exc}"}
            continue
        modules[mod] = {"names": _exported(module, names)}
    return modules


def _served_by_getattr(module: Any) -> set[str]:
    """Names a module may serve through its own ``__getattr__`` (PEP 562) beyond what it binds:
    the identifiers its ``__getattr__`` compares ``name`` with (2.x ``airflow.models`` serves
    ``ImportError`` so) and the keys of the module-level tables it reads (``__lazy_imports``,
    ``_deprecated``). Candidates only: what ``getattr`` then answers is the fact. Airflow's
    ``getattr_with_deprecation`` redirects are read by ``_deprecated_names``."""
    import ast
    import textwrap
    from collections.abc import Mapping

    getter = vars(module).get("__getattr__")
    if not inspect.isfunction(getter) or getter.__module__ != module.__name__:
        return set()
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(getter)))
    except (OSError, TypeError, SyntaxError):
        return set()
    found: set[str] = set()
    scope = vars(module)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            table = scope.get(node.id)
            if isinstance(table, (Mapping, list, tuple, set, frozenset)):
                found.update(k for k in table if isinstance(k, str))
    return {n for n in found if n.isidentifier() and not n.startswith("__")}


def _exported(module: Any, names: Iterable[str]) -> dict[str, str]:
    """``name -> module:Qualname`` for ``names``, ``__all__``, what the module defines in airflow,
    what it re-exports from the standard library (``airflow.utils.dates.datetime`` on 2.x), and
    what its ``__getattr__`` serves."""
    exported = {}
    names = set(names) | _served_by_getattr(module)
    public = set(getattr(module, "__all__", None) or ())
    for name, value in vars(module).items():
        if name.startswith("_") or inspect.ismodule(value):
            continue
        defined = getattr(value, "__module__", None) or type(value).__module__
        if isinstance(defined, str) and (
            defined.startswith("airflow")
            or (
                defined.split(".")[0] in sys.stdlib_module_names
                and (inspect.isclass(value) or inspect.isfunction(value))
            )
        ):
            public.add(name)
    for name in sorted(names | public):
        try:
            obj = getattr(module, name)
            exported.update(_target(name, obj, name in names))
        except Exception:  # noqa: S112 - not served, or a lazy proxy that cannot be inspected here
            continue
    return exported


def _target(name: str, obj: Any, by_name: bool) -> dict[str, str]:
    """``{name: "module:Qualname"}`` for an exported object (``module:`` for a module re-exported
    by name, ``module:Type()`` for an instance); empty for a module not asked for."""
    if inspect.ismodule(obj):
        if by_name and obj.__name__.startswith("airflow."):
            return {name: f"{obj.__name__}:"}
        return {}
    if inspect.isclass(obj) or inspect.isfunction(obj):
        return {name: f"{obj.__module__}:{obj.__qualname__}"}
    return {name: f"{type(obj).__module__}:{type(obj).__qualname__}()"}


def _load(module: str, qualname: str) -> Any:
    """The object at ``module:qualname``, or None where this venv cannot import it (a deprecation
    redirect into a provider that is not installed here)."""
    try:
        return getattr(importlib.import_module(module), qualname.split(".")[-1], None)
    except ImportError:
        return None


def _deprecated_names(module: Any) -> list[str] | None:
    """The names a module serves through Airflow's deprecation redirect (``add_deprecated_classes``:
    ``airflow.operators.python_operator`` on 2.x, ``airflow.models.dataset`` ...), or None."""
    getter = vars(module).get("__getattr__")
    if not isinstance(getter, functools.partial) or getter.func.__name__ != "getattr_with_deprecation":
        return None
    redirects = getter.args[0] if getter.args else getter.keywords.get("imports", {})
    names = [n for n in redirects if n != "*"]
    if "*" in redirects:  # everything the target module has
        try:
            target = importlib.import_module(redirects["*"])
        except Exception:
            return names
        names += [n for n in _exported(target, ()) if n not in names]
    return names


def probe_reexports(imports: dict[str, Any], modules: list[str]) -> dict[str, Any]:
    """Every other module of the version, for the names it exposes that are objects the table
    already knows (``cross_downstream`` in ``airflow.sdk.bases.operator``, ``Dataset`` in 2.x's
    ``airflow.models.dataset``) or standard-library names. Marked ``partial``: the module's other
    names stay placeholders, as for a module the table lists without names."""
    known = {target for entry in imports.values() for target in entry.get("names", {}).values()}
    found: dict[str, Any] = {}
    for name in modules:
        if name in imports:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = importlib.import_module(name)
        except BaseException:  # noqa: BLE001, S112 - a module this venv cannot import lists nothing
            continue
        names = {}
        values = dict(vars(module))
        for attr in _served_by_getattr(module) - set(values):
            try:
                value = getattr(module, attr)
                if inspect.isclass(value) or inspect.isfunction(value):
                    values[attr] = value
            except Exception:  # noqa: BLE001, S112 - a candidate the module does not serve
                continue
        for attr, value in values.items():
            if attr.startswith("_") or not (inspect.isclass(value) or inspect.isfunction(value)):
                continue
            target = f"{value.__module__}:{value.__qualname__}"
            if target in known or (value.__module__ or "").split(".")[0] in sys.stdlib_module_names:
                names[attr] = target
        if names:
            found[name] = {"names": dict(sorted(names.items())), "partial": True}
    return found


def probe_deprecated(imports: dict[str, Any]) -> dict[str, Any]:
    """Entries for every module that redirects deprecated names, read after every package of
    airflow was imported (``list_modules``), so each virtual module is in ``sys.modules``."""
    found: dict[str, Any] = {}
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("airflow.") or name.startswith("airflow.providers.") or module is None:
            continue
        names = _deprecated_names(module)
        if names is None:
            continue
        entry = imports.get(name, {}).get("names", {})
        exported = _exported(module, [*names, *entry])
        # A redirect to a provider this venv lacks (airflow.hooks.postgres_hook on 2.x): its
        # target is still what the name is, where the provider is installed.
        getter = vars(module)["__getattr__"]
        redirects = getter.args[0] if getter.args else getter.keywords.get("imports", {})
        for missing in set(names) - set(exported):
            target = redirects.get(missing)
            if isinstance(target, str) and "." in target:
                exported[missing] = ":".join(target.rsplit(".", 1))
        if exported:
            found[name] = {"names": exported}
    return found


def list_modules() -> list[str]:
    """Every module of the installed airflow package (providers aside), read off the file system."""
    import airflow

    root = os.path.dirname(airflow.__file__)
    found = []
    # Airflow 3 ships the standard provider as part of its core: list it like the rest.
    standard = os.path.join(root, "providers", "standard")
    walks = [(root, table_module().UNLISTED_FOLDERS)]
    if os.path.isdir(standard):
        walks.append((standard, table_module().UNLISTED_FOLDERS - {"providers"}))
    for top, unlisted in walks:
        found.extend(_walk_modules(root, top, unlisted))
    # Packages that keep deprecated module paths alive register them in sys.modules when
    # imported (airflow.triggers.temporal on 3.x, say): they exist for DAG files too.
    for package in [m for m in found if os.path.isfile(os.path.join(root, *m.split(".")[1:], "__init__.py"))]:
        try:
            importlib.import_module(package)
        except BaseException:  # noqa: BLE001, S112 - a package that cannot import here lists nothing
            continue
    listed = set(found)
    for name in list(sys.modules):
        if name.startswith("airflow.") and name not in listed and not name.startswith("airflow.providers."):
            if name.split(".")[1] not in table_module().UNLISTED_FOLDERS:
                found.append(name)
    return sorted(set(found))


def probe_unbundled_providers() -> dict[str, str]:
    """The providers this row lists module by module that this Airflow does not depend on, by
    package and with the version measured: Airflow 3 requires the standard provider, Airflow 2
    leaves it to be installed apart. The shim serves their modules only where the provider is
    installed, and says ``No module named`` elsewhere, as Python does."""
    from packaging.requirements import Requirement  # Airflow depends on packaging

    required = {
        r.name
        for r in map(Requirement, metadata.requires("apache-airflow") or ())
        if "extra" not in str(r.marker)
    }
    found = {}
    try:
        standard = metadata.version("apache-airflow-providers-standard")
    except metadata.PackageNotFoundError:
        return found
    if "apache-airflow-providers-standard" not in required:
        found["airflow.providers.standard"] = standard
    return found


def _walk_modules(root: str, top: str, unlisted: frozenset[str]) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in unlisted)
        rel = os.path.relpath(folder, root)
        prefix = "airflow" if rel == "." else "airflow." + rel.replace(os.sep, ".")
        for f in files:
            if f.endswith(".py"):
                found.append(prefix if f == "__init__.py" else f"{prefix}.{f[:-3]}")
    return found


def signature_names(cls: type) -> list[str]:
    return sorted(_signature_names(cls))


def main(out_path: str) -> None:

    version = metadata.version("apache-airflow")
    minor = ".".join(version.split(".")[:2])
    imports = probe_imports()
    r = Renderer(None)

    def find(name: str) -> Any:
        for mod, entry in sorted(imports.items(), key=lambda kv: not kv[0].startswith("airflow.sdk")):
            if name in entry.get("names", {}):
                return getattr(importlib.import_module(mod), name)
        raise LookupError(name)

    DAG = find("DAG")
    Empty = find("EmptyOperator")
    BaseOperator = find("BaseOperator")
    facts: dict[str, Any] = {"airflow": version, "imports": imports, "modules": list_modules()}
    facts["unbundled_providers"] = probe_unbundled_providers()
    imports.update(probe_deprecated(imports))
    imports.update(probe_reexports(imports, facts["modules"]))

    try:
        DAG("probe_no_start")
        facts["dag_without_start_date"] = "accepted"
    except Exception as exc:
        facts["dag_without_start_date"] = f"{type(exc).__name__}: {exc}"
    start = dt.datetime(2024, 1, 1)
    dag = DAG("probe_defaults", start_date=start)
    facts["dag_defaults"] = {
        k: r.value(getattr(dag, k, None))
        for k in (
            "catchup",
            "max_active_runs",
            "max_active_tasks",
            "dagrun_timeout",
            "is_paused_upon_creation",
            "render_template_as_native_obj",
            "template_searchpath",
            "description",
            "max_consecutive_failed_dag_runs",
            "start_date",
            "end_date",
        )
    }
    facts["dag_defaults"]["timezone"] = getattr(dag.timezone, "name", str(dag.timezone))
    facts["dag_defaults"]["tags_type"] = type(dag.tags).__name__
    facts["dag_signature"] = sorted(inspect.signature(inspect.unwrap(DAG.__init__)).parameters)

    def tt(**kwargs: Any) -> Any:
        d = DAG("probe_tt", start_date=start, **kwargs)
        v = TimetableView(d.timetable, d)
        out = {
            "classpath": v.classpath,
            "params": {k: _render_tt(r, val) for k, val in v.params.items()},
            "catchup": d.catchup,
        }
        try:
            d.validate()
        except Exception as exc:  # noqa: BLE001 - e.g. a preset this version's cron parser rejects
            out["validate_error"] = [type(exc).__name__, str(exc)]
        return out

    sched = {"<unset>": tt()}
    key = "schedule"
    for s in [
        "@daily",
        "@hourly",
        "@weekly",
        "@monthly",
        "@yearly",
        "@annually",
        "@quarterly",
        "@once",
        "@continuous",
        None,
        "0 3 * * 1-5",
        "*/5 * * * *",
    ]:
        try:
            sched[str(s)] = tt(**{key: s}) if s != "@continuous" else tt(**{key: s, "max_active_runs": 1})
        except Exception as exc:
            sched[str(s)] = {"error": f"{type(exc).__name__}: {exc}"}
    sched["timedelta"] = tt(**{key: dt.timedelta(hours=6)})
    try:
        from dateutil.relativedelta import relativedelta

        sched["relativedelta"] = tt(**{key: relativedelta(months=1)})
    except Exception as exc:
        sched["relativedelta"] = {"error": f"{type(exc).__name__}: {exc}"}
    asset_cls = None
    for name in ("Asset", "Dataset"):
        try:
            asset_cls = find(name)
            break
        except LookupError:
            continue
    if asset_cls is not None:
        a, b = asset_cls("s3://bucket/a"), asset_cls("s3://bucket/b")
        sched["<asset>"] = tt(**{key: [a]})
        sched["<asset list>"] = tt(**{key: [a, b]})
        sched["<asset and>"] = tt(**{key: a & b})
        facts["asset_render"] = r.value(a)
    facts["schedules"] = sched
    user_tts: dict[str, Any] = {}
    ctor_args: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
        "CronTriggerTimetable": (("0 1 * * *",), {"timezone": "UTC"}),
        "CronDataIntervalTimetable": (("0 1 * * *",), {"timezone": "UTC"}),
        "DeltaDataIntervalTimetable": ((dt.timedelta(hours=1),), {}),
        "DeltaTriggerTimetable": ((dt.timedelta(hours=1),), {}),
        "MultipleCronTriggerTimetable": (("0 1 * * *", "0 2 * * *"), {"timezone": "UTC"}),
        "EventsTimetable": (
            (),
            {
                "event_dates": [
                    dt.datetime(2024, 3, 2, tzinfo=dt.timezone.utc),
                    dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc),
                ]
            },
        ),
        "NullTimetable": ((), {}),
        "OnceTimetable": ((), {}),
        "ContinuousTimetable": ((), {}),
        "CronPartitionTimetable": (("0 1 * * *",), {"timezone": "UTC"}),
        "PartitionedAtRuntime": ((), {}),
    }
    if asset_cls is not None:
        ctor_args["PartitionedAssetTimetable"] = ((), {"assets": asset_cls("s3://bucket/a")})
        cron_tt = find("CronTriggerTimetable")("0 1 * * *", timezone="UTC")
        for name, key in (("AssetOrTimeSchedule", "assets"), ("DatasetOrTimeSchedule", "datasets")):
            ctor_args[name] = ((), {"timetable": cron_tt, key: [asset_cls("s3://bucket/a")]})
    for entry in imports.values():
        for name, defined_at in entry.get("names", {}).items():
            if name not in ctor_args or defined_at in user_tts:
                continue
            args, kwargs = ctor_args[name]
            try:
                m, q = defined_at.split(":")
                obj = getattr(importlib.import_module(m), q)(*args, **kwargs)
                v = TimetableView(obj, None)
                user_tts[defined_at] = {
                    "classpath": v.classpath,
                    "params": {k: _render_tt(r, x) for k, x in v.params.items()},
                }
            except Exception as exc:
                user_tts[defined_at] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    facts["timetable_classes"] = user_tts
    try:
        DAG("probe_si", start_date=start, schedule_interval="@daily")
        facts["schedule_interval"] = "accepted"
    except Exception as exc:
        facts["schedule_interval"] = f"{type(exc).__name__}: {exc}"

    with DAG("probe_ops", start_date=start, default_args={"retries": 3, "not_a_param": 1}):
        op = Empty(task_id="e")
    view = TaskView(op)
    facts["task_defaults"] = {k: r.value(getattr(view, k)) for k in (*TASK_FIELDS, "is_setup", "is_teardown")}
    facts["task_defaults"]["retries"] = r.value(Empty(task_id="e2", dag=DAG("p2", start_date=start)).retries)
    facts["empty_init_kwargs"] = sorted(view.arguments)
    facts["base_operator_params"] = signature_names(BaseOperator)
    _BASE_PARAMS[:] = facts["base_operator_params"]
    sigs = {}
    tfields = {}
    text = {}
    for entry in imports.values():
        for target in entry.get("names", {}).values():
            if target.endswith("()"):
                continue
            m, q = target.split(":")
            obj = _load(m, q)
            if inspect.isclass(obj) and issubclass(obj, BaseOperator):
                sigs[target] = signature_names(obj)
                tfields[target] = sorted(getattr(obj, "template_fields", ()))
                text[target] = sorted(getattr(obj, "template_ext", ()) or ())
    facts["operator_params"] = sigs
    facts["operator_template_fields"] = tfields
    facts["operator_template_ext"] = text
    facts["operator_implicit_kwargs"] = probe_implicit_kwargs(DAG, start, sigs, r)
    facts["operator_required"] = dict(REQUIRED)
    facts["operator_listified_fields"] = {k: v for k, v in LISTIFIED.items() if v}
    facts["operator_reset_fields"] = {k: v for k, v in RESET.items() if v}
    facts["operator_forbidden_arguments"] = dict(FORBIDDEN)
    try:
        Notifier = find("BaseNotifier")

        class _ProbeNotifier(Notifier):
            def notify(self, context: Any) -> None:
                return None

        facts["notifier_state"] = r.value(dict(vars(_ProbeNotifier())))
    except Exception as exc:  # noqa: BLE001
        facts["notifier_state"] = {"$error": f"{type(exc).__name__}: {exc}"}

    def error_of(fn: Any) -> str:
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001
            return type(exc).__name__
        return "accepted"

    TriggerRule = find("TriggerRule")
    facts["trigger_rules"] = sorted(m.value for m in TriggerRule)
    aliases = {}
    with DAG("probe_tr", start_date=start):
        for i, rule in enumerate(("dummy", "none_failed_or_skipped")):
            try:
                aliases[rule] = str(
                    getattr(Empty(task_id=f"tr{i}", trigger_rule=rule).trigger_rule, "value", rule)
                )
            except Exception as exc:  # noqa: BLE001
                aliases[rule] = f"!{type(exc).__name__}"
    facts["trigger_rule_aliases"] = aliases

    Bash = find("BashOperator")
    Python = find("PythonOperator")
    TaskGroup = find("TaskGroup")
    chain = find("chain")

    def cross_dag() -> None:
        with DAG("probe_cross_a", start_date=start):
            a = Empty(task_id="a")
        with DAG("probe_cross_b", start_date=start):
            b = Empty(task_id="b")
        a >> b

    def chain_lengths() -> None:
        with DAG("probe_chain", start_date=start):
            chain([Empty(task_id="c1"), Empty(task_id="c2")], [Empty(task_id="c3")])

    def group_label_reuse() -> Any:
        with DAG("probe_groups", start_date=start):
            with TaskGroup("inner"):
                Empty(task_id="x")
            with TaskGroup("outer"):
                with TaskGroup("inner") as g:
                    Empty(task_id="y")
        return g.group_id

    try:
        facts["group_label_reuse"] = {"group_id": group_label_reuse()}
    except Exception as exc:  # noqa: BLE001
        facts["group_label_reuse"] = {"error": type(exc).__name__}

    with DAG("probe_errors", start_date=start):
        facts["errors"] = {
            "invalid_task_id": error_of(lambda: Empty(task_id="bad id!")),
            "long_task_id": error_of(lambda: Empty(task_id="x" * 251)),
            "positional_args": error_of(lambda: Empty("pos")),
            "unknown_kwarg": error_of(lambda: Empty(task_id="u", not_an_arg=1)),
            "invalid_trigger_rule": error_of(lambda: Empty(task_id="tr", trigger_rule="nope")),
            "invalid_dag_id": error_of(lambda: DAG("bad dag id!", start_date=start)),
            "missing_task_id": error_of(lambda: Empty()),
            "missing_required": error_of(lambda: Bash(task_id="nobash")),
            "not_callable": error_of(lambda: Python(task_id="nc", python_callable="nope")),
        }
    with DAG("probe_long_ids", start_date=start):
        with TaskGroup("g" * 200):
            # Label under the limit, full (prefixed) id over it: which of the two is validated.
            facts["errors"]["grouped_long_task_id"] = error_of(lambda: Empty(task_id="t" * 60))
    facts["errors"]["cross_dag_edge"] = error_of(cross_dag)
    facts["errors"]["chain_lengths"] = error_of(chain_lengths)

    with DAG("probe_map", start_date=start, default_args={"retries": 3, "not_a_param": 1}):
        mapped = Bash.partial(task_id="m").expand(bash_command=["a"])
    mv = TaskView(mapped)
    facts["mapped_partial_kwargs"] = {k: r.value(v) for k, v in mapped.partial_kwargs.items()}
    facts["unmappable_fields"] = probe_unmappable(DAG, Bash, BaseOperator, start)
    facts["task_executor_check"] = probe_task_executor_check()
    facts["mapped_task_fields"] = {
        k: r.value(getattr(mv, k)) for k in ("retry_exponential_backoff", "retries", "operator_name")
    }
    with DAG("probe_mapped_wfd", start_date=start):
        mapped_wfd = Bash.partial(task_id="w", wait_for_downstream=True).expand(bash_command=["a"])
    facts["mapped_task_fields"]["depends_on_past_from_wait_for_downstream"] = bool(mapped_wfd.depends_on_past)
    task = find("task")
    with DAG("probe_tf", start_date=start):

        @task
        def f(x: Any, y: Any = 1) -> Any:
            return x

        m2 = f.partial(y=2).expand(x=[1])
        plain = f(1)
    with DAG("probe_tf_da", start_date=start, default_args={"not_a_param": 1}):
        m3 = f.partial(y=2).expand(x=[1])
    with DAG("probe_classic_da", start_date=start, default_args={"bash_command": "x"}):
        m4 = Bash.partial(task_id="m4").expand(env=[{"a": "b"}])
        plain_bash = Bash(task_id="pb")
    facts["default_args_reach"] = {
        "mapped_taskflow_non_param": "not_a_param" in m3.operator.partial_kwargs,
        "mapped_classic_operator_param": "bash_command" in m4.partial_kwargs,
        "plain_operator_param": "bash_command" in plain_bash._BaseOperator__init_kwargs,
    }
    facts["mapped_taskflow_partial_kwargs"] = {k: r.value(v) for k, v in m2.operator.partial_kwargs.items()}
    facts["taskflow_init_kwargs"] = {
        k: r.value(v)
        for k, v in plain.operator._BaseOperator__init_kwargs.items()
        if k not in ("dag", "task_group")
    }

    facts["decorators"] = probe_decorators(DAG, task, start, r)
    facts["operator_consumed_kwargs"] = dict(sorted(CONSUMED.items()))
    facts["dag_module_stem"] = probe_dag_module_stem()
    facts["operator_pipe"] = probe_operator_pipe(DAG, Empty, start)
    facts["base_operator_arg_types"] = probe_base_arg_types(BaseOperator)
    facts["imported_with_airflow"] = probe_imported_with_airflow()
    facts["asset_decorator"] = probe_asset_decorator()
    facts["trigger_classes"] = probe_triggers(imports)
    facts["value_classes"] = probe_value_classes(imports)
    facts["asset_uri"] = probe_asset_uris()
    facts["config"] = probe_config("airflow.configuration")
    facts["sdk_config"] = probe_config("airflow.sdk.configuration")
    facts["config_renames"] = probe_config_renames("airflow.configuration")
    facts["sdk_config_renames"] = probe_config_renames("airflow.sdk.configuration")

    os.makedirs(out_path, exist_ok=True)
    row = os.path.join(out_path, f"{minor}.json")
    with open(row, "w") as fh:
        json.dump(facts, fh, indent=1, sort_keys=True)
        fh.write("\n")
    # The row's load cache, made from the JSON just written (the JSON stays the one source).
    table_module().write_cache(minor, out_path)
    print(f"probed Airflow {version} ({class_path(dag)}) into {row}")


_DUMMIES: dict[str, Any] = {
    "delta": dt.timedelta(hours=1),
    "target_time": dt.datetime(2024, 1, 1, 12, 0),
    "target_lower": dt.datetime(2024, 1, 1, 12, 0),
    "target_upper": dt.datetime(2024, 1, 1, 13, 0),
    "python_callable": print,
    "bash_command": "echo hi",
    "sql": "select 1",
    "week_day": "Monday",
    "python": "/usr/bin/python3",
    "requirements": [],
    "follow_task_ids_if_true": "a",
    "follow_task_ids_if_false": "b",
    "moment": dt.datetime(2024, 1, 1, 12, 0),
}


def probe_unmappable(DAG: Any, Bash: type, BaseOperator: type, start: Any) -> list[str]:
    """The base fields ``partial()`` fills in by itself (in a DAG without ``default_args``), so that
    ``expand`` refuses to map them: "unmappable or already specified"."""
    refused = []
    for name in signature_names(BaseOperator):
        with DAG(f"probe_unmappable_{name}", start_date=start):
            try:
                Bash.partial(task_id="u", bash_command="x").expand(**{name: [1]})
            except Exception as exc:
                if "unmappable or already specified" in str(exc):
                    refused.append(name)
    return sorted(refused)


def probe_task_executor_check() -> dict[str, Any]:
    """Whether a DagBag refuses a task whose ``executor`` is not configured (``validated``), and
    the core executor names the ``[core] executor`` option may give, with their module paths."""
    validated = False
    for name in ("airflow.dag_processing.dagbag", "airflow.models.dagbag"):
        try:
            validated |= hasattr(importlib.import_module(name), "_validate_executor_fields")
        except ImportError:
            continue
    from airflow.executors.executor_loader import ExecutorLoader

    core = getattr(importlib.import_module("airflow.executors.executor_constants"), "CORE_EXECUTOR_NAMES", ())
    known = ExecutorLoader.executors  # a core name without a module here (MockExecutor) loads nothing
    return {"validated": validated, "core": {n: known[n] for n in sorted(core) if n in known}}


def _callable() -> None:
    return None


_DUMMIES["python_callable"] = _callable
_ALTERNATIVES: dict[str, Any] = {"target_time": dt.time(12, 0)}


REQUIRED: dict[str, list[str]] = {}
RESET: dict[str, dict[str, Any]] = {}
# Base-operator arguments a subclass's constructor may take over (HITLOperator moves
# execution_timeout to its response timeout): each is passed, and what the task keeps is read.
_RESET_PROBES: dict[str, Any] = {"execution_timeout": dt.timedelta(hours=1)}


def _reset_fields(DAG: Any, start: Any, cls: type, passed: dict[str, Any], r: Renderer) -> dict[str, Any]:
    """What the task keeps of each probed base field, and which of the class's own arguments,
    given the same value, make it keep the field (HITLOperator: ``response_timeout``)."""

    def build(kwargs: dict[str, Any]) -> Any:
        try:
            with DAG(f"probe_reset_{cls.__name__}", start_date=start):
                return cls(task_id="t", **kwargs)
        except BaseException:  # noqa: BLE001 - the class refuses the argument
            return None

    out = {}
    own = sorted(set(signature_names(cls)) - set(_BASE_PARAMS) - set(passed))
    for field, value in _RESET_PROBES.items():
        op = build({**passed, field: value})
        if op is None or getattr(op, field, value) == value:
            continue
        unless = []
        for name in own:
            other = build({**passed, field: value, name: value})
            if other is not None and getattr(other, field, None) == value:
                unless.append(name)
        out[field] = {"value": r.value(getattr(op, field)), "unless": unless}
    return out


_BASE_PARAMS: list[str] = []  # the version's BaseOperator signature (set by main)


LISTIFIED: dict[str, list[str]] = {}


def _listified_fields(DAG: Any, start: Any, cls: type, passed: dict[str, Any]) -> list[str]:
    """Template fields the operator turns from a string into a list in its constructor."""
    found = []
    for field in getattr(cls, "template_fields", ()):
        try:
            with DAG(f"probe_listified_{cls.__name__}_{field}", start_date=start):
                op = cls(task_id="t", **{**passed, field: "probe.txt"})
        except BaseException:  # noqa: BLE001, S112 - a field that takes no string
            continue
        if isinstance(getattr(op, field, None), list):
            found.append(field)
    return sorted(found)  # template_fields may be a set: its order differs between runs


def _fewest_arguments(DAG: Any, start: Any, cls: type, passed: dict[str, Any], target: str) -> dict[str, Any]:
    """``passed`` without what the class fills in itself or refuses (a subclass may supply, or
    forbid, an argument its base requires: HITLEntryOperator's and ApprovalOperator's options).
    An argument refused is recorded in ``FORBIDDEN`` with the error it raises."""

    def attempt(kwargs: dict[str, Any]) -> BaseException | None:
        try:
            with DAG(f"probe_required_{cls.__name__}", start_date=start):
                cls(task_id="t", **kwargs)
        except BaseException as exc:  # noqa: BLE001
            return exc
        return None

    failure = attempt(passed)
    if failure is not None:
        for name in sorted(passed):
            fewer = {k: v for k, v in passed.items() if k != name}
            if attempt(fewer) is None:
                FORBIDDEN.setdefault(target, {})[name] = [type(failure).__name__, str(failure)]
                passed = fewer
                break
    for name in sorted(passed):
        fewer = {k: v for k, v in passed.items() if k != name}
        if attempt(fewer) is None:
            passed = fewer
    return passed


FORBIDDEN: dict[str, dict[str, list[str]]] = {}
CONSUMED: dict[str, dict[str, list[bool]]] = {}


def probe_implicit_kwargs(DAG: Any, start: Any, sigs: dict[str, Any], r: Renderer) -> dict[str, Any]:
    """Kwargs an operator's own class chain records beyond what the caller passed."""
    out: dict[str, Any] = {}
    REQUIRED.clear()
    LISTIFIED.clear()
    RESET.clear()
    FORBIDDEN.clear()
    CONSUMED.clear()
    for target in sorted(sigs):
        module, qualname = target.split(":")
        cls = getattr(importlib.import_module(module), qualname.split(".")[-1], None)
        if cls is None or inspect.isabstract(cls) or qualname.startswith(("Base", "_")):
            continue
        required = set()
        for klass in cls.__mro__:
            init = klass.__dict__.get("__init__")
            if init is None:
                continue
            for p in inspect.signature(inspect.unwrap(init)).parameters.values():
                if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty:
                    required.add(p.name)
        required -= {"self", "task_id"}
        REQUIRED[target] = sorted(required)
        result: dict[str, Any] = {}
        # Known dummies first, then their alternatives, then a mapping for every argument no
        # dummy names (SQLColumnCheckOperator's column_mapping is read as a dict while built).
        for alternative in (0, 1, 2):
            unknown: Any = {} if alternative == 2 else "x"
            passed = {
                name: (_ALTERNATIVES if alternative else _DUMMIES).get(name, _DUMMIES.get(name, unknown))
                for name in sorted(required)
            }
            try:
                passed = _fewest_arguments(DAG, start, cls, passed, target)
                REQUIRED[target] = sorted(passed)
                with DAG(f"probe_implicit_{qualname}_{alternative}", start_date=start):
                    op = cls(task_id="t", **passed)
                recorded = op._BaseOperator__init_kwargs
                LISTIFIED[target] = _listified_fields(DAG, start, cls, passed)
                RESET[target] = _reset_fields(DAG, start, cls, passed, r)

                def build(extra: dict[str, Any], cls: Any = cls, passed: dict[str, Any] = passed) -> Any:
                    with DAG("probe_consumed", start_date=start):
                        return cls(task_id="t", **passed, **extra)

                CONSUMED[target] = probe_consumed_kwargs(build, cls)
                result = {
                    k: r.value(v)
                    for k, v in sorted(recorded.items())
                    if k not in passed and k not in ("task_id", "dag", "task_group")
                }
                break
            except BaseException as exc:  # noqa: BLE001
                result = {"$error": f"{type(exc).__name__}: {exc}"[:200]}
        out[target] = result
    return out


def _kwargs_read_in_init(cls: type) -> list[str]:
    """Names an ``__init__`` of the class chain reads out of ``**kwargs`` (``kwargs.pop("x")``,
    ``kwargs.get("x")``) beyond its signature: deprecated arguments a version still takes,
    such as 2.x ``PythonOperator``'s ``provide_context``."""
    import ast
    import textwrap

    found: set[str] = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None or not (getattr(klass, "__module__", "") or "").startswith("airflow"):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(init))))
        except (OSError, TypeError, SyntaxError):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("pop", "get")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "kwargs"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    # Private flags (``_airflow_mapped_validation_only``) are Airflow's own plumbing, not arguments.
    return sorted(n for n in found - set(_signature_names(cls)) if not n.startswith("_"))


def probe_consumed_kwargs(build: Callable[[dict[str, Any]], Any], cls: type) -> dict[str, list[bool]]:
    """For each argument ``cls`` reads out of ``**kwargs``: which of True / False it accepts."""
    out: dict[str, list[bool]] = {}
    for name in _kwargs_read_in_init(cls):
        accepted = []
        for value in (True, False):
            try:
                build({name: value})
                accepted.append(value)
            except BaseException:  # noqa: BLE001, S112 - refused: not accepted
                continue
        if accepted:
            out[name] = accepted
    return out


def probe_imported_with_airflow() -> list[str]:
    """The submodules loaded once a DagBag has parsed a file, in a fresh interpreter: a DAG file
    that only imports ``airflow`` reaches exactly these as attributes
    (``airflow.utils.dates.days_ago``), as it does in a DAG processor."""
    import subprocess

    code = """
import json, os, sys, tempfile
import airflow
try:
    from airflow.dag_processing.dagbag import DagBag
except ImportError:
    from airflow.models.dagbag import DagBag
folder = tempfile.mkdtemp()
with open(os.path.join(folder, "probe_dag.py"), "w") as fh:
    fh.write("from airflow import DAG\\nDAG('probe_loaded', schedule=None)\\n")
try:
    DagBag(dag_folder=folder, include_examples=False)
except TypeError:
    DagBag(dag_folder=folder)
loaded = [m for m in sys.modules if m.startswith('airflow.') and not m.startswith('airflow.providers.')]
print(json.dumps(sorted(loaded)))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def probe_base_arg_types(BaseOperator: Any) -> dict[str, Any]:  # noqa: N803
    """The types BaseOperator checks its fields against once built (``validate_instance_args``
    with ``BASEOPERATOR_ARGS_EXPECTED_TYPES``): each as importable dotted names, and the text
    the error shows."""
    expected = getattr(sys.modules[BaseOperator.__module__], "BASEOPERATOR_ARGS_EXPECTED_TYPES", None) or {}

    def dotted(t: Any) -> str:
        name = getattr(t, "_name", None) if t.__module__ == "typing" else None
        return f"{t.__module__}.{name or t.__qualname__}"

    out = {}
    for arg, types in sorted(expected.items()):
        group = types if isinstance(types, tuple) else (types,)
        out[arg] = {"types": [dotted(t) for t in group], "text": str(types)}
    return out


def probe_operator_pipe(DAG: Any, Empty: Any, start: Any) -> dict[str, Any]:  # noqa: N803
    """``a | b`` between operators (2.x lineage: ``b`` takes ``a``'s task id as an inlet and runs
    after it; refused when ``a`` has no outlets). Empty where the version has no such operator."""
    out: dict[str, Any] = {}
    with DAG("probe_pipe", start_date=start):
        a, b = Empty(task_id="a"), Empty(task_id="b")
        try:
            a | b
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, TypeError) and "unsupported operand" in str(exc):
                return {}
            out["without_outlets"] = [type(exc).__name__, str(exc)]
        c, d = Empty(task_id="c", outlets=["x"]), Empty(task_id="d")
        c | d
        out["inlets"] = [str(i) for i in d.inlets]
        out["downstream"] = sorted(c.downstream_task_ids)
    return out


def probe_dag_module_stem() -> dict[str, str]:
    """The module name DagBag gives a DAG file whose name is not an identifier, after its unique
    prefix: classes defined in the file carry it in their class path (2.10 turns ``.``/``-`` into
    ``_``, 2.9 keeps them)."""
    import re

    from airflow.utils.file import get_unique_dag_module_name

    out = {}
    for stem in ("my-dags.v2", "plain"):
        name = get_unique_dag_module_name(f"/dags/{stem}.py")
        out[stem] = re.sub(r"^unusual_prefix_[0-9a-f]{40}_", "", name)
    return out


def probe_decorators(DAG: Any, task: Any, start: Any, r: Renderer) -> dict[str, Any]:
    """Class, operator name, signature and recorded kwargs of each ``@task.<kind>`` operator."""
    out: dict[str, Any] = {}
    for kind in (
        "python",
        "bash",
        "branch",
        "short_circuit",
        "sensor",
        "virtualenv",
        "external_python",
        "branch_virtualenv",
        "branch_external_python",
        "docker",
        "kubernetes",
        "pyspark",
    ):
        entry: dict[str, Any] = {}
        try:
            decorator = task if kind == "python" else getattr(task, kind)
            kwargs = {"python": "/usr/bin/python3"} if "external" in kind else {}
            with DAG(f"probe_deco_{kind}", start_date=start):

                def f(x: Any = 1) -> Any:
                    return x

                xarg = decorator(**kwargs)(f)(1) if kwargs else decorator(f)(1)
            op = xarg.operator
            entry = {
                "class": f"{type(op).__module__}:{type(op).__qualname__}",
                "operator_name": op.operator_name,
                "params": signature_names(type(op)),
                "template_fields": sorted(getattr(op, "template_fields", ())),
                "init_kwargs": {
                    k: r.value(v)
                    for k, v in op._BaseOperator__init_kwargs.items()
                    if k not in ("dag", "task_group", "python_callable") and not (k == "kwargs_to_upstream")
                },
                "multiple_outputs": r.value(getattr(op, "multiple_outputs", None)),
            }

            def build(
                extra: dict[str, Any], decorator: Any = decorator, kwargs: dict[str, Any] = kwargs
            ) -> Any:
                with DAG("probe_deco_consumed", start_date=start):
                    return decorator(**kwargs, **extra)(f)(1)

            consumed = probe_consumed_kwargs(build, type(op))
            if consumed:
                CONSUMED[entry["class"]] = consumed
        except BaseException as exc:  # noqa: BLE001 - a decorator a version lacks is a fact too
            entry = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        out[kind] = entry
    return out


def probe_triggers(imports: dict[str, Any]) -> dict[str, Any]:
    """Trigger classes the table exports: their constructor parameters, and whether an
    ``AssetWatcher`` accepts them (event triggers)."""
    try:
        from airflow.triggers.base import BaseTrigger
    except ImportError:
        return {}
    try:
        from airflow.triggers.base import BaseEventTrigger
    except ImportError:
        BaseEventTrigger = None  # noqa: N806 - Airflow 2.9 has none
    out: dict[str, Any] = {}
    for entry in imports.values():
        for target in entry.get("names", {}).values():
            if target.endswith("()") or target in out:
                continue
            module, qualname = target.split(":")
            if not qualname:
                continue
            cls = _load(module, qualname)
            if inspect.isclass(cls) and issubclass(cls, BaseTrigger):
                init = inspect.signature(inspect.unwrap(cls.__init__)).parameters.values()
                out[target] = {
                    "event": bool(BaseEventTrigger and issubclass(cls, BaseEventTrigger)),
                    "params": signature_names(cls),
                    "positional": [p.name for p in init if p.kind == p.POSITIONAL_OR_KEYWORD][1:],
                }
    return out


# Classes a DAG file builds as plain values at parse time: the shim checks its calls against
# their signatures, as Python checks them against the real ones.
_VALUE_CLASSES = ("Asset", "AssetWatcher", "AssetAccessControl", "asset", "RetryRule", "ExceptionRetryPolicy")


def probe_value_classes(imports: dict[str, Any]) -> dict[str, Any]:
    kinds = inspect.Parameter
    out: dict[str, Any] = {}
    for entry in imports.values():
        for target in entry.get("names", {}).values():
            module, qualname = target.split(":")
            if target.endswith("()") or not qualname or target in out:
                continue
            if ".partition_mappers." not in f".{module}." and qualname not in _VALUE_CLASSES:
                continue
            cls = _load(module, qualname)
            try:
                params = list(inspect.signature(cls).parameters.values()) if inspect.isclass(cls) else None
            except (TypeError, ValueError):
                params = None
            if params is None:
                continue
            named = [p for p in params if p.kind in (kinds.POSITIONAL_OR_KEYWORD, kinds.KEYWORD_ONLY)]
            out[target] = {
                "params": sorted(p.name for p in named),
                "positional": [p.name for p in params if p.kind == kinds.POSITIONAL_OR_KEYWORD],
                "required": sorted(p.name for p in named if p.default is p.empty),
                "var_positional": any(p.kind == kinds.VAR_POSITIONAL for p in params),
                "var_keyword": any(p.kind == kinds.VAR_KEYWORD for p in params),
            }
    return out


# URIs (and names) an Asset or Dataset is given, chosen to show each step of Airflow's URI
# sanitising: scheme case, trailing slashes, query order, fragment, user info, reserved and
# private schemes, empty and non-ASCII values.
ASSET_URI_SAMPLES = (
    "s3://b",
    "S3://b/k/",
    "s3://b/k?b=2&a=1#frag",
    "s3://user:pw@b/k",
    "s3://user@b/k",
    "gs://b//",
    "file:///tmp/x/",
    "file://tmp/x",
    "postgres://h:5432/db",
    "http://h:80/p/",
    "x-custom://a/",
    "airflow://reserved",
    "plain_name",
    "relative/path/",
    " s3://b/k ",
    "",
    " ",
    "s3://bücket/k",
)
ASSET_NAME_SAMPLES = ("self", "context", " ", "", "ünïcode")


def probe_asset_uris() -> dict[str, Any]:
    """What each sample URI and name becomes (or the error it raises), and which schemes have a
    provider's URI normalizer."""
    try:
        from airflow.sdk import Asset as Identity
    except ImportError:
        from airflow.datasets import Dataset as Identity  # type: ignore[no-redef]

    def outcome(**kwargs: Any) -> Any:
        try:
            made = Identity(**kwargs)
        except Exception as exc:  # noqa: BLE001 - the error is the fact
            return {"$error": type(exc).__name__}
        return {"name": getattr(made, "name", None), "uri": made.uri}

    try:
        from airflow.providers_manager import ProvidersManager

        manager = ProvidersManager()
        handlers = getattr(manager, "asset_uri_handlers", None)
        if handlers is None:
            handlers = getattr(manager, "dataset_uri_handlers", {})
        schemes = sorted(handlers)
    except Exception as exc:  # noqa: BLE001
        schemes = [f"$error: {type(exc).__name__}"]
    named = "name" in inspect.signature(Identity).parameters
    return {
        "normalizer_schemes": schemes,
        "uris": {u: outcome(uri=u) for u in ASSET_URI_SAMPLES},
        "names": {n: outcome(name=n, uri="s3://b/k") for n in ASSET_NAME_SAMPLES} if named else {},
    }


def probe_asset_fn(self: Any, context: Any, outlet_events: Any, upstream: Any, optional: Any = 1) -> None:
    """What ``probe_asset_decorator`` decorates (``@asset`` refuses nested functions)."""
    return None


def probe_asset_decorator() -> dict[str, Any]:
    """The DAG and task ``@asset`` builds: which parameters become inlets, what names the task."""
    try:
        from airflow.sdk import asset
        from airflow.sdk.definitions._internal.contextmanager import DagContext
    except Exception as exc:  # noqa: BLE001 - Airflow 2 has no @asset
        return {"error": f"{type(exc).__name__}: {exc}"}
    DagContext.current_autoregister_module_name = __name__
    try:
        asset(name="probe_asset_name", schedule=None)(probe_asset_fn)
        dag = next(d for d, _ in DagContext.autoregistered_dags if d.dag_id == "probe_asset_name")
    finally:
        DagContext.current_autoregister_module_name = None
    task = dag.tasks[0]
    recorded = task._BaseOperator__init_kwargs
    out: dict[str, Any] = {
        "operator": f"{type(task).__module__}:{type(task).__qualname__}",
        "task_id": task.task_id,
        "definition_name": recorded.get("definition_name"),
        "inlets": [getattr(i, "name", None) for i in task.inlets],
        "arguments": sorted(k for k in recorded if k not in ("dag", "task_group")),
        "catchup": dag.catchup,
    }
    out.update(_probe_asset_variants(asset, DagContext))
    return out


def probe_asset_over_task_fn() -> None:
    return None


def probe_asset_multi_fn() -> None:
    return None


def _probe_asset_variants(asset: Any, DagContext: Any) -> dict[str, Any]:  # noqa: N803
    """``@asset`` over ``@task``: is the TaskFlow task kept (``"task"``) or wrapped in the asset's
    own operator (``"main"``, 3.0)? And does ``@asset.multi``'s result carry a ``name``?"""
    from airflow.sdk import Asset, task

    out: dict[str, Any] = {}
    DagContext.current_autoregister_module_name = __name__
    try:
        asset(name="probe_asset_over_task", schedule=None)(task(probe_asset_over_task_fn))
        dag = next(d for d, _ in DagContext.autoregistered_dags if d.dag_id == "probe_asset_over_task")
        out["over_task"] = "main" if type(dag.tasks[0]).__name__ == "_AssetMainOperator" else "task"
        multi = getattr(asset, "multi", None)
        if multi is not None:
            made = multi(outlets=[Asset("probe_multi_out")], schedule=None)(probe_asset_multi_fn)
            out["multi_name"] = isinstance(getattr(made, "name", None), str)
    except Exception as exc:  # noqa: BLE001 - a version without one of them says so
        out["variants_error"] = f"{type(exc).__name__}: {exc}"
    finally:
        DagContext.current_autoregister_module_name = None
    return out


# Options Airflow fills with a random value the first time it writes its config file: a DAG
# file reading one at parse time gets a value no other process shares.
_GENERATED_OPTIONS = ("fernet_key", "secret_key", "jwt_secret")  # name suffixes (internal_api_secret_key)


def probe_config(module: str) -> dict[str, Any]:
    """What ``conf.get(section, key)`` returns in a fresh AIRFLOW_HOME with no AIRFLOW__* variables.

    The home folder is written as ``{AIRFLOW_HOME}`` (the shim fills in its own), generated
    secrets as ``{"$generated": true}``.
    """
    try:
        conf = importlib.import_module(module).conf
    except Exception as exc:  # noqa: BLE001 - a version without this parser
        return {"$missing": f"{type(exc).__name__}: {exc}"}
    home = os.environ["AIRFLOW_HOME"]
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("AIRFLOW__")}
    try:
        loaded = getattr(conf, "load_providers_configuration", None)
        if loaded is not None:
            loaded()
        sections = conf.as_dict(
            display_source=False,
            display_sensitive=True,
            raw=True,
            include_env=False,
            include_cmds=False,
            include_secret=False,
        )
        out: dict[str, Any] = {}
        for section in sorted(sections):
            values: dict[str, Any] = {}
            for key in sorted(sections[section]):
                try:
                    value = conf.get(section, key)
                except Exception:  # noqa: BLE001, S112 - an option that cannot be read without a command
                    continue
                if key.endswith(_GENERATED_OPTIONS) and value:
                    values[key] = {"$generated": True}
                elif isinstance(value, str):
                    values[key] = value.replace(home, "{AIRFLOW_HOME}")
            out[section] = values
        return out
    finally:
        os.environ.update(saved)


def probe_config_renames(module: str) -> dict[str, Any]:
    """Deprecated option and section names ``conf.get`` still answers, and the names it reads."""
    try:
        conf = importlib.import_module(module).conf
    except Exception:  # noqa: BLE001 - a version without this parser
        return {}
    options = getattr(conf, "inversed_deprecated_options", None) or {}
    sections = getattr(conf, "inversed_deprecated_sections", None) or {}
    return {
        "options": sorted([*old, *new] for old, new in options.items()),
        "sections": dict(sorted(sections.items())),
    }


def _render_tt(r: Renderer, val: Any) -> Any:
    from pytest_dagfidelity.render import tz_name

    if isinstance(val, TimetableView):
        return {"classpath": val.classpath, "params": {k: _render_tt(r, v) for k, v in val.params.items()}}
    if hasattr(val, "utcoffset") and not isinstance(val, dt.datetime):
        return {"$tz": tz_name(val)}
    return r.value(val)


if __name__ == "__main__":
    main(sys.argv[1])
