"""The import hook that makes ``airflow.*`` look like the target version's Airflow.

Modules come from the version table: a module the version has serves exactly the
names real Airflow exports there; a module the version lacks fails with the same
``ModuleNotFoundError``. Provider operators the shim has never heard of are captured
generically; any other provider module imports, and each of its names is a placeholder that
refuses to be used while the file is parsed. Everything else under ``airflow`` the version
lacks fails as it does in Airflow, or is refused loudly.
"""

from __future__ import annotations

import importlib.machinery
import re
import sys
from types import ModuleType

from . import errors, runtime
from .versions import UNLISTED_FOLDERS

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

_GENERIC_KINDS = ("operators", "sensors", "transfers")
# Provider folders that hold modules, not names: a lowercase name read from one is a submodule.
_PROVIDER_FOLDERS = frozenset(
    (
        *_GENERIC_KINDS,
        "hooks",
        "triggers",
        "notifications",
        "utils",
        "decorators",
        "secrets",
        "links",
        "executors",
        "datasets",
        "assets",
        "log",
        "cloud",
        "aws",
        "azure",
        "microsoft",
        "apache",
        "common",
    )
)
_MISSING = r"(?s)^(\w+): (.*)$"  # compiled where a module is missing


class _ShimModule(ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        names = self.__dict__.get("_dagfidelity_names") or {}
        if name in names:
            from .impls import resolve

            value = resolve(names[name], name, self.__name__)
            setattr(self, name, value)
            return value
        children = self.__dict__.get("_dagfidelity_children", ())
        if (
            "_dagfidelity_names" in self.__dict__
            and name not in children
            and not self.__dict__.get("_dagfidelity_inert")
        ):
            # The version does not export this name here: fail as Python does for real Airflow.
            raise AttributeError(f"module '{self.__name__}' has no attribute '{name}'")
        if self.__dict__.get("_dagfidelity_provider"):
            return _provider_attribute(self, name)
        if self.__dict__.get("_dagfidelity_inert") and name not in children:
            from .inert import placeholder

            value = placeholder(self.__name__, name, False, f"{self.__name__}.{name}")
            setattr(self, name, value)
            return value
        known_children = self.__dict__.get("_dagfidelity_children", ())
        if name in known_children:
            import importlib

            return importlib.import_module(f"{self.__name__}.{name}")
        raise errors.unsupported(
            f"{self.__name__}.{name}",
            f"use an Airflow construct the shim models, or parse this file with the airflow backend "
            f"(LEOFLOW_PARSER_BACKEND=airflow); the shim models what {runtime.TARGET.full} exports for "
            "DAG structure",
        )


# A finder and loader by protocol (find_spec, create_module, exec_module): subclassing
# importlib.abc's classes would import importlib.resources, pathlib and tempfile at start-up.
class ShimFinder:
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if not fullname.startswith("airflow.") or fullname.startswith("airflow._dagfidelity"):
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: Any) -> ModuleType:
        name = spec.name
        if name.startswith("airflow.providers."):
            _unbundled_check(name)
        imports = runtime.TARGET.imports
        entry = imports.get(name)
        module = _ShimModule(name)
        module.__path__ = []  # type: ignore[attr-defined]
        module.__dagfidelity_shim__ = True  # type: ignore[attr-defined]
        if entry is not None and "missing" in entry:
            raise _missing(entry["missing"], name)
        if entry is not None:
            module.__dict__.update(_computed(name))
            module._dagfidelity_names = entry["names"]  # type: ignore[attr-defined]
            module._dagfidelity_children = imports.children(name)  # type: ignore[attr-defined]
            # A module probed only for the known objects it re-exports: its other names exist too.
            module._dagfidelity_inert = bool(entry.get("partial"))  # type: ignore[attr-defined]
            return module
        children = imports.children(name)
        if name in _modules():  # exists in this version, names unknown: everything is a placeholder
            module.__dict__.update(_computed(name))
            module._dagfidelity_inert = True  # type: ignore[attr-defined]
            module._dagfidelity_children = children  # type: ignore[attr-defined]
            return module
        if children:
            module._dagfidelity_children = children  # type: ignore[attr-defined]
            return module
        for known, known_entry in imports.missing():
            if known.startswith(name + "."):
                missing_name = _missing_name(known_entry["missing"])
                if missing_name and (name == missing_name or name.startswith(missing_name + ".")):
                    raise _missing(known_entry["missing"], name)
        parts = name.split(".")
        listed = parts[1] not in UNLISTED_FOLDERS and not any(p in UNLISTED_FOLDERS for p in parts[2:])
        if parts[1:3] == ["providers", "standard"] and "airflow.providers.standard" in _modules():
            listed = True  # Airflow 3's standard provider is listed module by module too
        if listed:
            # The table lists every module of this version's airflow package: this one does not exist.
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        if parts[1] == "providers" and len(parts) >= 3:
            return _provider_module(module, name, parts)
        raise errors.unsupported(
            f"the module {name}",
            "import operators from airflow.operators / airflow.providers.<provider>.operators (or sensors), "
            "or parse this file with the airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
        )

    def exec_module(self, module: ModuleType) -> None:
        return None


def _unbundled_check(name: str) -> None:
    """A provider this version's row lists but Airflow does not depend on (the standard provider
    on 2.x, measured installed) exists only where it is installed, as Python finds it."""
    for package in runtime.TARGET.facts.get("unbundled_providers", ()):
        if name == package or name.startswith(package + "."):
            from . import provider_source

            if not provider_source.package_installed(name):
                raise ModuleNotFoundError(f"No module named '{package}'", name=package)


