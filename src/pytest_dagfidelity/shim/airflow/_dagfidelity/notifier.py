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
