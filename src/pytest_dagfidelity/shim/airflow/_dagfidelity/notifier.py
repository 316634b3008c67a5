"""BaseNotifier: DAG files subclass it and pass instances as callbacks; it never runs here."""

from __future__ import annotations

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
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
    """A provider's notifier (``SmtpNotifier``...). As a DAG or task callback dag.json records only
    that a callback is set. In ``default_args`` (which a DAG deep-copies) it carries the notifier's
    state, which is read from the installed provider's constructor (``provider_state``); where that
    cannot be read, or the provider is not installed here, the copy is refused."""

    _params: frozenset[str] | None = None
    _installed: bool = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        params = type(self)._params
        unknown = sorted(set(kwargs) - params) if params is not None else []
        if unknown:
            raise TypeError(
                f"{type(self).__name__}.__init__() got an unexpected keyword argument '{unknown[0]}'"
            )
        super().__init__()
        # Dunder keys: dag.json renders an object's __dict__ without them.
        self.__dict__["__dagfidelity_refusal__"] = self._read_state(args, kwargs)

    def _read_state(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
        """Sets the state real Airflow's instance would have; the reason it cannot, or None."""
        from . import provider_state, runtime
        from .versions import decode

        cls = type(self)
        if not cls._installed:
            return "the provider is not installed next to the shim, so its constructor cannot be read"
        base = {
            k: decode(v)
            for k, v in runtime.TARGET.facts.get("notifier_state", {}).items()
            if not k.startswith("$")
        }
        try:
            state = provider_state.instance_state(cls.__module__, cls.__qualname__, args, kwargs, base)
        except provider_state.UnreadableCheck as exc:
            # Whether real Airflow's constructor raises here is unknown: the file may not parse.
            from . import errors

            raise errors.unsupported(
                f"the provider notifier {cls.__module__}.{cls.__qualname__} ({exc})",
                "parse this file with the airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
            ) from None
        except provider_state.Unreadable as exc:
            return f"its constructor cannot be read from the provider's source: {exc}"
        self.__dict__.update(state)
        return None

    def __deepcopy__(self, memo: Any) -> Any:
        # A DAG deep-copies its default_args, whose notifier state dag.json carries: refused
        # while the file is parsed, at the line that puts it there, where the shim cannot know it.
        import copy

        from . import errors

        refusal = self.__dict__.get("__dagfidelity_refusal__")
        if refusal is not None:
            raise errors.unsupported(
                f"the state of the provider notifier {type(self).__module__}.{type(self).__qualname__} "
                f"(in default_args; {refusal})",
                "pass it as a DAG or task callback rather than in default_args, or parse this file with "
                "the airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
            )
        twin = type(self).__new__(type(self))
        memo[id(self)] = twin
        twin.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return twin


def provider_notifier_class(module: str, name: str) -> type:
    """A notifier class of a provider (its keywords read from source where it is installed)."""
    from . import provider_source

    def core(base_module: str, base: str) -> frozenset[str] | None:
        if base == "BaseNotifier":
            return frozenset({"context"})
        return frozenset() if base_module.split(".")[0] != "airflow" or base.endswith("Mixin") else None

    installed = provider_source.package_installed(module)
    params = provider_source.class_params(module, name, core) if installed else None
    namespace = {
        "__module__": module,
        "__qualname__": name,
        "_params": params,
        "_installed": installed,
    }
    return type(name, (_ProviderNotifier,), namespace)
