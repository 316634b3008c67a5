"""Parses, after patching DAG.__init__ so every later DAG would be renamed."""

from airflow import DAG

dag = DAG("patches_dag_init_quietly", schedule=None)
original = DAG.__init__


def renamed(self, dag_id, *args, **kwargs):
    original(self, f"hijacked_{dag_id}", *args, **kwargs)


DAG.__init__ = renamed
