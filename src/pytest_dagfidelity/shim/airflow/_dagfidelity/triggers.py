"""Triggers a DAG file builds at parse time: today only to hand to an ``AssetWatcher``.

Each class stands for the real one the table lists (``trigger_classes``: its constructor
parameters, and whether it is an event trigger an ``AssetWatcher`` accepts). dag.json carries
an asset's identity, not its watchers, so a trigger never reaches it that way; passing one into
a task's arguments (where its real object state would be rendered) is refused.
"""

from __future__ import annotations

from typing import Any

from . import errors, runtime


class Trigger:
    _defined_at = ""
    _params: frozenset[str] | None = frozenset()
    event = False

    _positional: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(self._positional):
            raise TypeError(f"{type(self).__name__}.__init__() takes too many positional arguments")
        for name, value in zip(self._positional, args, strict=False):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}.__init__() got multiple values for argument '{name}'")
            kwargs[name] = value
        unknown = sorted(set(kwargs) - self._params) if self._params is not None else []
        if unknown:
            raise TypeError(
                f"{type(self).__name__}.__init__() got an unexpected keyword argument '{unknown[0]}'"
            )
        self.kwargs = kwargs

    def __getattr__(self, name: str) -> Any:
        if name == "__dagfidelity_rendered__":
            raise errors.unsupported(
                f"the trigger {type(self).__name__} passed into a task's arguments",
                "give triggers to AssetWatcher only, or parse this file with the airflow backend",
            )
        raise AttributeError(name)


def trigger_class(defined_at: str) -> type[Trigger]:
    measured = runtime.TARGET.facts["trigger_classes"][defined_at]
    module, qualname = defined_at.split(":")
    name = qualname.rsplit(".", 1)[-1]
    namespace = {
        "__module__": module,
        "__qualname__": qualname,
        "_defined_at": defined_at,
        "_params": frozenset(measured["params"]),
        "_positional": tuple(measured.get("positional", ())),
        "event": bool(measured["event"]),
    }
    return type(name, (Trigger,), namespace)


def provider_trigger_class(module: str, name: str) -> type[Trigger]:
    """A trigger class of a provider the table does not list (common.messaging's
    ``MessageQueueTrigger``, say): where the provider is installed, its constructor keywords and
    whether it is an event trigger are read from its source; where it is not, any keywords are
    taken and it counts as an event trigger, unvalidated."""
    from . import provider_source, provider_state

    params: frozenset[str] | None = None
    positional: tuple[str, ...] | None = None
    event = True
    installed = provider_source.package_installed(module)
    if installed:
        params = provider_source.class_params(module, name, _core_trigger_params)
        positional = provider_state.positional_params(module, name)
        ancestors = provider_source.class_ancestors(module, name)
        event = ancestors is None or "BaseEventTrigger" in ancestors
    namespace = {
        "__module__": module,
        "__qualname__": name,
        "_defined_at": f"{module}:{name}",
        "_params": params,
        "_positional": positional,
        "_installed": installed,
        "event": event,
    }
    return type(name, (_ProviderTrigger,), namespace)


class _ProviderTrigger(Trigger):
    """A provider's trigger: its positional parameters and argument checks read from its source
    where it is installed (``provider_state``); where the source cannot say, positional arguments
    are taken unvalidated, as keywords are."""

    _positional: tuple[str, ...] | None = ()  # type: ignore[assignment]
    _installed = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from . import provider_state

        cls = type(self)
        if cls._positional is None:
            self.kwargs = dict(kwargs)
            return
        super().__init__(*args, **kwargs)
        if not cls._installed:
            return
        try:
            provider_state.check_arguments(cls.__module__, cls.__qualname__, args, kwargs)
        except provider_state.UnreadableCheck as exc:
            # Whether real Airflow's constructor raises here is unknown: the file may not parse.
            raise errors.unsupported(
                f"the provider trigger {cls.__module__}.{cls.__qualname__} ({exc})",
                "parse this file with the airflow backend (LEOFLOW_PARSER_BACKEND=airflow)",
            ) from None


def _core_trigger_params(module: str, name: str) -> frozenset[str] | None:
    # BaseTrigger.__init__(**kwargs) takes any keyword: a chain that reaches it through **kwargs
    # accepts anything (None); one whose __init__ has no **kwargs is validated on its own.
    if module.split(".")[0] != "airflow" or name.endswith("Mixin"):
        return frozenset()
    return None
