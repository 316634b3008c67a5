"""Which backends exist and how each starts: the one place a backend name is looked up.

Three sources, one namespace:

- built in: ``shim`` and ``airflow`` (real Airflow, the referee);
- installed packages, through the ``dagfidelity.backends`` entry-point group: each entry
  point names a ``start(name, options) -> Backend`` function;
- external commands the user names (``NAME=COMMAND``), speaking the JSON-lines protocol of
  ``docs/backends.md``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping

from ..exceptions import UsageError
from ..records import Record
from .base import BackendOptions

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from importlib import metadata
    from typing import Any

    from .protocol import Backend

ENV_VAR = "LEOFLOW_PARSER_BACKEND"
ENTRY_POINT_GROUP = "dagfidelity.backends"
DEFAULT = "shim"
REFERENCE = "airflow"  # real Airflow: what every other backend is held to
_NAME = re.compile(r"[a-z][a-z0-9_.-]{0,62}")

if TYPE_CHECKING:
    Start = Callable[[str, BackendOptions], Backend]


class Entry(Record):
    __slots__ = ("name", "source", "load", "serve")

    def __init__(
        self,
        name: str,
        source: str,  # "built in", "entry point <value> (<distribution>)", "command <argv>"
        load: Callable[[], Start],
        serve: Callable[[], Callable[[BackendOptions], Any]] | None = None,  # one server for a whole run
    ) -> None:
        self.name: str
        self.source: str
        self.load: Callable[[], Start]
        self.serve: Callable[[], Callable[[BackendOptions], Any]] | None
        self._set(name=name, source=source, load=load, serve=serve)

    @property
    def label(self) -> str:
        """How messages name it as the backend under test: "the shim refused it"."""
        return "shim" if self.name == DEFAULT else f"{self.name} backend"


def _builtin(module: str, attribute: str = "start") -> Callable[[], Any]:
    def load() -> Any:
        from importlib import import_module

        return getattr(import_module(module, __package__), attribute)

    return load


def _entry_point(point: metadata.EntryPoint) -> Callable[[], Start]:
    def load() -> Start:
        try:
            start = point.load()
        except Exception as exc:  # a broken third-party package: one line, naming it
            raise UsageError(
                f"backend {point.name!r}: entry point {point.value} cannot be loaded: "
                f"{type(exc).__name__}: {exc}"
            ) from None
        if not callable(start):
            raise UsageError(f"backend {point.name!r}: entry point {point.value} is not callable")
        return start  # type: ignore[no-any-return]

    return load


class Registry:
    def __init__(self, commands: Mapping[str, str] | None = None) -> None:
        self._entries: dict[str, Entry] = {
            "shim": Entry("shim", "built in", _builtin(".shim")),
            # Real Airflow costs seconds to import: an xdist run shares one (backends/shared.py).
            "airflow": Entry("airflow", "built in", _builtin(".airflow"), _builtin(".airflow", "serve")),
        }
        self._commands = dict(commands or {})
        self._complete = False
        if self._commands:  # a clash between a command and a package is said before anything runs
            self._complete_entries()

    def _complete_entries(self) -> None:
        """Add installed packages' and the user's backends. Deferred until a name that is not built
        in is asked for: reading entry points costs ~25 ms, a third of a one-file compile."""
        if self._complete:
            return
        self._complete = True
        from importlib import metadata

        for point in metadata.entry_points(group=ENTRY_POINT_GROUP):
            if point.name in self._entries:
                continue  # the built-ins cannot be replaced by an installed package
            dist = point.dist.name if point.dist is not None else "unknown distribution"
            self._entries[point.name] = Entry(
                point.name, f"entry point {point.value} ({dist})", _entry_point(point)
            )
        for name, command in self._commands.items():
            self._add_command(name, command)

    def _add_command(self, name: str, command: str) -> None:
        if not _NAME.fullmatch(name):
            raise UsageError(
                f"external backend name {name!r}: use lower-case letters, digits, '-', '_' or '.', "
                "starting with a letter"
            )
        if name in self._entries:
            raise UsageError(f"external backend {name!r}: that name is taken ({self._entries[name].source})")

        def load() -> Start:
            from .external import command_backend

            return command_backend(command)  # type: ignore[no-any-return]

        self._entries[name] = Entry(name, f"command {command}", load)

    @property
    def names(self) -> list[str]:
        self._complete_entries()
        return list(self._entries)

    def entry(self, name: str, given_by: str) -> Entry:
        if name not in self._entries:
            self._complete_entries()
        if name not in self._entries:
            raise UsageError(
                f"unknown DAG parser backend {name!r} (from {given_by}); valid values: "
                f"{', '.join(self._entries)} (more register through the {ENTRY_POINT_GROUP!r} entry-point "
                "group, or as NAME=COMMAND external backends; see docs/backends.md)"
            )
        return self._entries[name]

    def subject(self, explicit: str | None, flag: str, environ: Mapping[str, str] = os.environ) -> str:
        """The backend ``check`` holds to real Airflow: any but real Airflow itself."""
        name = self.select(explicit, flag, environ).name
        if name == REFERENCE:
            raise UsageError(
                "check holds a backend to real Airflow; the airflow backend would be compared with "
                "itself. Name another backend (--backend shim), or use compile --backend airflow"
            )
        return name

    @staticmethod
    def needs_airflow(names: Iterable[str]) -> bool:
        """Whether any of these backends is real Airflow (which needs an interpreter with it)."""
        return REFERENCE in names

    def select(self, explicit: str | None, flag: str, environ: Mapping[str, str] = os.environ) -> Entry:
        """The backend under test: ``explicit`` (from ``flag``), else $LEOFLOW_PARSER_BACKEND, else shim."""
        if explicit:
            return self.entry(explicit, flag)
        if environ.get(ENV_VAR):
            return self.entry(environ[ENV_VAR], f"${ENV_VAR}")
        return self.entry(DEFAULT, "the default")

    def start(self, name: str, options: BackendOptions) -> Backend:
        return self.entry(name, "the run").load()(name, options)

    def serve(self, name: str, options: BackendOptions) -> Any:
        """A server of backend ``name`` that many processes connect to (``BackendOptions.server``),
        where the backend offers one (a built-in module's ``serve(options)``), else None."""
        serve = self.entry(name, "the run").serve
        return serve()(options) if serve is not None else None


def parse_commands(lines: Iterable[str], given_by: str) -> dict[str, str]:
    """``NAME=COMMAND`` lines (ini ``dag_fidelity_external_backends``, ``--external-backend``)."""
    commands: dict[str, str] = {}
    for line in lines:
        name, sep, command = line.partition("=")
        if not sep or not command.strip():
            raise UsageError(f"external backend {line!r} (from {given_by}): write it as NAME=COMMAND")
        commands[name.strip()] = command.strip()
    return commands


def parse_compare(text: str, registry: Registry, given_by: str) -> tuple[str, ...]:
    """``A,B``: two or more backends to compare with each other (and with real Airflow)."""
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if len(names) < 2 or len(set(names)) != len(names):
        raise UsageError(f"{given_by} {text!r}: name two or more different backends, e.g. shim,myparser")
    for name in names:
        registry.entry(name, given_by)
        if name == REFERENCE:
            raise UsageError(
                f"{given_by} {text!r}: real Airflow is the referee of every comparison, not one of the "
                "backends compared; name the parsers only"
            )
    return names
