"""What a DAG file may not do while it is parsed, the same for both backends.

Its top-level code runs (as Airflow runs it), in a process of its own (worker/forkserver.py),
but it may not write files, and it gets a time and a memory limit. ``os._exit`` still ends
the process, as it would end Airflow's, but first leaves word of the line that called it
(``on_exit``), so the harness can report it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType

from . import tempdir

try:
    import resource
except ImportError:  # Windows has no resource module: no memory limit there
    resource = None  # type: ignore[assignment]

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any, NoReturn

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_CHANGES_FILES = frozenset(
    {
        "os.remove",
        "os.rename",
        "os.rmdir",
        "os.mkdir",
        "os.truncate",
        "os.chmod",
        "os.chown",
        "os.link",
        "os.symlink",
        "os.utime",
        "shutil.rmtree",
        "shutil.move",
    }
)


class WriteAtImport(BaseException):
    """A DAG file changed the file system while it was parsed.

    A BaseException, so the DAG file's own ``except Exception`` cannot swallow it.
    """

    dagfidelity_fix = (
        "Airflow parses every DAG file again and again (every 30 s by default), so top-level code "
        "must not write files; move the write into a task, or to deployment time"
    )


class ParseTimeout(BaseException):
    """The file ran past the time limit. A BaseException, as WriteAtImport, so it cannot be caught
    by the file's ``except Exception``."""

    dagfidelity_fix = (
        "make the file's top-level code finish quickly (no endless loops, sleeps or network calls "
        "at import), or raise the time limit (--timeout)"
    )


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the file after ``seconds``, where it runs, as Airflow's own import timeout does."""
    if not seconds or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        _WATCH.stopped = ParseTimeout(f"parsing took longer than the {seconds:g} s time limit")
        raise _WATCH.stopped

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Watch:
    dag_file: str | None = None
    # The first WriteAtImport or ParseTimeout raised: reported even if the file (or Airflow's
    # DagBag, which turns exceptions into import-error text) caught it.
    stopped: BaseException | None = None
    last_words: Callable[[dict[str, Any]], None] | None = None  # where os._exit leaves word


_WATCH = _Watch()
_real_exit = os._exit


def _caller_in(dag_file: str, frame: FrameType | None) -> str:
    """``file:line`` of the innermost frame in the DAG file, else of the nearest caller."""
    nearest = None
    while frame is not None:
        where = f"{frame.f_code.co_filename}:{frame.f_lineno}"
        if frame.f_code.co_filename == dag_file:
            return where
        nearest = nearest or where
        frame = frame.f_back
    return nearest or "?"


def _audit(event: str, args: tuple[Any, ...]) -> None:
    dag_file = _WATCH.dag_file
    if dag_file is None:
        return
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int) or path == os.devnull:
            return
        writes = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITE_FLAGS)
        if not writes:
            return
        what = f"open({os.fsdecode(path)!r}, {mode!r})" if isinstance(mode, str) else f"os.open({path!r})"
    elif event in _CHANGES_FILES:
        what = f"{event}({', '.join(repr(a) for a in args[:2])})"
    elif event in ("os.kill", "os.killpg"):
        _note_own_signal(event, *args[:2])
        return
    else:
        return
    refused = WriteAtImport(f"the DAG file changes the file system while it is parsed: {what}")
    _WATCH.stopped = _WATCH.stopped or refused
    raise refused


def _note_own_signal(event: str, target: int, signum: int) -> None:
    """Leave word of a signal the file sends its own parse process (directly, to its process
    group, or to every process it may signal): should it end the process, the harness names
    the line, as for ``os._exit``. A signal it survives leaves a word nobody reads."""
    if _WATCH.last_words is None or not signum:  # signal 0 only asks whether it may
        return
    group = os.getpgrp()
    if event == "os.kill":
        own = target in (0, -1, os.getpid(), -group)
    else:
        own = target in (0, group)
    if own:
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = str(signum)
        where = _caller_in(_WATCH.dag_file or "", sys._getframe(2))
        _WATCH.last_words({"call": f"{event}({target}, {name})", "where": where})


def _exit_leaving_word(status: int) -> NoReturn:
    if _WATCH.last_words is not None:
        where = _caller_in(_WATCH.dag_file or "", sys._getframe(1))
        _WATCH.last_words({"call": f"os._exit({status!r})", "where": where})
    _real_exit(status)


def on_exit(send: Callable[[dict[str, Any]], None]) -> None:
    """Call ``send`` with the call and ``file:line`` of an ``os._exit`` the DAG file makes."""
    _WATCH.last_words = send


def install() -> None:
    tempdir.preset()  # tempfile's first gettempdir() writes a probe file: settled before any DAG file runs
    sys.addaudithook(_audit)


def _memory_in_use() -> int | None:
    """Bytes of address space this process holds now (Linux), else None."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def memory_limit(megabytes: float | None) -> Iterator[None]:
    """Let the DAG file allocate ``megabytes`` beyond what the worker holds already."""
    in_use = _memory_in_use() if megabytes and resource is not None else None
    if in_use is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = in_use + int(megabytes * 1024 * 1024)  # type: ignore[operator]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def watching(dag_file: str) -> Iterator[None]:
    """Refuse writes and mark ``os._exit`` while ``dag_file`` runs.

    What else it changes in the process (directory, environment, patches, modules) needs no
    putting back: the process ends with its file."""
    _WATCH.dag_file, _WATCH.stopped = dag_file, None
    os._exit = _exit_leaving_word
    try:
        try:
            yield
        except BaseException:
            if _WATCH.stopped is None:
                raise
        if _WATCH.stopped is not None:
            raise _WATCH.stopped
    finally:
        _WATCH.dag_file = None
        os._exit = _real_exit
