"""Every setting of the plugin, declared once: command-line option, ini key, default, help.

Imports only the standard library and pytest, so the plugin module can load it
without touching Airflow (real or shim).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest

from .declarations import Declarations
from .exceptions import DagFidelityError
from .importpath import ImportPath
from .shard import Shard

BACKEND_ENV = "LEOFLOW_PARSER_BACKEND"  # as backends/registry.py reads it
SHARED, ISOLATED = "shared", "isolated"  # dag_fidelity_collect: how collection lists DAG ids


@dataclass(frozen=True)
class Option:
    name: str  # dest and ini key: "dag_fidelity_<name>"
    help: str
    default: Any = None
    kind: Literal["string", "paths", "linelist"] = "string"  # ini type
    ini: bool = True


OPTIONS = (
    Option("paths", "DAG files or folders to collect", ["dags"], kind="paths"),
    Option("golden_dir", "where goldens live, one folder per Airflow minor version", "dag_goldens"),
    Option("airflow_python", "python of a venv with real Airflow (default: this one, if it has Airflow)"),
    Option("airflow_version", "Airflow X.Y the shim emulates when no real Airflow is reachable"),
    Option("timeout", "per-file time limit in seconds, for both backends", "30"),
    Option("memory_limit", "memory in MB a DAG file may allocate while parsed, for both backends", "2048"),
    Option(
        "backend",
        f"backend held to real Airflow and the goldens: shim, airflow or a registered one "
        f"(default: ${BACKEND_ENV}, else shim)",
    ),
    Option(
        "compare",
        "two or more backends, 'A,B': each held to real Airflow and the goldens, and to each other",
    ),
    Option(
        "external_backends",
        "backends that are programs speaking docs/backends.md's protocol: 'NAME=COMMAND' per line",
        [],
        "linelist",
    ),
    Option(
        "plugins_folder", "Airflow's plugins folder, on sys.path as Airflow puts it (if present)", "plugins"
    ),
    Option(
        "import_roots", "more folders DAG files import from (e.g. '.' for an Astro include/)", [], "paths"
    ),
    Option(
        "expected_failures",
        "files expected to fail: 'GLOB SPEC [raises=TYPE] [REASON]' per line (e.g. 'dags/sdk/*.py <3.0')",
        [],
        "linelist",
    ),
    Option("airflow_only", "files checked by real Airflow only: 'GLOB [REASON]' per line", [], "linelist"),
    Option(
        "yaml_suffixes",
        "dag-factory YAML configs to collect, by suffix: '.yaml,.yml' (dag-factory's default, or "
        "$DAGFIDELITY_YAML_SUFFIXES); 'none' collects no YAML",
    ),
    Option(
        "collect",
        "how collection lists DAG ids: 'shared' (a folder's files parsed one after another in one "
        "process, each listing confirmed by the file's own parse when its items run) or 'isolated' "
        "(every file parsed alone)",
        "shared",
    ),
    Option("shard", "K/N: check only the DAG files of shard K of N (one CI job per shard; see docs/ci.md)"),
    # Reports (read by report/plugin.py).
    Option("upgrade_to", "Airflow X.Y: add each DAG's changes from this run's version to X.Y (shim)"),
    Option("html", "write the HTML report (DAG × version matrix, task graphs) to this file"),
    Option("sarif", "write SARIF 2.1.0 (mismatches, refusals, upgrade breaks) to this file"),
    Option("results", "write this run's verdicts and upgrade changes as JSON (for `dagfidelity report`)"),
)


BY_NAME = {option.name: option for option in OPTIONS}


def ini_name(option: Option) -> str:
    return f"dag_fidelity_{option.name}"


def flag(option: Option) -> str:
    return "--" + ini_name(option).replace("_", "-")


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("dag-fidelity", "DAG structure fidelity (shim vs real Airflow vs goldens)")
    group.addoption("--dag-fidelity", action="store_true", help="collect every DAG as a test item")
    group.addoption(
        "--dag-fidelity-update",
        action="store_true",
        help="regenerate the goldens of the collected DAGs from real Airflow (command line only)",
    )
    for option in OPTIONS:
        kwargs: dict[str, Any] = {"dest": ini_name(option), "default": None, "help": option.help}
        if option.kind == "paths":
            kwargs["nargs"] = "+"
        elif option.kind == "linelist":
            kwargs["action"] = "append"
        group.addoption(flag(option), **kwargs)
        parser.addini(ini_name(option), option.help, type=option.kind, default=option.default)
    parser.addini("dag_fidelity", "enable --dag-fidelity by default", type="bool", default=False)


@dataclass(frozen=True)
class Settings:
    enabled: bool
    update: bool
    paths: tuple[Path, ...]
    golden_dir: Path
    airflow_python: str | None
    airflow_version: str | None
    timeout: float
    memory_limit: float
    backend: str  # the backend under test; with ``compare``, the first one compared
    compare: tuple[str, ...]  # two or more backends held to each other, or ()
    labels: dict[str, str]  # backend name -> how messages name it ("shim", "myparser backend")
    commands: dict[str, str]  # external backends: name -> command
    shard: Shard | None
    rootdir: Path
    import_path: ImportPath
    declarations: Declarations
    yaml_suffixes: tuple[str, ...] | None = None  # None: yaml_dags.suffixes()' default
    collect: str = SHARED  # how collection lists DAG ids: SHARED or ISOLATED

    @classmethod
    def from_config(cls, config: pytest.Config) -> Settings:
        root = Path(config.rootpath)

        def value(name: str) -> Any:
            option = BY_NAME[name]
            given = config.getoption(ini_name(option))
            return given if given is not None else config.getini(ini_name(option))

        paths = [Path(p) for p in value("paths")]
        backend, compare, labels, commands = _backends(value)
        timeout = _positive(BY_NAME["timeout"], value("timeout"), "seconds")
        memory_limit = _positive(BY_NAME["memory_limit"], value("memory_limit"), "megabytes")
        return cls(
            enabled=bool(config.getoption("dag_fidelity") or config.getini("dag_fidelity")),
            update=bool(config.getoption("dag_fidelity_update")),
            paths=tuple(p if p.is_absolute() else root / p for p in paths),
            golden_dir=_absolute(root, value("golden_dir")),
            airflow_python=value("airflow_python") or None,
            airflow_version=value("airflow_version") or None,
            timeout=timeout,
            memory_limit=memory_limit,
            backend=backend,
            compare=compare,
            labels=labels,
            commands=commands,
            shard=_shard(value("shard")),
            rootdir=root,
            import_path=ImportPath.build(root, value("plugins_folder"), value("import_roots")),
            declarations=_declarations(value("expected_failures"), value("airflow_only")),
            yaml_suffixes=_yaml_suffixes(value("yaml_suffixes")),
            collect=_collect(value("collect")),
        )


def _collect(raw: str) -> str:
    if raw not in (SHARED, ISOLATED):
        raise pytest.UsageError(
            f"--dag-fidelity-collect / dag_fidelity_collect is {raw!r}; it must be {SHARED!r} "
            f"(the default) or {ISOLATED!r}"
        )
    return raw


def _yaml_suffixes(raw: str | None) -> tuple[str, ...] | None:
    if not raw:
        return None
    if raw.strip().lower() == "none":
        return ()
    return tuple(s.strip() for s in raw.split(",") if s.strip())


def _backends(value: Any) -> tuple[str, tuple[str, ...], dict[str, str], dict[str, str]]:
    # Names are looked up in the registry only (entry points are listed, never imported, here).
    from .backends.registry import Registry, parse_commands, parse_compare

    given_by = "--dag-fidelity-backend / dag_fidelity_backend"
    try:
        commands = parse_commands(value("external_backends"), "dag_fidelity_external_backends")
        registry = Registry(commands)
        if value("compare"):
            compare = parse_compare(
                value("compare"), registry, "--dag-fidelity-compare / dag_fidelity_compare"
            )
            names = list(compare)
        else:
            compare, names = (), [registry.select(value("backend"), given_by).name]
        labels = {name: registry.entry(name, given_by).label for name in names}
    except DagFidelityError as exc:
        raise pytest.UsageError(str(exc)) from None
    return names[0], compare, labels, commands


def _shard(text: str | None) -> Shard | None:
    try:
        return Shard.parse(text, "--dag-fidelity-shard / dag_fidelity_shard") if text else None
    except DagFidelityError as exc:
        raise pytest.UsageError(str(exc)) from None


def _declarations(expected: list[str], airflow_only: list[str]) -> Declarations:
    try:
        return Declarations.from_lines(expected, airflow_only, "the pytest config")
    except DagFidelityError as exc:
        raise pytest.UsageError(str(exc)) from None


def _positive(option: Option, raw: str, unit: str) -> float:
    try:
        number = float(raw)
    except ValueError:
        number = -1.0
    if not number > 0:
        raise pytest.UsageError(
            f"{flag(option)} / {ini_name(option)}: {raw!r} is not a positive number of {unit}"
        )
    return number


def _absolute(root: Path, path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else root / p
