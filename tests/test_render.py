from __future__ import annotations

import datetime as dt
import enum
import json
import math

import pytest

from pytest_dagfidelity.render import Renderer, tz_name

render = Renderer(dag_file=__file__).value


class Color(enum.Enum):
    RED = "red"


def local_function() -> None:
    return None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        (1.0, 1.0),
        (True, True),
        ("x", "x"),
        (None, None),
        ((1, 2), [1, 2]),
        ({"b": 1, 2: "a"}, {"b": 1, "2": "a"}),
        (Color.RED, "red"),
        (dt.timedelta(minutes=5), {"$timedelta": 300}),
        (dt.timedelta(seconds=1.5), {"$timedelta": 1.5}),
        (dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), {"$datetime": "2024-01-01T00:00:00+00:00"}),
        (dt.date(2024, 1, 2), {"$date": "2024-01-02"}),
        (dt.time(5, 6), {"$time": "05:06:00"}),
        ({3, 1, 2}, {"$set": [1, 2, 3]}),
        (float("nan"), {"$float": "nan"}),
    ],
)
def test_values_get_a_typed_stable_form(value: object, expected: object) -> None:
    assert render(value) == expected


def test_one_one_point_zero_and_true_stay_distinct_in_canonical_text() -> None:
    texts = {json.dumps(render(v)) for v in (1, 1.0, True)}
    assert len(texts) == 3


def test_callables_from_the_dag_file_lose_their_module() -> None:
    assert render(local_function) == {"$callable": "local_function"}
    assert render(math.floor) == {"$callable": "math.floor"}


def test_unknown_objects_render_without_memory_addresses() -> None:
    class Thing:
        def __init__(self) -> None:
            self.size = 3

    rendered = render(Thing())
    assert rendered["$object"]["value"] == {"size": 3}
    assert "0x" not in json.dumps(rendered)


def test_a_zero_offset_is_utc_as_pendulum_reports_it() -> None:
    assert tz_name(dt.timezone.utc) == "UTC"
    assert tz_name(dt.timezone(dt.timedelta(hours=-5, minutes=-30))) == "-05:30"
