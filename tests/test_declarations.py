"""declarations: version specs, in-file markers and config globs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_dagfidelity.declarations import Declarations, VersionSpec
from pytest_dagfidelity.exceptions import UsageError


@pytest.mark.parametrize(
    ("spec", "matching", "not_matching"),
    [
        ("*", ["2.9", "3.3"], []),
        ("<3.0", ["2.9", "2.11"], ["3.0", "3.3"]),
        (">=2.10,<3.1", ["2.10", "2.11", "3.0"], ["2.9", "3.1"]),
        ("2", ["2.9", "2.11"], ["3.0"]),
        ("3.1", ["3.1"], ["3.0", "3.2"]),
        ("2.x", ["2.10"], ["3.3"]),
        ("!=3.2", ["3.1", "3.3"], ["3.2"]),
    ],
)
def test_version_specs(spec: str, matching: list[str], not_matching: list[str]) -> None:
    assert all(VersionSpec(spec).matches(v) for v in matching)
    assert not any(VersionSpec(spec).matches(v) for v in not_matching)


def test_a_bad_spec_is_a_usage_error_naming_the_forms() -> None:
    with pytest.raises(UsageError, match="comparisons such as >=2.9,<3.0"):
        VersionSpec("newer than 3")


def test_a_marker_in_the_file_applies_on_the_versions_it_names(tmp_path: Path) -> None:
    dag = tmp_path / "sdk.py"
    dag.write_text("# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError Airflow 3 SDK only\n")
    on_2 = Declarations().for_file(str(dag), "dags/sdk.py", "2.11").expected_failure
    assert on_2 is not None and on_2.raises == "ModuleNotFoundError" and on_2.reason == "Airflow 3 SDK only"
    assert on_2.source == "dags/sdk.py:1"  # named as the project names it
    assert Declarations().for_file(str(dag), "dags/sdk.py", "3.3").expected_failure is None


def test_config_globs_and_the_files_own_marker(tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.py", tmp_path / "marked.py"
    plain.write_text("x = 1\n")
    marked.write_text("# dagfidelity: airflow-only reads a secret\n")
    declared = Declarations.from_lines(
        ["dags/sdk/* <3.0 written for 3"], ["dags/legacy/*.py custom timetable"], "ini"
    )
    assert declared.for_file(str(plain), "dags/sdk/a.py", "2.9").expected_failure is not None
    assert declared.for_file(str(plain), "dags/other/a.py", "2.9").expected_failure is None
    only = declared.for_file(str(plain), "dags/legacy/deep/x.py", "3.3").airflow_only
    assert only is not None and only.reason == "custom timetable"
    own = declared.for_file(str(marked), "dags/other.py", "3.3").airflow_only
    assert own is not None and own.reason == "reads a secret"


def test_a_declaration_line_without_a_spec_is_refused() -> None:
    with pytest.raises(UsageError, match="needs an Airflow version spec"):
        Declarations.from_lines(["dags/sdk/*.py"], [], "ini")


def test_one_marker_per_version_range_where_the_error_differs(tmp_path: Path) -> None:
    dag = tmp_path / "assets.py"
    dag.write_text(
        "# dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError no airflow.sdk\n"
        "# dagfidelity: expect-failure >=3.0,<=3.2 raises=ImportError added in 3.3\n"
    )
    found = {v: Declarations().for_file(str(dag), "a.py", v).expected_failure for v in ("2.9", "3.1", "3.3")}
    assert found["2.9"] is not None and found["2.9"].raises == "ModuleNotFoundError"
    assert found["3.1"] is not None and found["3.1"].raises == "ImportError"
    assert found["3.3"] is None
