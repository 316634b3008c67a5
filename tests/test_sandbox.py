"""The Landlock sandbox (worker/landlock.py): what each ABI enforces, and what a run says it lacks.

Kernels older than this machine's are simulated by capping the ABI the sandbox uses
(``DAGFIDELITY_LANDLOCK_ABI``, or ``confine(version=...)``): the rules then built are the
ones an older kernel would accept.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_dagfidelity.worker import landlock

from .conftest import RESOURCES

needs_landlock = pytest.mark.skipif(landlock.kernel_abi() < 6, reason="this kernel has no Landlock ABI 6")


@pytest.mark.parametrize(
    ("abi", "missing"),
    [
        (0, ("file-system writes", "truncating", "TCP", "signals")),
        (1, ("truncating", "TCP", "signals")),
        (3, ("TCP", "signals")),
        (5, ("signals",)),
        (6, ()),
        (7, ()),
    ],
)
def test_status_names_exactly_what_an_abi_does_not_enforce(abi: int, missing: tuple[str, ...]) -> None:
    status = landlock.status(abi)
    assert len(status.missing) == len(missing)
    assert all(word in what for word, what in zip(missing, status.missing, strict=True))
    assert "\n" not in status.line
    if missing:
        assert "NOT enforced" in status.line and all(w in status.line for w in missing)
    else:
        assert "every protection is enforced" in status.line


def test_the_cap_variable_lowers_the_abi_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(landlock.ABI_CAP_VARIABLE, "0")
    assert landlock.abi() == 0 and landlock.status().missing
    monkeypatch.delenv(landlock.ABI_CAP_VARIABLE)
    assert landlock.abi() == landlock.kernel_abi()


def in_sandbox(version: int, scratch: Path, attempt: Callable[[], object]) -> str:
    """Run ``attempt`` in a forked child confined with ``version``: 'allowed' or the error's name."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        outcome = b"allowed"
        try:
            landlock.confine(str(scratch), version)
            attempt()
        except BaseException as exc:  # noqa: BLE001
            outcome = type(exc).__name__.encode()
        os.write(write, outcome)
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as fh:
        return fh.read().decode()


@needs_landlock
@pytest.mark.parametrize("version", [1, 3, 4, 6])
def test_writes_outside_the_scratch_folder_are_refused_even_to_child_processes(
    tmp_path: Path, version: int
) -> None:
    scratch, outside = tmp_path / "scratch", tmp_path / "outside"
    scratch.mkdir()
    outside.mkdir()
    (outside / "sentinel").write_text("kept\n")

    def write_inside_then_outside() -> None:
        (scratch / "made").write_text("fine")
        Path(os.devnull).write_text("fine")
        subprocess.run(["sh", "-c", f"echo gone > {outside / 'sentinel'}"], check=True)

    assert in_sandbox(version, scratch, write_inside_then_outside) == "CalledProcessError"
    assert (scratch / "made").read_text() == "fine"
    assert (outside / "sentinel").read_text() == "kept\n"
    assert in_sandbox(version, scratch, lambda: os.mkfifo(outside / "fifo")) == "PermissionError"
    assert in_sandbox(version, scratch, lambda: (outside / "sentinel").unlink()) == "PermissionError"
    assert sorted(p.name for p in outside.iterdir()) == ["sentinel"]


@needs_landlock
@pytest.mark.parametrize(("version", "refused"), [(3, False), (4, True), (7, True)])
def test_tcp_bind_is_refused_from_abi_4(tmp_path: Path, version: int, refused: bool) -> None:
    def bind() -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))

    assert in_sandbox(version, tmp_path, bind) == ("PermissionError" if refused else "allowed")


@needs_landlock
@pytest.mark.parametrize(("version", "refused"), [(5, False), (6, True)])
def test_signals_out_of_the_sandbox_are_refused_from_abi_6(
    tmp_path: Path, version: int, refused: bool
) -> None:
    harness = os.getpid()
    outcome = in_sandbox(version, tmp_path, lambda: os.kill(harness, 0))  # 0: permission check only
    assert outcome == ("PermissionError" if refused else "allowed")


@needs_landlock
def test_a_child_may_still_signal_its_own_sandbox(tmp_path: Path) -> None:
    def signal_own_child() -> None:
        child = subprocess.Popen(["sleep", "30"])
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

    assert in_sandbox(7, tmp_path, signal_own_child) == "allowed"


def compile_cli(path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", "compile", str(path), "--airflow-version", "3.3"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize(
    ("cap", "says"), [("0", "no Landlock"), ("3", "TCP bind and connect"), ("5", "signals")]
)
def test_a_run_without_a_protection_says_once_what_is_not_enforced(cap: str, says: str) -> None:
    done = compile_cli(RESOURCES / "innocent.py", {landlock.ABI_CAP_VARIABLE: cap})
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("dagfidelity sandbox:")]
    assert len(lines) == 1 and "NOT enforced" in lines[0] and says in lines[0], done.stderr


@needs_landlock
def test_a_run_with_every_protection_says_nothing() -> None:
    env = {k: v for k, v in os.environ.items() if k != landlock.ABI_CAP_VARIABLE}
    done = subprocess.run(
        [sys.executable, "-m", "pytest_dagfidelity.cli", "compile", str(RESOURCES / "innocent.py")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "dagfidelity sandbox" not in done.stderr


@needs_landlock
def test_the_one_file_compile_confines_its_forked_parse(tmp_path: Path) -> None:
    """The shim's in-process compile forks the parse from the CLI: that child is sandboxed too."""
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("kept\n")
    dag = tmp_path / "dags" / "writes_by_shell.py"
    dag.parent.mkdir()
    dag.write_text(
        "import subprocess\nfrom airflow import DAG\n"
        f"subprocess.run(['sh', '-c', 'echo gone > {sentinel}'], check=True)\n"
        "dag = DAG('writes_by_shell', schedule=None)\n"
    )
    done = compile_cli(dag, {})
    assert done.returncode == 1
    assert "CalledProcessError" in done.stderr and "writes_by_shell.py:3" in done.stderr, done.stderr
    assert sentinel.read_text() == "kept\n"


def test_the_parse_imports_none_of_the_harness_or_shim_modules_the_server_lacks() -> None:
    # A module first imported in the sandboxed parser can never cache its bytecode there: it
    # would be compiled from source on every one-file compile.
    probe = """
import sys
from pytest_dagfidelity.versions import resolve_target
from pytest_dagfidelity.worker.shim_loader import ShimLoader

loader = ShimLoader(resolve_target("3.3"))
before = set(sys.modules)
response = loader.handle({"path": sys.argv[1], "now": None})
assert response["ok"], response
ours = ("pytest_dagfidelity", "airflow._dagfidelity")
print(sorted(m for m in set(sys.modules) - before if m.startswith(ours)))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe, str(RESOURCES / "sdk_on_any_version.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
