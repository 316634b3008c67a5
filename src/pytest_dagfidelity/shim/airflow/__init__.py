"""The dagfidelity structural shim: a standard-library-only stand-in for ``airflow``.

Executing a DAG file against it records the graph Airflow would build, for the
Airflow version selected by ``DAGFIDELITY_TARGET`` (see ``_dagfidelity/versions/``),
and never runs a task body. Names it does not model fail loudly.
"""

from __future__ import annotations

from airflow._dagfidelity import finder as _finder
from airflow._dagfidelity import runtime as _runtime

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

_finder.install()


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _runtime.TARGET.full
    if name.startswith("__"):
        raise AttributeError(name)
    # One per emulated version, made on first use: every `from airflow import X` asks here, and
    # the children's set alone took ~0.5 ms to build (a module resolves each name once, as
    # real Airflow's lazy `airflow.__getattr__` keeps what it imported).
    top = _TOPS.get(_runtime.TARGET.minor)
    if top is None:
        top = _TOPS[_runtime.TARGET.minor] = _finder._ShimModule("airflow")
        top._dagfidelity_names = _runtime.TARGET.imports.get("airflow", {}).get("names", {})  # type: ignore[attr-defined]
        # Subpackages `import airflow` itself imports are attributes of the package (measured).
        top._dagfidelity_children = {  # type: ignore[attr-defined]
            m.split(".")[1] for m in _runtime.TARGET.facts.get("imported_with_airflow", ())
        }
    return getattr(top, name)


_TOPS: dict[str, Any] = {}
