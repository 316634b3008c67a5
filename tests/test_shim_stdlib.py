"""The shim imports nothing outside the standard library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import CORPUS, NEEDS_PROVIDERS, shim_only_corpus

SHIM = Path(__file__).parent.parent / "src/pytest_dagfidelity/shim"
PROBE = """
import json, sys
sys.path.insert(0, {shim!r})
sys.path.append({shim!r} + "/_fallback")  # as the shim worker does: stand-ins come last
before = set(sys.modules)
from airflow import _dagfidelity as rt
rt.configure({version!r})
names = []
for path in {files!r}:
    names += [d.dag_id for d in rt.load_file(path)]
loaded = {{m.split(".")[0] for m in set(sys.modules) - before}}
stand_ins = {{m: sys.modules[m].__file__ for m in ("pendulum", "dateutil") if m in sys.modules}}
print(json.dumps({{"dags": names, "top_level": sorted(loaded), "stand_ins": stand_ins}}))
"""


def run_isolated(version: str, files: list[str]) -> dict[str, Any]:
    # -I: no user site, no PYTHONPATH; -S: no site-packages at all. Only the shim is importable.
    code = PROBE.format(shim=str(SHIM), version=version, files=files)
    out = subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_the_shim_runs_with_only_the_standard_library() -> None:
    # Without site-packages no provider is installed, wherever this runs (a venv with Airflow has some).
    files = [str(p) for p in shim_only_corpus("af3") if p.name not in NEEDS_PROVIDERS]
    report = run_isolated("3.3", files)
    assert len(report["dags"]) > 50
    outside = [
        m
        for m in report["top_level"]
        if m not in sys.stdlib_module_names
        and m != "airflow"
        and not m.startswith(("unusual_prefix_", "_sysconfigdata_"))
    ]  # the latter: sysconfig's own
    # pendulum and dateutil resolve to the shim's own stand-ins, which are standard library only too.
    assert sorted(set(outside) - set(report["stand_ins"])) == []
    for name, file in report["stand_ins"].items():
        assert file.startswith(str(SHIM / "_fallback")), name


def test_stand_ins_give_pendulum_and_relativedelta_schedules_without_the_packages() -> None:
    report = run_isolated("3.3", [str(CORPUS / "dag_arguments__af3.py"), str(CORPUS / "schedules__af3.py")])
    assert report["dags"]
    assert set(report["stand_ins"]) == {"pendulum", "dateutil"}
