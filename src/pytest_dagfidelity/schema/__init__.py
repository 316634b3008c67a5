"""The JSON Schemas this package ships, and a checker for the subset of JSON Schema they use.

Documents from outside the package (an external backend's answers) are checked against
them at run time. ``jsonschema`` is a test dependency only, so the checker is here: it
knows ``type``, ``required``, ``properties``, ``additionalProperties``, ``items``,
``enum``, ``const``, ``pattern``, ``oneOf`` and local ``$ref``; the tests check that
``jsonschema`` agrees with it on the shipped schemas.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

_HERE = os.path.dirname(os.path.abspath(__file__))
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


@functools.cache
def load(name: str) -> dict[str, Any]:
    """A shipped schema by file name, e.g. ``dag.schema.json``."""
    with open(os.path.join(_HERE, name), encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


def first_error(instance: Any, schema: dict[str, Any], root: dict[str, Any] | None = None) -> str | None:
    """Where and why ``instance`` breaks ``schema`` (e.g. ``$.dags.x: 'tasks' is required``), or None."""
    return _check(instance, schema, root or schema, "$")


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str) -> str | None:
    if "$ref" in schema:
        ref = schema["$ref"]
        target: Any = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        return _check(value, target, root, at)
    if "const" in schema and value != schema["const"]:
        return f"{at}: must be {schema['const']!r}, not {value!r:.80}"
    if "enum" in schema and value not in schema["enum"]:
        return f"{at}: {value!r:.80} is not one of {schema['enum']}"
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, name) for name in names):
            return f"{at}: must be {' or '.join(names)}, not {type(value).__name__}"
    if "oneOf" in schema:
        passing = [s for s in schema["oneOf"] if _check(value, s, root, at) is None]
        if len(passing) != 1:
            errors = [_check(value, s, root, at) for s in schema["oneOf"]]
            return next((e for e in errors if e), f"{at}: matches more than one alternative")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        return f"{at}: {value!r:.80} does not match {schema['pattern']}"
    if isinstance(value, dict):
        return _check_object(value, schema, root, at)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            error = _check(item, schema["items"], root, f"{at}[{index}]")
            if error:
                return error
    return None


def _check_object(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], at: str) -> str | None:
    for key in schema.get("required", ()):
        if key not in value:
            return f"{at}: {key!r} is required"
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in properties:
            error = _check(item, properties[key], root, f"{at}.{key}")
        elif extra is False:
            error = f"{at}: unexpected key {key!r}"
        elif isinstance(extra, dict):
            error = _check(item, extra, root, f"{at}.{key}")
        else:
            error = None
        if error:
            return error
    return None


def _is(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[name])
