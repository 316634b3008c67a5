"""BaseNotifier: DAG files subclass it and pass instances as callbacks; it never runs here."""

from __future__ import annotations

from typing import Any


class BaseNotifier:
    template_fields: tuple[str, ...] = ()
    template_ext: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from . import runtime
        from .versions import decode

        # What the version's BaseNotifier sets on every instance (measured).
        for key, value in runtime.TARGET.facts.get("notifier_state", {}).items():
            if not key.startswith("$"):
                setattr(self, key, decode(value))

    def notify(self, context: Any) -> None:  # pragma: no cover - a run-time hook
        raise NotImplementedError

    def __call__(self, *args: Any) -> None:  # pragma: no cover - a run-time hook
        return None


class _ProviderNotifier(BaseNotifier):
    """A provider's notifier (``SlackNotifier``...): fine as a DAG or task callback, where dag.json
    records only that a callback is set; its state is the provider's code, so a notifier whose
    state dag.json would carry (in ``default_args``, which a DAG deep-copies) is refused."""

    _params: frozenset[str] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        params = type(self)._params
        unknown = sorted(set(kwargs) - params) if params is not None else []
        if unknown:
            raise TypeError(
                f"{type(self).__name__}.__init__() got an unexpected keyword argument '{unknown[0]}'"
            )
        super().__init__()

    def __deepcopy__(self, memo: Any) -> Any:
        # A DAG deep-copies its default_args, whose notifier state dag.json carries: refused
        # while the file is parsed, at the line that puts it there.
        from . import errors

        raise errors.unsupported(
            f"the state of the provider notifier {type(self).__module__}.{type(self).__qualname__} "
            "(in default_args)",
            "pass it as a DAG or task callback rather than in default_args, or parse this file with "
            "the airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
        )


def provider_notifier_class(module: str, name: str) -> type:
    """A notifier class of a provider (its keywords read from source where it is installed)."""
    from . import provider_source

    def core(base_module: str, base: str) -> frozenset[str] | None:
        if base == "BaseNotifier":
            return frozenset({"context"})
        return frozenset() if base_module.split(".")[0] != "airflow" or base.endswith("Mixin") else None

    params = (
        provider_source.class_params(module, name, core)
        if provider_source.package_installed(module)
        else None
    )
    namespace = {"__module__": module, "__qualname__": name, "_params": params}
    return type(name, (_ProviderNotifier,), namespace)
