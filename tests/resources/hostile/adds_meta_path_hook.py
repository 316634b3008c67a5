"""Puts an import hook first on sys.meta_path that refuses every later import, then fails."""

import sys

from airflow import DAG  # noqa: F401


class Refuse:
    def find_spec(self, name, path=None, target=None):
        raise ImportError(f"hostile import hook refuses {name}")


sys.meta_path.insert(0, Refuse())
raise RuntimeError("hostile: sys.meta_path hooked")  # <- fails here
