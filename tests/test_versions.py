from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomllib

from pytest_dagfidelity import versions
from pytest_dagfidelity.exceptions import UsageError

REQUIRED_FACTS = (
    "airflow",
    "imports",
    "modules",
    "dag_defaults",
    "dag_signature",
    "task_defaults",
    "base_operator_params",
    "operator_params",
    "operator_template_fields",
    "operator_implicit_kwargs",
    "schedules",
    "timetable_classes",
    "decorators",
    "errors",
    "trigger_rules",
    "default_args_reach",
    "mapped_task_fields",
)


def test_the_table_covers_exactly_the_matrix_in_pyproject() -> None:
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    matrix = pyproject["tool"]["dagfidelity"]["matrix"]
    table = versions.table()
    assert sorted(table) == sorted(matrix) == sorted(versions.matrix())
    for minor, entry in matrix.items():
        assert table[minor].full == entry["airflow"], f"table for {minor} was probed on another patch release"


def test_the_standard_provider_is_measured_at_the_version_the_2x_pins_install() -> None:
    """A 2.x row serves the standard provider's modules as measured: the pin must be the version
    the probe saw, so that the goldens and the row describe the same provider. 3.x depends on it."""
    matrix = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["tool"][
        "dagfidelity"
    ]["matrix"]
    table = versions.table()
    for minor, entry in matrix.items():
        unbundled = table[minor].facts.get("unbundled_providers")
        pinned = [
            p.split("==", 1)[1] for p in entry["pins"] if p.startswith("apache-airflow-providers-standard==")
        ]
        if minor.startswith("2."):
            assert unbundled == {"airflow.providers.standard": pinned[0]}, minor
            assert "airflow.providers.standard.operators.bash" in table[minor].facts["modules"], minor
        else:
            # Airflow 3 requires the provider (rows probed before the key existed lack it).
            assert not unbundled and pinned == [], minor


@pytest.mark.parametrize("minor", versions.matrix())
def test_every_version_carries_every_fact(minor: str) -> None:
    facts = versions.table()[minor].facts
    missing = [k for k in REQUIRED_FACTS if k not in facts]
    assert not missing


def test_measured_differences_between_airflow_2_and_3() -> None:
    table = versions.table()
    v2, v3 = table["2.11"], table["3.3"]
    assert v2.dag_default("catchup") is True and v3.dag_default("catchup") is False
    assert v2.schedule("<unset>")["classpath"].endswith("DeltaDataIntervalTimetable")
    assert v3.schedule("<unset>")["classpath"].endswith("NullTimetable")
    assert v2.schedule("@daily")["classpath"] == "airflow.timetables.interval.CronDataIntervalTimetable"
    assert v3.schedule("@daily")["classpath"].endswith("trigger.CronTriggerTimetable")
    assert "missing" in v2.imports["airflow.sdk"]
    assert "names" in v3.imports["airflow.sdk"]
    assert table["3.3"].schedule("@daily")["params"]["expression"] == "0 0 * * *"
    assert table["3.2"].schedule("@daily")["params"]["expression"] == "@daily"


def test_target_is_explicit_else_installed_else_newest(monkeypatch: pytest.MonkeyPatch) -> None:
    assert versions.resolve_target("2.10") == "2.10"
    assert versions.resolve_target("2.10.5") == "2.10"
    monkeypatch.setattr(versions, "installed_airflow", lambda: "3.1.8")
    assert versions.resolve_target(None) == "3.1"
    monkeypatch.setattr(versions, "installed_airflow", lambda: None)
    assert versions.resolve_target(None) == max(
        versions.matrix(), key=lambda v: tuple(map(int, v.split(".")))
    )


def test_an_unknown_version_names_the_known_ones() -> None:
    with pytest.raises(UsageError, match="2.9, 2.10, 2.11, 3.0, 3.1, 3.2, 3.3"):
        versions.resolve_target("1.10")


def test_installed_airflow_reads_what_package_metadata_says() -> None:
    # The fast path reads .dist-info folder names; it must agree with importlib.metadata here
    # (no Airflow in the tests venv; 2.11 and 3.3 in the integration venvs).
    assert versions.installed_airflow() == versions._metadata_version()


