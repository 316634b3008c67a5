"""Parses, after planting a fake colorsys in sys.modules for a later file to import."""

import sys
import types

from airflow import DAG

fake = types.ModuleType("colorsys")
fake.__name__ = "poisoned_colorsys"
sys.modules["colorsys"] = fake
dag = DAG("plants_fake_colorsys", schedule=None)
