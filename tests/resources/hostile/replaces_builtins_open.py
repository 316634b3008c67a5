"""Replaces builtins.open so that every later read sees other text, then fails."""

import builtins
import io

from airflow import DAG  # noqa: F401

builtins.open = lambda *args, **kwargs: io.StringIO("poisoned by a hostile DAG file\n")
raise RuntimeError("hostile: builtins.open replaced")  # <- fails here