def test_installed_airflow_finds_a_dist_info_first_on_sys_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "apache_airflow-2.10.5.dist-info").mkdir(parents=True)
    (first / "apache_airflow_providers_http-5.0.0.dist-info").mkdir()
    (second / "apache_airflow-3.3.2.dist-info").mkdir(parents=True)
    monkeypatch.setattr("sys.path", [str(tmp_path / "missing"), str(first), str(second)])
    assert versions.installed_airflow() == "2.10.5"
    monkeypatch.setattr("sys.path", [str(second)])
    assert versions.installed_airflow() == "3.3.2"
    monkeypatch.setattr("sys.path", [str(tmp_path / "missing")])
    assert versions.installed_airflow() is None


@pytest.mark.parametrize("minor", versions.matrix())
def test_each_rows_load_cache_is_its_json_as_committed(minor: str) -> None:
    """The shim loads the table from ``<X.Y>.marshal``: it must be exactly the JSON row (same
    values, same key order), made from these very bytes. Fix: python tools/version_table_cache.py"""
    table = versions._module()
    folder = Path(table.TABLE_DIR)
    source = (folder / f"{minor}.json").read_bytes()
    cached = table._cached_facts(source, str(folder / f"{minor}.marshal"))
    assert cached is not None, f"{minor}.marshal is stale: run python tools/version_table_cache.py"
    assert json.dumps(table.as_json(cached)) == json.dumps(json.loads(source))
    assert json.dumps(table.as_json(table.load_version(minor).facts)) == json.dumps(table.as_json(cached))


@pytest.mark.parametrize("minor", versions.matrix())
def test_imports_from_the_load_cache_answer_as_the_json_row_does(minor: str) -> None:
    """The cache keeps each ``imports`` entry packed until it is read; every question the shim
    asks of it (an entry, a module's children, the refused modules) is answered from the JSON."""
    table = versions._module()
    raw = json.loads((Path(table.TABLE_DIR) / f"{minor}.json").read_bytes())["imports"]
    imports = table.load_version(minor).imports
    prefixes = {".".join(m.split(".")[:depth]) for m in raw for depth in range(1, m.count(".") + 2)}
    for name in sorted(prefixes):
        below = [k for k, v in raw.items() if k.startswith(name + ".") and "names" in v]
        children = {k[len(name) + 1 :].split(".")[0] for k in below}
        assert imports.children(name) == children, name
        assert imports.get(name) == raw.get(name), name
        assert (name in imports) == (name in raw)
    assert imports.missing() == [(k, v) for k, v in raw.items() if "missing" in v]
    assert list(imports) == list(raw) and imports.as_dict() == raw


def test_a_stale_or_missing_cache_falls_back_to_the_json(tmp_path: Path) -> None:
    table = versions._module()
    source = Path(table.TABLE_DIR) / "3.3.json"
    (tmp_path / "3.3.json").write_bytes(source.read_bytes())
    expected = json.loads(source.read_bytes())
    assert table.load_version("3.3", str(tmp_path)).facts == expected  # no cache
    (tmp_path / "3.3.marshal").write_bytes(table.cache_bytes(b'{"airflow": "0.0.0"}'))
    assert table.load_version("3.3", str(tmp_path)).facts == expected  # made from other JSON
    (tmp_path / "3.3.marshal").write_bytes(b"not marshal")
    assert table.load_version("3.3", str(tmp_path)).facts == expected
    table.write_cache("3.3", str(tmp_path))
    assert table._cached_facts(source.read_bytes(), str(tmp_path / "3.3.marshal")) == expected


@pytest.mark.parametrize("minor", versions.matrix())
def test_task_defaults_decoded_once_are_the_decoded_json(minor: str) -> None:
    """Task defaults are decoded once per version; each call still answers the decoded JSON, and
    a mutable default is a fresh copy (a task that changes its own must not change the next's)."""
    version = versions.table()[minor]
    table = versions._module()
    for name, raw in version.facts["task_defaults"].items():
        first = version.task_default(name)
        assert first == table.decode(raw) and type(first) is type(table.decode(raw))
        if isinstance(first, (list, dict)):
            assert version.task_default(name) is not first
