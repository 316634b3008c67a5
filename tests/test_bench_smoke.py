"""The benchmark's smoke mode (``benchmarks/run.py --smoke``): it runs in seconds and writes
well-formed outputs. No timing is asserted: this machine's speed is not under test."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_dagfidelity.versions import installed_airflow

from .conftest import needs_dag_factory

ROOT = Path(__file__).parent.parent
RUN = ROOT / "benchmarks" / "run.py"
ROWS = {
    "floor",
    "cold_cli",
    "warm_200",
    "warm_corpus",
    "memory_200",
    "dag_10k",
    "scaling_tasks",
    "scaling_files",
    "plugin_overhead",
    "xdist",
    "select_one",
    "collect_1000",
}
REPORTED = {"floor"}  # measured, held to no target
STATS = ("median", "min", "max", "q1", "q3", "n", "samples")


def smoke(tmp_path: Path, *args: str) -> tuple[dict[str, Any], str]:
    output, markdown = tmp_path / "results.json", tmp_path / "performance.md"
    done = subprocess.run(
        [sys.executable, str(RUN), "--smoke", "--output", str(output), "--markdown", str(markdown), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(output.read_text(encoding="utf-8")), markdown.read_text(encoding="utf-8")


def number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def check_stats(s: Any) -> None:
    assert isinstance(s, dict) and set(STATS) <= set(s), s
    assert all(number(s[k]) for k in ("median", "min", "max", "q1", "q3"))
    assert s["n"] == len(s["samples"]) >= 1 and all(number(x) for x in s["samples"])
    assert s["min"] <= s["median"] <= s["max"]


def check_results(results: dict[str, Any], markdown: str, *, airflow: bool) -> None:
    assert results["schema"] == 1 and results["mode"] == "smoke"
    assert {"cpu", "cores", "memory_gib", "platform", "python"} <= set(results["machine"])
    assert results["versions"]["shim_target"] and results["versions"]["dagfidelity"]
    assert bool(results["versions"]["airflow"]) is airflow
    rows = {row["id"]: row for row in results["rows"]}
    assert ROWS <= set(rows), sorted(rows)
    for row in rows.values():
        assert row["title"] and row["target"] and row["unit"]
        check_stats(row["shim"])
        both = row["airflow"] is not None
        if both:
            check_stats(row["airflow"])
            assert number(row["ratio"]) and row["ratio"] > 0, row["id"]
        else:
            assert row["ratio"] is None
        if row["id"] in REPORTED:
            assert not row["checks"], row["id"]
        elif both or row["id"] != "warm_corpus":  # that row's only target is a ratio
            assert row["checks"], row["id"]
        for check in row["checks"]:
            assert number(check["value"]) and number(check["limit"]) and isinstance(check["ok"], bool)
        assert f"| {row['title']} |" in markdown
    # Every row that has a real-Airflow side has it exactly when Airflow was measured.
    for key in ("cold_cli", "warm_200", "warm_corpus", "memory_200", "scaling_tasks", "scaling_files"):
        assert (rows[key]["airflow"] is not None) is airflow, key
    for key in ("scaling_tasks", "scaling_files"):
        points = rows[key]["points"]
        assert len(points) >= 2 and all("shim_step" in p for p in points[1:])
    collected = rows["collect_1000"]["extra"]
    assert collected["items_collected"] >= 1 and number(collected["pytest_floor_s"]["median"])
    assert "pytest alone in the same venv" in markdown
    cold = rows["cold_cli"]["extra"]
    assert number(cold["floor_multiple"]["median"]) and number(cold["shim_pendulum_file_ms"]["median"])
    assert rows["xdist"]["extra"]["summaries"][1] and rows["select_one"]["extra"]["dag_id"]
    assert rows["plugin_overhead"]["extra"]["pytest_exit_code"] in (0, 1)
    assert markdown.count("<!-- bench:begin") == 1 and markdown.count("<!-- bench:end -->") == 1
    assert isinstance(results["summary"]["missed"], list)


def test_smoke_shim_only_writes_well_formed_outputs(tmp_path: Path) -> None:
    results, markdown = smoke(tmp_path, "--no-airflow")
    check_results(results, markdown, airflow=False)


@pytest.mark.airflow
def test_smoke_against_real_airflow_writes_both_sides(tmp_path: Path) -> None:
    # The plugin row is covered shim-only above; with Airflow it would only add its start-up.
    results, markdown = smoke(tmp_path, "--rows", "cold_cli", "in_process", "dag_10k", "collect_1000")
    rows = {row["id"]: row for row in results["rows"]}
    assert results["versions"]["airflow"][0]["version"] == installed_airflow()
    assert rows["cold_cli"]["airflow"] is not None and number(rows["cold_cli"]["ratio"])
    assert rows["warm_200"]["airflow"] is not None and number(rows["warm_200"]["ratio"])
    assert rows["collect_1000"]["airflow"] is not None
    assert f"| {rows['cold_cli']['title']} |" in markdown
    for row in rows.values():
        check_stats(row["shim"])


@pytest.mark.airflow
def test_smoke_yaml_row_compiles_a_dag_factory_config_on_both_sides(tmp_path: Path) -> None:
    needs_dag_factory()  # Airflow: the marker
    results, markdown = smoke(tmp_path, "--rows", "yaml_cold_cli")
    (row,) = results["rows"]
    assert row["id"] == "yaml_cold_cli" and row["extra"]["dag_ids"] == ["taskflow_decorator"]
    assert row["airflow"] is not None and number(row["ratio"])
    check_stats(row["shim"])
    assert f"| {row['title']} |" in markdown
