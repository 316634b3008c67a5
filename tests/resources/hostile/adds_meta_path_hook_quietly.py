"""Parses, after adding an import hook that serves a fake colorsys to later files."""

import sys
import types
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec

from airflow import DAG


class Fake(MetaPathFinder, Loader):
    def find_spec(self, name, path=None, target=None):
        return ModuleSpec(name, self) if name == "colorsys" else None

    def create_module(self, spec):
        return types.ModuleType("poisoned_colorsys")

    def exec_module(self, module):
        pass


sys.meta_path.insert(0, Fake())
dag = DAG("adds_meta_path_hook_quietly", schedule=None)
