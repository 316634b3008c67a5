"""Asset / Dataset URIs and names, sanitised as each Airflow version does.

The expected values are the version table's ``asset_uri`` samples, which the probe ran
through real Airflow's ``Asset`` (``Dataset`` on 2.x); here the shim replays them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

TABLE = Path(__file__).parents[1] / "src/pytest_dagfidelity/shim/airflow/_dagfidelity/versions"
VERSIONS = sorted(p.stem for p in TABLE.glob("*.json"))


def samples(version: str) -> dict[str, Any]:
    return json.loads((TABLE / f"{version}.json").read_text())["asset_uri"]  # type: ignore[no-any-return]


def asset_source(version: str, call: str) -> str:
    if version.startswith("2."):
        return f"from airflow.datasets import Dataset\nmade = {call.replace('Asset(uri=', 'Dataset(')}\n"
    return f"from airflow.sdk import Asset\nmade = {call}\n"


def dag_with_outlets(version: str, uris: list[str]) -> str:
    if version.startswith("2."):
        header = (
            "from airflow import DAG\nfrom airflow.datasets import Dataset\n"
            "from airflow.operators.empty import EmptyOperator\n"
        )
        outlets = ", ".join(f"Dataset({u!r})" for u in uris)
    else:
        header = (
            "from airflow.sdk import DAG, Asset\n"
            "from airflow.providers.standard.operators.empty import EmptyOperator\n"
        )
        outlets = ", ".join(f"Asset(uri={u!r})" for u in uris)
    return header + f"with DAG('uris', schedule=None):\n    EmptyOperator(task_id='t', outlets=[{outlets}])\n"


@pytest.mark.parametrize("version", VERSIONS)
def test_uris_the_version_accepts_are_sanitised_as_measured(compile_dag, version):
    accepted = {u: r["uri"] for u, r in samples(version)["uris"].items() if "$error" not in r}
    dag = compile_dag(dag_with_outlets(version, list(accepted)), version)
    got = [o["$asset"]["uri"] for o in dag["tasks"]["t"]["outlets"]]
    assert got == list(accepted.values())


@pytest.mark.parametrize(
    ("version", "uri"),
    [(v, u) for v in VERSIONS for u, r in samples(v)["uris"].items() if "$error" in r],
)
def test_uris_the_version_rejects_fail_with_its_error(compile_source, version, uri):
    result = compile_source(asset_source(version, f"Asset(uri={uri!r})"), version)
    assert result.error is not None
    assert result.error.type == samples(version)["uris"][uri]["$error"]


@pytest.mark.parametrize(
    ("version", "name"),
    [(v, n) for v in VERSIONS for n, r in samples(v)["names"].items() if "$error" in r],
)
def test_names_the_version_rejects_fail_with_its_error(compile_source, version, name):
    result = compile_source(asset_source(version, f"Asset(name={name!r}, uri='s3://b/k')"), version)
    assert result.error is not None
    assert result.error.type == samples(version)["names"][name]["$error"]
