"""``airflow.utils.module_loading`` / ``airflow.sdk.module_loading``: loading an object by its
dotted path, as Airflow does (dag-factory builds every operator and callback this way)."""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


def import_string(dotted_path: str) -> Any:
    """Airflow's ``import_string``: the same errors, word for word, on every version."""
    try:
        module_path, class_name = dotted_path.rsplit(".", 1)
    except ValueError:
        raise ImportError(f"{dotted_path} doesn't look like a module path") from None
    module = import_module(module_path)
    try:
        return getattr(module, class_name)
    except AttributeError:
        raise ImportError(
            f'Module "{module_path}" does not define a "{class_name}" attribute/class'
        ) from None
