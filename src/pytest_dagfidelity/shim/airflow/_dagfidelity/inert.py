"""Placeholders for names a version exports that the shim does not model.

Importing them is harmless (most DAG files use them only inside task bodies, which
never run at parse time); *using* one while the file is parsed — calling it,
instantiating it or reading an attribute — is refused loudly, so a graph is never
built from something the shim only pretended to have.
"""

from __future__ import annotations

from typing import Any

from . import errors

_EXCEPTION_SUFFIXES = ("Exception", "Error", "Found", "Deferred", "Timeout", "Exit", "Warning")


def _refuse(what: str, use: str) -> errors.ShimUnsupported:
    if what.startswith("airflow.example_dags."):
        # Code of Airflow's own example plugins: the shim does not ship Airflow's source.
        return errors.unsupported(
            f"{what} ({use} while the DAG file is parsed): it is a class of Airflow's example plugins, "
            "whose code the shim does not ship, so its behaviour cannot be modelled",
            "parse this file with the airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
        )
    return errors.unsupported(
        f"{what} ({use} while the DAG file is parsed)",
        f"only use {what.rsplit('.', 1)[-1]} inside task bodies, or parse this file with the airflow backend "
        "(LEOFLOW_PARSER_BACKEND=airflow)",
    )


class _InertMeta(type):
    _dagfidelity_what = "?"

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        raise _refuse(cls._dagfidelity_what, "called")

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise _refuse(cls._dagfidelity_what, f"attribute {name!r} read")


class _InertObject:
    def __init__(self, what: str) -> None:
        object.__setattr__(self, "_what", what)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise _refuse(object.__getattribute__(self, "_what"), f"attribute {name!r} read")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise _refuse(object.__getattribute__(self, "_what"), "called")

    def __repr__(self) -> str:
        return f"<unmodelled {object.__getattribute__(self, '_what')}>"


def placeholder(module: str, name: str, instance: bool, what: str) -> Any:
    if instance:
        return _InertObject(what)
    if name[:1].isupper() and name.endswith(_EXCEPTION_SUFFIXES):
        return type(name, (errors.AirflowException,), {"__module__": module, "__qualname__": name})
    return _InertMeta(name, (), {"__module__": module, "__qualname__": name, "_dagfidelity_what": what})
