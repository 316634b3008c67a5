"""Monkeypatches DAG.__init__ so that every later DAG is renamed, then fails."""

from airflow import DAG

_real_init = DAG.__init__


def _renaming_init(self, dag_id, *args, **kwargs):
    _real_init(self, f"hijacked_{dag_id}", *args, **kwargs)


DAG.__init__ = _renaming_init
raise RuntimeError("hostile: DAG.__init__ patched")  # <- fails here