def _provider_module(module: _ShimModule, name: str, parts: list[str]) -> _ShimModule:
    """Any provider module imports (hooks, triggers, utils... used in task bodies are ordinary);
    what a DAG file *uses* while parsed is decided name by name in ``_provider_attribute``."""
    from . import provider_source  # imports ast: only files that import a provider pay for it

    if provider_source.package_installed(name):
        source = provider_source.module_file(name)
        if source is None:  # the installed provider has no such module: as Python says
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        module._dagfidelity_source = source  # type: ignore[attr-defined]
    kinds = [i for i, p in enumerate(parts) if p in _GENERIC_KINDS]
    module._dagfidelity_generic = bool(kinds) and kinds[-1] == len(parts) - 2  # type: ignore[attr-defined]
    module._dagfidelity_provider = True  # type: ignore[attr-defined]
    return module


def _provider_attribute(module: _ShimModule, name: str) -> Any:
    from . import provider_source

    modname = module.__name__
    source = module.__dict__.get("_dagfidelity_source")
    if source is not None:
        if provider_source.is_submodule(modname, name):
            raise AttributeError(name)  # ``from package import submodule``: Python imports it next
        defined = provider_source.top_level_names(source)
        if defined is not None and name not in defined:
            raise AttributeError(f"module '{modname}' has no attribute '{name}'")
    elif not name[:1].isupper() and (
        modname.rsplit(".", 1)[-1] in _PROVIDER_FOLDERS or modname.count(".") == 2
    ):
        raise AttributeError(name)  # most likely a submodule; Python imports it next
    kind = None
    if name[:1].isupper():
        from .provider_classes import kind_of

        kind = kind_of(modname, provider_source.alias_of(modname, name) or name)
    if kind is not None:
        from .provider_classes import refused_class

        value: Any = refused_class(modname, name, kind)
    elif module.__dict__.get("_dagfidelity_generic") and name[:1].isupper():
        from .operators import GenericOperator, operator_class

        value = operator_class(f"{modname}:{name}", base=GenericOperator, generic=True)
    elif ".triggers." in f".{modname}." and name.endswith("Trigger"):
        from .triggers import provider_trigger_class

        value = provider_trigger_class(modname, name)
    elif ".notifications." in f".{modname}." and (
        name.endswith("Notifier") or (provider_source.alias_of(modname, name) or "").endswith("Notifier")
    ):
        from .notifier import provider_notifier_class

        value = provider_notifier_class(modname, provider_source.alias_of(modname, name) or name)
    else:
        from .inert import placeholder

        value = placeholder(modname, name, False, f"{modname}.{name}")
    setattr(module, name, value)
    return value


def _computed(name: str) -> dict[str, Any]:
    """Names a module has that the table cannot list: values computed from the installed Airflow
    (every version's ``airflow.version`` is ``from airflow import __version__ as version``), and
    objects a module defines where the table probed only what it re-exports (3.1's
    ``airflow.sdk.module_loading`` defines ``import_string``, 3.x's decorators package ``task``;
    read in the source of 2.11 and 3.0 to 3.3)."""
    if name == "airflow.version":
        return {"version": runtime.TARGET.full}
    if name in ("airflow.sdk.module_loading", "airflow.utils.module_loading"):
        from .module_loading import import_string

        return {"import_string": import_string}
    if name == "airflow.sdk.definitions.decorators":  # 3.x: ``task = TaskDecoratorCollection()`` there
        from .taskflow import task

        return {"task": task}
    return {}


_MODULES: dict[str, frozenset[str]] = {}


def _modules() -> frozenset[str]:
    minor = runtime.TARGET.minor
    if minor not in _MODULES:
        _MODULES[minor] = frozenset(runtime.TARGET.facts.get("modules", ()))
    return _MODULES[minor]


def _missing_name(text: str) -> str | None:
    m = re.search(r"No module named '([\w.]+)'", text)
    return m.group(1) if m else None


def _missing(text: str, name: str) -> BaseException:
    match = re.match(_MISSING, text)
    kind, message = (match.group(1), match.group(2)) if match else ("ModuleNotFoundError", text)
    missing = _missing_name(message) or name
    if kind == "ModuleNotFoundError" and missing.startswith("airflow.providers."):
        from . import provider_source

        if provider_source.package_installed(missing) and provider_source.module_file(missing) is not None:
            # Measured missing (without this provider, or with a version that lacked the module),
            # but the provider installed here has it: what it holds is not in the table.
            return errors.unsupported(
                f"the module {name}: its provider is installed here and has it, but the version "
                f"table of Airflow {runtime.TARGET.minor} was measured without it",
                "parse this file with the airflow backend (LEOFLOW_PARSER_BACKEND=airflow), or import "
                "what this Airflow version provides without the provider",
            )
    if kind == "ModuleNotFoundError":
        return ModuleNotFoundError(f"No module named '{missing}'", name=missing)
    if kind == "ImportError":
        return ImportError(message, name=name)
    # A package that refuses to import on this version with its own error (the standard
    # provider's HITL module on 3.0 raises AirflowOptionalProviderFeatureException): same name.
    return type(kind, (errors.AirflowException,), {"__module__": "airflow.exceptions"})(message)


FINDER = ShimFinder()


def install() -> None:
    if FINDER not in sys.meta_path:
        sys.meta_path.insert(0, FINDER)
