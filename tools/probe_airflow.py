"""Measure the facts the shim emulates, from a real Airflow venv, into the version table.

Run inside an Airflow venv (nox does: ``nox -s probe``):

    python tools/probe_airflow.py src/pytest_dagfidelity/shim/airflow/_dagfidelity/versions.json

It merges this version's entry into the table; every other version is left as is.
Nothing here is guessed: import paths, where each class is defined, default values,
signatures and schedule resolution are read off the running Airflow.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import os
import sys
import tempfile
import warnings
from importlib import metadata
from typing import Any

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="probe-home-"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "ERROR")
warnings.simplefilter("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

from pytest_dagfidelity.render import Renderer, class_path  # noqa: E402
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
    "simple": ["NullTimetable", "OnceTimetable", "ContinuousTimetable", "DatasetTriggeredTimetable",
               "AssetTriggeredTimetable"],
    "events": ["EventsTimetable"],
    "datasets": ["DatasetOrTimeSchedule"],
    "assets": ["AssetOrTimeSchedule", "AssetTriggeredTimetable"],
}
_SDK = [
    "DAG", "dag", "task", "task_group", "setup", "teardown", "TaskGroup", "Asset", "AssetAlias", "AssetAll",
    "AssetAny", "AssetOrTimeSchedule", "Param", "ParamsDict", "Label", "EdgeModifier", "chain", "chain_linear",
    "cross_downstream", "BaseOperator", "BaseSensorOperator", "TriggerRule", "WeightRule", "XComArg",
    "Metadata", "get_current_context", "CronDataIntervalTimetable", "CronTriggerTimetable",
    "DeltaDataIntervalTimetable", "DeltaTriggerTimetable", "EventsTimetable", "MultipleCronTriggerTimetable",
    "PokeReturnValue", "Variable", "Connection", "BaseHook", "Context", "ObjectStoragePath", "BaseNotifier",
    "get_parsing_context", "BaseOperatorLink", "AssetWatcher",
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
    "airflow.utils.helpers": ["chain", "cross_downstream"],
    "airflow.utils.timezone": ["datetime", "utcnow"],
    "airflow.datasets": ["Dataset", "DatasetAlias", "DatasetAll", "DatasetAny"],
    "airflow.assets": ["Asset", "AssetAlias", "AssetAll", "AssetAny"],
    "airflow.exceptions": ["AirflowException", "AirflowSkipException", "AirflowFailException",
                           "DuplicateTaskIdFound", "AirflowDagCycleException", "TaskDeferred"],
    "airflow.sensors.base": ["BaseSensorOperator", "PokeReturnValue"],
    "airflow.sdk": _SDK,
    "airflow.sdk.definitions.asset": ["Asset", "AssetAlias", "AssetAll", "AssetAny"],
    "airflow.providers.http.operators.http": ["HttpOperator", "SimpleHttpOperator"],
    "airflow.providers.http.sensors.http": ["HttpSensor"],
    "airflow.providers.common.sql.operators.sql": ["SQLExecuteQueryOperator"],
    "airflow.providers.standard.sensors.bash": ["BashSensor"],
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
        exported = {}
        for name in names:
            try:
                obj = getattr(module, name)
            except Exception:
                continue
            if inspect.isclass(obj) or inspect.isfunction(obj):
                exported[name] = f"{obj.__module__}:{obj.__qualname__}"
            else:
                exported[name] = f"{type(obj).__module__}:{type(obj).__qualname__}()"
        modules[mod] = {"names": exported}
    return modules


def signature_names(cls: type) -> list[str]:
    return sorted(_signature_names(cls))


def main(out_path: str) -> None:
    import airflow

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
    facts: dict[str, Any] = {"airflow": version, "imports": imports}

    try:
        DAG("probe_no_start")
        facts["dag_without_start_date"] = "accepted"
    except Exception as exc:
        facts["dag_without_start_date"] = f"{type(exc).__name__}: {exc}"
    start = dt.datetime(2024, 1, 1)
    dag = DAG("probe_defaults", start_date=start)
    facts["dag_defaults"] = {
        k: r.value(getattr(dag, k, None))
        for k in ("catchup", "max_active_runs", "max_active_tasks", "dagrun_timeout", "is_paused_upon_creation",
                  "render_template_as_native_obj", "template_searchpath", "description",
                  "max_consecutive_failed_dag_runs", "start_date", "end_date")
    }
    facts["dag_defaults"]["timezone"] = getattr(dag.timezone, "name", str(dag.timezone))
    facts["dag_defaults"]["tags_type"] = type(dag.tags).__name__
    facts["dag_signature"] = sorted(inspect.signature(inspect.unwrap(DAG.__init__)).parameters)

    def tt(**kwargs: Any) -> Any:
        d = DAG("probe_tt", start_date=start, **kwargs)
        v = TimetableView(d.timetable)
        return {"classpath": v.classpath, "params": {k: _render_tt(r, val) for k, val in v.params.items()},
                "catchup": d.catchup}

    sched = {"<unset>": tt()}
    key = "schedule"
    for s in ["@daily", "@hourly", "@weekly", "@monthly", "@yearly", "@annually", "@quarterly", "@once",
              "@continuous", None, "0 3 * * 1-5", "*/5 * * * *"]:
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
    for name, args in (
        ("CronTriggerTimetable", ("0 1 * * *",)),
        ("CronDataIntervalTimetable", ("0 1 * * *",)),
        ("DeltaDataIntervalTimetable", (dt.timedelta(hours=1),)),
        ("DeltaTriggerTimetable", (dt.timedelta(hours=1),)),
        ("MultipleCronTriggerTimetable", ("0 1 * * *", "0 2 * * *")),
        ("EventsTimetable", ([dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)],)),
        ("NullTimetable", ()),
        ("OnceTimetable", ()),
        ("ContinuousTimetable", ()),
    ):
        try:
            cls = find(name)
            kwargs: dict[str, Any] = {"timezone": "UTC"} if "Cron" in name else {}
            if name == "EventsTimetable":
                obj = cls(event_dates=args[0])
            else:
                obj = cls(*args, **kwargs)
            v = TimetableView(obj)
            user_tts[name] = {"classpath": v.classpath, "params": {k: _render_tt(r, x) for k, x in v.params.items()}}
        except Exception as exc:
            user_tts[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    facts["timetable_classes"] = user_tts
    try:
        DAG("probe_si", start_date=start, schedule_interval="@daily")
        facts["schedule_interval"] = "accepted"
    except Exception as exc:
        facts["schedule_interval"] = f"{type(exc).__name__}: {exc}"

    with DAG("probe_ops", start_date=start, default_args={"retries": 3, "not_a_param": 1}) as d:
        op = Empty(task_id="e")
    view = TaskView(op)
    facts["task_defaults"] = {
        k: r.value(getattr(view, k))
        for k in ("retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay",
                  "execution_timeout", "owner", "pool", "pool_slots", "queue", "priority_weight",
                  "weight_rule", "depends_on_past", "wait_for_downstream", "trigger_rule", "inlets",
                  "outlets", "is_setup", "is_teardown")
    }
    facts["task_defaults"]["retries"] = r.value(Empty(task_id="e2", dag=DAG("p2", start_date=start)).retries)
    facts["empty_init_kwargs"] = sorted(view.arguments)
    facts["base_operator_params"] = signature_names(BaseOperator)
    sigs = {}
    tfields = {}
    for entry in imports.values():
        for target in entry.get("names", {}).values():
            if target.endswith("()"):
                continue
            m, q = target.split(":")
            obj = getattr(importlib.import_module(m), q.split(".")[-1], None)
            if inspect.isclass(obj) and issubclass(obj, BaseOperator):
                sigs[target] = signature_names(obj)
                tfields[target] = sorted(getattr(obj, "template_fields", ()))
    facts["operator_params"] = sigs
    facts["operator_template_fields"] = tfields

    def error_of(fn: Any) -> str:
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001
            return type(exc).__name__
        return "accepted"

    with DAG("probe_errors", start_date=start):
        facts["errors"] = {
            "invalid_task_id": error_of(lambda: Empty(task_id="bad id!")),
            "long_task_id": error_of(lambda: Empty(task_id="x" * 251)),
            "positional_args": error_of(lambda: Empty("pos")),
            "unknown_kwarg": error_of(lambda: Empty(task_id="u", not_an_arg=1)),
            "invalid_trigger_rule": error_of(lambda: Empty(task_id="tr", trigger_rule="nope")),
            "invalid_dag_id": error_of(lambda: DAG("bad dag id!", start_date=start)),
        }

    Bash = find("BashOperator")
    with DAG("probe_map", start_date=start, default_args={"retries": 3, "not_a_param": 1}):
        mapped = Bash.partial(task_id="m").expand(bash_command=["a"])
    mv = TaskView(mapped)
    facts["mapped_partial_kwargs"] = {k: r.value(v) for k, v in mapped.partial_kwargs.items()}
    facts["mapped_task_fields"] = {
        k: r.value(getattr(mv, k)) for k in ("retry_exponential_backoff", "retries", "operator_name")
    }
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
        k: r.value(v) for k, v in plain.operator._BaseOperator__init_kwargs.items() if k not in ("dag", "task_group")
    }

    facts["decorators"] = probe_decorators(DAG, task, start, r)

    table = {}
    if os.path.exists(out_path):
        with open(out_path) as fh:
            table = json.load(fh)
    table[minor] = facts
    with open(out_path, "w") as fh:
        json.dump(table, fh, indent=1, sort_keys=True)
        fh.write("\n")
    print(f"probed Airflow {version} ({class_path(dag)}) into {out_path}")


def probe_decorators(DAG: Any, task: Any, start: Any, r: Renderer) -> dict[str, Any]:
    """Class, operator name, signature and recorded kwargs of each ``@task.<kind>`` operator."""
    out: dict[str, Any] = {}
    for kind in ("python", "bash", "branch", "short_circuit", "sensor", "virtualenv", "external_python",
                 "branch_virtualenv", "branch_external_python", "docker", "kubernetes", "pyspark"):
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
                    k: r.value(v) for k, v in op._BaseOperator__init_kwargs.items()
                    if k not in ("dag", "task_group", "python_callable")
                    and not (k == "kwargs_to_upstream")
                },
                "multiple_outputs": r.value(getattr(op, "multiple_outputs", None)),
            }
        except BaseException as exc:  # noqa: BLE001 - a decorator a version lacks is a fact too
            entry = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        out[kind] = entry
    return out


def _render_tt(r: Renderer, val: Any) -> Any:
    from pytest_dagfidelity.render import tz_name

    if isinstance(val, TimetableView):
        return {"classpath": val.classpath, "params": {k: _render_tt(r, v) for k, v in val.params.items()}}
    if hasattr(val, "utcoffset") and not isinstance(val, dt.datetime):
        return {"$tz": tz_name(val)}
    return r.value(val)


if __name__ == "__main__":
    main(sys.argv[1])
