"""Sessions for pytest-dagfidelity. The Airflow matrix is read from pyproject.toml."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import nox
import tomllib

nox.options.default_venv_backend = "uv"
# Every venv gets its bytecode at install: uv writes none by default, and where
# PYTHONDONTWRITEBYTECODE is set (many CI machines and images) none is written later either,
# so each process importing real Airflow compiled it from source (measured on 2.11.2: ~10 s a
# start against ~3 s). Compiling a fresh Airflow venv once costs ~30 s; reused, seconds.
os.environ.setdefault("UV_COMPILE_BYTECODE", "1")
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "tests"]

PYTHON = "3.11"
ROOT = Path(__file__).parent
MATRIX: dict[str, dict[str, object]] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
    "dagfidelity"
]["matrix"]
VERSIONS = list(MATRIX)
NEWEST_2, NEWEST_3 = (
    max((v for v in VERSIONS if v.startswith("2.")), key=lambda v: int(v.split(".")[1])),
    max((v for v in VERSIONS if v.startswith("3.")), key=lambda v: int(v.split(".")[1])),
)


def per_version(
    versions: list[str], tags: list[str] | None = None
) -> Callable[[Callable[[nox.Session, str], None]], None]:
    """Register one session per Airflow version, named ``<name>-X.Y`` (as README and CI call them)."""

    def register(func: Callable[[nox.Session, str], None]) -> None:
        for version in versions:

            def run(session: nox.Session, _version: str = version) -> None:
                func(session, _version)

            run.__doc__ = func.__doc__
            nox.session(python=PYTHON, name=f"{func.__name__}-{version}", tags=tags)(run)

    return register


def dag_factory_pin() -> str:
    """The dag-factory release of the newest version's pins: the one the shim runs without Airflow."""
    pins: list[str] = MATRIX[NEWEST_3]["pins"]  # type: ignore[assignment]
    return next(p for p in pins if p.startswith("dag-factory"))


def install_dag_factory_without_airflow(session: nox.Session) -> None:
    # dag-factory declares apache-airflow as a dependency; here it runs on the shim instead.
    session.install("--no-deps", dag_factory_pin())


def install_airflow(session: nox.Session, airflow: str) -> None:
    entry = MATRIX[airflow]
    session.install(f"apache-airflow=={entry['airflow']}", *entry["pins"], "-e", ".[test]")  # type: ignore[misc]


@nox.session(python=PYTHON, tags=["ci"])
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "tools", "noxfile.py", "hatch_build.py")
    session.run("ruff", "format", "--check", "src", "tests", "tools", "noxfile.py", "hatch_build.py")


@nox.session(python=PYTHON, tags=["ci"])
def typecheck(session: nox.Session) -> None:
    """Mypy (strict) on src/."""
    session.install("mypy", "-e", ".[test]")
    session.run("mypy", *session.posargs)


@nox.session(python=PYTHON, tags=["ci"])
def tests(session: nox.Session) -> None:
    """The test suite without Airflow: compiler, shim, backends, CLI."""
    session.install("-e", ".[test]")
    install_dag_factory_without_airflow(session)
    session.run("pytest", "-m", "not airflow", "-n", "2", *session.posargs)


@per_version([NEWEST_2, NEWEST_3], tags=["ci"])
def integration(session: nox.Session, airflow: str) -> None:
    """Tests against real Airflow: check, the plugin's live and update paths, example DAGs."""
    install_airflow(session, airflow)
    # Two workers: much of it waits on time limits and Airflow worker restarts, not on the CPU.
    session.run("pytest", "-m", "airflow", "-n", "2", *session.posargs)


@per_version(VERSIONS, tags=["ci"])
def fidelity(session: nox.Session, airflow: str) -> None:
    """The main job: pytest --dag-fidelity on the shipped corpus against real Airflow."""
    install_airflow(session, airflow)
    session.run("pytest", "--dag-fidelity", *session.posargs)


