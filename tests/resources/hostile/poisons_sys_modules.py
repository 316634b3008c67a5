"""Poisons sys.modules: json becomes unimportable and colorsys a fake module, then fails."""

import sys
import types

from airflow import DAG  # noqa: F401

sys.modules["json"] = None
sys.modules["colorsys"] = types.ModuleType("colorsys_fake_from_a_hostile_file")
raise RuntimeError("hostile: sys.modules poisoned")  # <- fails here
