"""Calls of value classes checked against the real signatures (``value_classes`` in the
version table), so a call real Airflow rejects with ``TypeError`` is rejected here too."""

from __future__ import annotations

from typing import Any

from . import runtime


def measured(name: str, defined_at: str | None = None) -> dict[str, Any] | None:
    """The measured signature of ``defined_at``, else of the class called ``name`` (SDK first)."""
    table = runtime.TARGET.facts.get("value_classes", {})
    if defined_at is not None and defined_at in table:
        return table[defined_at]  # type: ignore[no-any-return]
    found = sorted(
        (not key.startswith("airflow.sdk"), key) for key in table if key.rsplit(":", 1)[-1] == name
    )
    return table[found[0][1]] if found else None


def bind(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], defined_at: str | None = None
) -> dict[str, Any]:
    """``kwargs`` with ``args`` bound to their names; ``TypeError`` where Python would raise it."""
    signature = measured(name, defined_at)
    if signature is None:
        return dict(kwargs)
    positional = signature["positional"]
    if len(args) > len(positional) and not signature["var_positional"]:
        given, takes = len(args) + 1, len(positional) + 1  # self included, as Python counts
        raise TypeError(f"{name}.__init__() takes {takes} positional arguments but {given} were given")
    bound = dict(kwargs)
    for key, value in zip(positional, args, strict=False):
        if key in bound:
            raise TypeError(f"{name}.__init__() got multiple values for argument '{key}'")
        bound[key] = value
    unknown = sorted(set(kwargs) - set(signature["params"]))
    if unknown and not signature["var_keyword"]:
        raise TypeError(f"{name}.__init__() got an unexpected keyword argument '{unknown[0]}'")
    missing = [key for key in signature["required"] if key not in bound]
    if missing:
        raise TypeError(f"{name}.__init__() missing required argument: '{missing[0]}'")
    return bound
