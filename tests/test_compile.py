from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pytest_dagfidelity.compile import compile_edges, compile_schedule, dumps
from pytest_dagfidelity.render import Renderer

from .conftest import RESOURCES, shim_only_corpus

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "src/pytest_dagfidelity/schema/dag.schema.json").read_text()
)


class Timetable:
    def __init__(self, classpath: str, **params: Any) -> None:
        self.classpath = classpath
        self.params = params


def test_canonical_text_is_sorted_indented_and_ends_with_a_newline() -> None:
    text = dumps({"b": 1, "a": {"d": [3, 1], "c": None}})
    assert text == '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      1\n    ]\n  },\n  "b": 1\n}\n'


def test_canonical_text_refuses_nan() -> None:
    with pytest.raises(ValueError):
        dumps({"x": float("nan")})
    with pytest.raises(ValueError):
        dumps({"x": [1, {"y": float("-inf")}]})


class _Rule(str, enum.Enum):  # as the shim's TriggerRule: a document holds members before JSON
    ALL = "all_success"


class _Weight(enum.IntEnum):
    HIGH = 7


def _stdlib_canonical(doc: Any) -> str:
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


@pytest.mark.parametrize(
    "doc",
    [
        {},
        [],
        {"é": 'ü\u2028\x00"\\\n', "a": [[], {}, [[{}]]], "Z": {"b": True, "a": False, "c": None}},
        {"ints": [0, -1, 2**70, True], "floats": [0.1, -0.0, 1e300, 5e-324, 1.0]},
        [{"k": (1, 2)}],  # a tuple: written as a list, as the standard library writes it
        {"rule": _Rule.ALL, "weight": _Weight.HIGH, "pair": (_Rule.ALL, ())},  # enum members
        {"x": {2: "a", 1: "b"}},  # keys that are not strings: left to the standard library
        "text",
        3.5,
    ],
)
def test_canonical_text_is_the_standard_librarys(doc: Any) -> None:
    assert dumps(doc) == _stdlib_canonical(doc)


def test_canonical_text_of_every_golden_is_the_standard_librarys() -> None:
    goldens = sorted((Path(__file__).parent.parent / "goldens").rglob("*.json"))
    assert len(goldens) > 100
    for path in goldens:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert dumps(doc) == _stdlib_canonical(doc), path


@pytest.mark.parametrize(
    ("classpath", "kind"),
    [
        ("airflow.timetables.interval.CronDataIntervalTimetable", "cron"),
        ("airflow.sdk.definitions.timetables.trigger.CronTriggerTimetable", "cron"),
        ("airflow.timetables.interval.DeltaDataIntervalTimetable", "delta"),
        ("airflow.timetables.simple.NullTimetable", "none"),
        ("airflow.timetables.simple.OnceTimetable", "once"),
        ("airflow.timetables.simple.ContinuousTimetable", "continuous"),
        ("airflow.timetables.simple.DatasetTriggeredTimetable", "asset"),
        ("plugins.workday.AfterWorkdayTimetable", "timetable"),
    ],
)
def test_schedule_kind_follows_the_resolved_timetable_class(classpath: str, kind: str) -> None:
    assert compile_schedule(Timetable(classpath), Renderer(None))["kind"] == kind


def test_schedule_parameters_are_rendered_and_nested_schedules_compiled() -> None:
    inner = Timetable("x.CronTriggerTimetable", expression="0 1 * * *")
    out = compile_schedule(Timetable("x.MultipleCronTriggerTimetable", timetables=[inner]), Renderer(None))
    assert out["timetables"] == [
        {"kind": "cron", "timetable": "x.CronTriggerTimetable", "expression": "0 1 * * *"}
    ]


def test_edges_without_a_label_are_left_out_and_the_rest_sorted() -> None:
    info = {"b": {"c": {"label": "late"}, "d": {}}, "a": {"b": {"label": "first"}}}
    assert compile_edges(info) == [
        {"from": "a", "to": "b", "label": "first"},
        {"from": "b", "to": "c", "label": "late"},
    ]


@pytest.mark.parametrize(
    "path",
    [*shim_only_corpus("af3"), RESOURCES / "custom_operator_af3.py"],
    ids=lambda p: p.name,
)
def test_shim_output_validates_against_the_shipped_schema(path: Path, shim: Any) -> None:
    result = shim("3.3").compile(str(path), file=path.name, import_path=[str(path.parent)])
    assert result.ok, result.error
    jsonschema.validate(result.doc, SCHEMA)