@per_version(VERSIONS)
def fuzz(session: nox.Session, airflow: str) -> None:
    """Differential fuzzing: 500 generated DAG files (DAGFIDELITY_FUZZ_EXAMPLES) through both backends."""
    install_airflow(session, airflow)
    examples = os.environ.get("DAGFIDELITY_FUZZ_EXAMPLES", "500")
    session.run(
        "pytest",
        "-m",
        "airflow",
        "-p",
        "no:cacheprovider",
        "-rA",
        "tests/test_fuzz.py",
        *session.posargs,
        env={"DAGFIDELITY_FUZZ_EXAMPLES": examples},
    )


@per_version(VERSIONS)
def golden(session: nox.Session, airflow: str) -> None:
    """Regenerate this version's goldens from real Airflow (only the collected DAGs)."""
    install_airflow(session, airflow)
    session.run(
        "pytest", "--dag-fidelity", "--dag-fidelity-update", "-p", "no:cacheprovider", *session.posargs
    )


@per_version(VERSIONS)
def examples(session: nox.Session, airflow: str) -> None:
    """Check the example DAGs this Airflow ships; record the verdicts and update docs/fidelity.md."""
    install_airflow(session, airflow)
    folder = session.run(
        "python",
        "-c",
        "import airflow.example_dags as m, os; print(os.path.dirname(m.__file__))",
        silent=True,
        env={"AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR"},
    )
    assert isinstance(folder, str)
    raw = Path(session.create_tmp()) / "examples.jsonl"
    with raw.open("w") as out:
        session.run(
            "dagfidelity",
            "check",
            "--json",
            folder.strip().splitlines()[-1],
            *session.posargs,
            stdout=out,
            stderr=None,  # progress and notes stay on the terminal, out of the JSON lines
            success_codes=[0, 1],
        )
    session.run("python", "tools/fidelity_report.py", "record", airflow, str(raw))
    session.run("python", "tools/fidelity_report.py", "render")


@per_version(VERSIONS)
def dagfactory_examples(session: nox.Session, airflow: str) -> None:
    """Check dag-factory's example configs (a checkout's dev/dags, given after --) with this Airflow."""
    if not session.posargs:
        session.error("give dag-factory's examples: nox -s dagfactory_examples-3.3 -- DAG_FACTORY/dev/dags")
    folder = os.path.abspath(session.posargs[0])
    install_airflow(session, airflow)
    # The examples name their Python files through $CONFIG_ROOT_DIR: the DAG folder, as dag-factory sets it.
    session.run("dagfidelity", "check", folder, env={"CONFIG_ROOT_DIR": folder}, success_codes=[0, 1])


@per_version(VERSIONS)
def probe(session: nox.Session, airflow: str) -> None:
    """Measure this Airflow version into the shim's version table (tools/probe_airflow.py)."""
    install_airflow(session, airflow)
    session.run(
        "python", "tools/probe_airflow.py", "src/pytest_dagfidelity/shim/airflow/_dagfidelity/versions"
    )


# Made afresh: a venv reused from an older noxfile may hold packages no user has.
@nox.session(python=PYTHON, reuse_venv=False)
def bench(session: nox.Session) -> None:
    """Benchmark the shim against real Airflow (newest 3.x, and newest 2.x for the cold-start row)."""
    # What a user's venv holds: Airflow, this plugin and xdist (the -n 2 row). Not the test extra:
    # its pytest plugins (hypothesis imports itself at every run's end, ~0.4 s) are ours, not theirs.
    newest = MATRIX[NEWEST_3]
    session.install(f"apache-airflow=={newest['airflow']}", *newest["pins"], "-e", ".", "pytest-xdist")  # type: ignore[misc]
    entry = MATRIX[NEWEST_2]
    older = Path(session.create_tmp()) / f"airflow-{NEWEST_2}"
    python = str(older / "bin" / "python")
    session.run("uv", "venv", "--allow-existing", "--python", PYTHON, str(older))
    pins = [f"apache-airflow=={entry['airflow']}", *entry["pins"]]  # type: ignore[misc]
    session.run("uv", "pip", "install", "--python", python, *pins, "-e", ".")
    session.run("python", "benchmarks/run.py", "--airflow-python", python, *session.posargs)
