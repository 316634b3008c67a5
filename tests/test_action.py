"""action.yml and the CI docs name only settings that exist (they mirror settings.OPTIONS)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_dagfidelity.settings import OPTIONS, flag, ini_name

ROOT = Path(__file__).parent.parent
FLAGS = {"--dag-fidelity", "--dag-fidelity-update", *(flag(o) for o in OPTIONS)}
INI_KEYS = {"dag_fidelity", *(ini_name(o) for o in OPTIONS)}


@pytest.mark.parametrize("name", ["action.yml", "docs/ci.md", "docs/upgrade.md"])
def test_every_flag_and_ini_key_named_exists(name: str) -> None:
    text = (ROOT / name).read_text()
    flags = set(re.findall(r"--dag-fidelity[\w-]*", text))
    keys = set(re.findall(r"\bdag_fidelity\w*", text))
    assert flags and flags <= FLAGS, sorted(flags - FLAGS)
    assert keys <= INI_KEYS, sorted(keys - INI_KEYS)


def test_the_action_installs_the_matrix_pins_from_pyproject() -> None:
    text = (ROOT / "action.yml").read_text()
    assert '["tool"]["dagfidelity"]["matrix"]' in text and "pyproject.toml" in text
