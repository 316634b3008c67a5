from __future__ import annotations

import datetime as dt
import enum
import json
import math

import pytest

from pytest_dagfidelity.render import Renderer, RenderLimit, tz_name

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


class Settings:
    """A client configuration every generated model holds (as kubernetes' Configuration)."""

    def __init__(self) -> None:
        self.host = "https://example"


class GeneratedModel:
    """Shaped as an OpenAPI-generated model: declared fields, to_dict(), and a client handle."""

    openapi_types = {"name": "str", "child": "GeneratedModel"}

    def __init__(self, name: str, child: GeneratedModel | None = None) -> None:
        self.local_vars_configuration = Settings()
        self._name, self._child = name, child

    def to_dict(self) -> dict[str, object]:
        return {"name": self._name, "child": self._child.to_dict() if self._child else None}


def test_an_openapi_model_renders_its_declared_fields_not_its_client_configuration() -> None:
    rendered = render(GeneratedModel("outer", GeneratedModel("inner")))
    assert rendered == {
        "$object": {
            "class": f"{__name__}.GeneratedModel",
            "value": {"name": "outer", "child": {"name": "inner", "child": None}},
        }
    }


class Node:
    def __init__(self, below: Node | None) -> None:
        self.left = self.right = below


def test_a_shared_object_graph_stops_at_a_render_limit_instead_of_running_for_ever() -> None:
    # 2**40 paths through 40 shared nodes: without a budget this never finishes.
    node = None
    for _ in range(39):
        node = Node(node)
    with pytest.raises(RenderLimit, match="more than 20,000 objects rendered by their state"):
        Renderer(dag_file=__file__).value(node)


def test_the_object_budget_is_per_renderer() -> None:
    # Each DAG file gets a fresh Renderer: one file's large values never fail another's.
    node = None
    for _ in range(13):
        node = Node(node)  # 2**13 - 1 = 8,191 object states
    Renderer(dag_file=__file__).value(node)
    Renderer(dag_file=__file__).value(node)
