"""Which names a generated DAG file can import on one Airflow version, in one import style.

The answer comes from the shim's version table, whose ``imports`` section
``tools/probe_airflow.py`` measured inside each real Airflow: a name is offered only
where that Airflow really exports it. Nothing here is typed per version.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pytest_dagfidelity.versions import table

STYLES = ("af2", "af3")

# symbol -> style -> the modules a DAG file of that style imports it from, most usual first.
CANDIDATES: dict[str, dict[str, tuple[str, ...]]] = {
    "DAG": {"af2": ("airflow", "airflow.models.dag", "airflow.models"), "af3": ("airflow.sdk",)},
    "dag": {"af2": ("airflow.decorators",), "af3": ("airflow.sdk",)},
    "task": {"af2": ("airflow.decorators",), "af3": ("airflow.sdk",)},
    "task_group": {"af2": ("airflow.decorators",), "af3": ("airflow.sdk",)},
    "TaskGroup": {"af2": ("airflow.utils.task_group",), "af3": ("airflow.sdk",)},
    "chain": {"af2": ("airflow.models.baseoperator",), "af3": ("airflow.sdk",)},
    "cross_downstream": {"af2": ("airflow.models.baseoperator",), "af3": ("airflow.sdk",)},
    "chain_linear": {"af2": ("airflow.models.baseoperator",), "af3": ("airflow.sdk",)},
    "Label": {"af2": ("airflow.utils.edgemodifier",), "af3": ("airflow.sdk",)},
    "TriggerRule": {"af2": ("airflow.utils.trigger_rule",), "af3": ("airflow.sdk",)},
    "Dataset": {"af2": ("airflow.datasets", "airflow"), "af3": ()},
    "Asset": {"af2": (), "af3": ("airflow.sdk",)},
    "EmptyOperator": {
        "af2": ("airflow.operators.empty",),
        "af3": ("airflow.providers.standard.operators.empty",),
    },
    "BashOperator": {
        "af2": ("airflow.operators.bash",),
        "af3": ("airflow.providers.standard.operators.bash",),
    },
    "PythonOperator": {
        "af2": ("airflow.operators.python",),
        "af3": ("airflow.providers.standard.operators.python",),
    },
    "BranchPythonOperator": {
        "af2": ("airflow.operators.python",),
        "af3": ("airflow.providers.standard.operators.python",),
    },
    "ShortCircuitOperator": {
        "af2": ("airflow.operators.python",),
        "af3": ("airflow.providers.standard.operators.python",),
    },
    "TimeDeltaSensor": {
        "af2": ("airflow.sensors.time_delta",),
        "af3": ("airflow.providers.standard.sensors.time_delta",),
    },
    "PythonSensor": {
        "af2": ("airflow.sensors.python",),
        "af3": ("airflow.providers.standard.sensors.python",),
    },
    "BashSensor": {
        "af2": ("airflow.sensors.bash",),
        "af3": ("airflow.providers.standard.sensors.bash",),
    },
}


@cache
def _row(version: str) -> dict[str, Any]:
    return table()[version].facts  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Available:
    """What one (version, style) pair can import and use."""

    version: str
    style: str

    def modules(self, symbol: str) -> tuple[str, ...]:
        imports = _row(self.version)["imports"]
        return tuple(
            module
            for module in CANDIDATES[symbol][self.style]
            if symbol in imports.get(module, {}).get("names", {})
        )

    def has(self, symbol: str) -> bool:
        return bool(self.modules(symbol))

    @property
    def decorators(self) -> frozenset[str]:
        """TaskFlow decorator kinds (``python``, ``bash``, ``branch``...) this version has."""
        return frozenset(_row(self.version)["decorators"])

    @property
    def trigger_rules(self) -> tuple[str, ...]:
        return tuple(_row(self.version)["trigger_rules"])

    @property
    def schedules(self) -> tuple[str, ...]:
        """Schedule kinds the probe measured valid: presets, cron strings, ``None``, ``<asset>``..."""
        entries = _row(self.version)["schedules"].items()
        return tuple(sorted(k for k, v in entries if "error" not in v and "validate_error" not in v))

    @property
    def asset(self) -> str | None:
        return next((name for name in ("Asset", "Dataset") if self.has(name)), None)


def styles(version: str) -> tuple[str, ...]:
    """The import styles a version parses: Airflow 3 style needs ``airflow.sdk``."""
    return tuple(s for s in STYLES if Available(version, s).has("DAG"))
