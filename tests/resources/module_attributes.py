"""What a DAG file sees of itself as a module: its spec, loader, bytecode path and package, as the
importlib calls DagBag makes for it set them (the shim builds the module without them)."""

import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator

spec = __spec__
seen = [
    f"name: {__name__ == spec.name} {__name__.startswith('unusual_prefix_')}",
    f"loader: {type(__loader__).__name__} {__loader__ is spec.loader} {__loader__.name == __name__} "
    f"{__loader__.path == __file__}",
    f"origin: {spec.origin == __file__} {spec.has_location} {type(spec).__name__}",
    f"cached: {spec.cached == __cached__} {str(__cached__).endswith('.pyc')}",
    f"package: {__package__!r} {spec.parent!r} {spec.submodule_search_locations!r} {spec.loader_state!r}",
]

with DAG(
    "module_attributes", start_date=datetime.datetime(2024, 1, 1), schedule=None, description="\n".join(seen)
):
    EmptyOperator(task_id="t")
