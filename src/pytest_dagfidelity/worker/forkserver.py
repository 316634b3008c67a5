"""The fork server: a warm worker that parses every DAG file in a fresh child process.

The worker imports its backend once (real Airflow, or the shim), then, for every
request, runs the file in a process forked from that warm state, as Airflow's DAG
processor does. Nothing a file does (patches, threads, ``sys.modules``, atexit, signal
handlers, processes it starts) outlives its file.

Processes, per file, where the kernel's sandbox scopes signals (Landlock ABI 6)::

    server (speaks to the harness; never runs a DAG file)
      └─ parser   own session and process group, sandboxed; runs FileLoader.handle(request),
                  sends one framed answer on a private pipe

The sandbox refuses any signal from the file to a process outside it, its parent
included, and the server learns how the parser ended from a pidfd. Without that scope
(an older kernel, or none), a supervisor stands between them::

    server
      └─ supervisor   own session and process group; waits for the parser, reports how it ended
           └─ parser

so that the parser's parent (``os.getppid()``) is the supervisor, and a file that signals
its parent stops or kills only the supervisor, which the server notices and reports.
The supervisor costs a fork and an exit of the warm process per file (measured: about
a third of a small file's time with real Airflow), so it is made only where needed.

A listing request (collection's shared parse: many files, one process) is split between
as many parse processes as the server may use cores, run at once (``_answer``).

Every parse process is forked before the request arrives (a listing's extra ones, after),
so none holds the request's id, which only the server echoes to the harness. The server
validates the answer, then kills the whole process group and every orphan reparented to
it (it is a child subreaper on Linux), before it answers the harness.

Worker-side code: standard library only.
"""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import gc
import json
import os
import re
import select
import signal
import sys
import time
from collections.abc import Callable

from ..compile import dumps
from ..yaml_dags import is_python
from . import guard, landlock, tempdir
from .loading import FileLoader, in_folders, remove_folder, user_folders

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any, BinaryIO

_STACK_WAIT = 1.0  # how long a parser over its time limit gets to dump its stack
_BACKSTOP = 5.0  # at least this long past the time limit before a parser that did not stop is killed
_TICK = 0.05  # how often a waiting server looks whether the supervisor was stopped
_MAX_ANSWER = 1 << 31  # bytes; a 50,000-task dag.json is about 40 MB
_LAST_WORDS, _IMPORTS, _RESPONSE = b"W", b"I", b"R"  # frame kinds on the answer pipe (JSON)
_TEXT = b"T"  # dag.json's text, as it is, before a response that says "text": true (parse_once)
# Library modules a parser imported that the server imports too, so the next parsers start
# with them (as Airflow's DAG processor pre-imports airflow.* modules before it forks).
_WARMABLE = re.compile(r"(airflow|pendulum|dateutil)(\.[A-Za-z_][A-Za-z0-9_]*)*")
_MAX_WARM = 2000  # modules a server imports this way, at most
# Files per parse process at least when a listing is split over cores: fewer do not repay a fork.
_MIN_SLICE = 20
# Signals that would end the server by default: it ignores them (it is in a session of its
# own, so no terminal sends them; the harness stops it by closing its stdin, or SIGKILL).
_IGNORED = ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGPIPE")
_PR_SET_PDEATHSIG, _PR_SET_CHILD_SUBREAPER = 1, 36


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def become_server() -> Callable[..., int] | None:
    """Prepare this process to fork parsers: the guard's audit hook, orphans reparented here."""
    guard.install()
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    return prctl


def parse_once(loader: FileLoader, request: dict[str, Any]) -> dict[str, Any]:
    """One file in one forked parser, for a caller that is not a worker (a one-file compile).
    With ``"text": true`` in the request, a document comes as dag.json's text (``"text"``)."""
    parser = ParseProcess(loader, (), become_server())
    try:
        answer = parser.run(request)
    finally:
        parser.finish()
    if parser.decoded is not None:  # the parser's answer, decoded once already to validate it
        return parser.decoded
    response: dict[str, Any] = json.loads(answer)
    return response


def serve(loader: FileLoader, requests: BinaryIO, channel: BinaryIO) -> None:
    """Answer each request line on ``requests`` with one line on ``channel``, echoing its id."""
    prctl = become_server()
    for name in _IGNORED:
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    inherited = (requests.fileno(), channel.fileno())
    warmed: set[str] = set()
    yaml_warm = False
    parser = ParseProcess(loader, inherited, prctl)
    try:
        for line in requests:
            if not line.strip():
                continue
            request = json.loads(line)
            request_id = request.pop("id", None)
            request.pop("text", None)  # its text frame is for parse_once: the channel speaks JSON
            if not yaml_warm and _names_a_yaml_config(request):
                # dag-factory imported here, once, as Airflow's imports were at start: the parser
                # forked before it arrived has it not, so a new one is forked with it.
                yaml_warm = True
                parser.finish()
                loader.warm_up_yaml()
                parser = ParseProcess(loader, inherited, prctl)
            try:
                answer, imports = _answer(loader, parser, request, inherited, prctl)
            finally:
                parser.finish()
            head = json.dumps({"id": request_id}, sort_keys=True).encode()
            channel.write(head[:-1] + b', "response": ' + answer + b"}\n")
            channel.flush()
            _warm(imports, warmed)
            parser = ParseProcess(loader, inherited, prctl)
    except BrokenPipeError:  # the harness is gone
        pass
    finally:
        parser.finish()


def _names_a_yaml_config(request: dict[str, Any]) -> bool:
    listed = request.get("paths")
    paths: list[Any] = listed if isinstance(listed, list) else [request.get("path")]
    return any(isinstance(p, str) and not is_python(p) for p in paths)


def _answer(
    loader: FileLoader,
    parser: ParseProcess,
    request: dict[str, Any],
    inherited: tuple[int, ...],
    prctl: Callable[..., int] | None,
) -> tuple[bytes, list[str]]:
    """The answer to ``request`` and the library modules its parsers imported. A listing
    (``"paths"``: collection's shared parse) is split between parse processes that run at
    once, one per core this process may use; any other request is ``parser``'s alone."""
    paths, files = request.get("paths"), request.get("files")
    if not isinstance(paths, list) or not isinstance(files, list):
        return parser.run(request), parser.imports
    count = min(_cores(), len(paths) // _MIN_SLICE)
    if count < 2:
        return parser.run(request), parser.imports
    # Round robin, not halves: files that are slow to parse often sit together (one folder).
    slices = [{**request, "paths": paths[i::count], "files": files[i::count]} for i in range(count)]
    parsers = [parser]
    answers: list[bytes] = [b""] * count
    failures: list[BaseException] = []

    def run(i: int) -> None:
        try:
            answers[i] = parsers[i].run(slices[i])
        except BaseException as exc:  # the server's own failure: raised below, as for one parser
            failures.append(exc)

    import threading  # only here: a server that never lists never starts a thread

    # Each thread waits on its own parser's pipes; all are joined before the server forks again.
    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(1, count)]
    try:
        for _ in threads:  # each closes the pipes of those before it: a parser holding another's
            # request pipe open would keep that one waiting for the end of its request
            held = tuple(fd for each in parsers for fd in each.server_fds())
            parsers.append(ParseProcess(loader, inherited + held, prctl))
        for thread in threads:
            thread.start()
        run(0)
    finally:
        for thread in threads:
            if thread.ident is not None:  # started
                thread.join()
        # Newest first: each sweeps the processes made after it (ParseProcess._others).
        for other in reversed(parsers[1:]):
            other.finish()
    if failures:
        raise failures[0]
    listings: dict[str, Any] = {}
    imports: list[str] = []
    for each, answer in zip(parsers, answers, strict=True):
        decoded = each.decoded if each.decoded is not None else json.loads(answer)
        if decoded.get("ok") is True:  # a slice whose process failed lists none of its files
            listings.update(decoded["listings"])
        imports += each.imports
    return json.dumps({"ok": True, "listings": listings}, sort_keys=True).encode(), imports


def _cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class ParseProcess:
    """A supervisor and its parser, forked from the warm server before their request arrives."""

    def __init__(
        self, loader: FileLoader, inherited: tuple[int, ...], prctl: Callable[..., int] | None
    ) -> None:
        # One reading of the sandbox decides both how the child is confined and whether the
        # parser is forked here, with no supervisor (the scope it confines with must be there).
        sandbox = landlock.abi()
        self.direct = _signals_scoped(sandbox)
        request_r, self._request_w = os.pipe()
        self._answer_r, answer_w = os.pipe()
        self._status_r, status_w = (-1, -1) if self.direct else os.pipe()
        self._dump_r, dump_w = os.pipe()
        # The one folder the parse process and its children may change (landlock.confine).
        self.scratch = tempdir.make_folder("dagfidelity-parse-")
        server = os.getpid()
        self._others = frozenset(_children())  # not ours to sweep (a caller's own processes)
        # What the server holds stays out of the children's garbage collections: a collection
        # touching every object would copy every page of the warm heap into each child.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the parser, or its supervisor
            try:
                for fd in (*inherited, self._request_w, self._answer_r, self._status_r, self._dump_r):
                    if fd >= 0:
                        os.close(fd)
                unconfined = _isolate(prctl, server, self.scratch, sandbox)
                if self.direct:
                    _become_parser(loader, self.scratch, unconfined, request_r, answer_w, dump_w)
                _supervise(loader, prctl, self.scratch, unconfined, request_r, answer_w, status_w, dump_w)
            finally:
                os._exit(70)
        self.pid = pid  # also the process group's id: the child leads a session of its own
        # Readable when the parser has ended (a parser forked here: no supervisor reports it).
        self._pidfd = os.pidfd_open(pid) if self.direct else -1
        self._loader = loader
        self.imports: list[str] = []  # library modules the parser imported, when it answered
        self.decoded: dict[str, Any] | None = None  # the parser's answer as run() validated it
        self._reaped = False
        self._finished = False
        for fd in (request_r, answer_w, status_w, dump_w):
            if fd >= 0:
                os.close(fd)

    def server_fds(self) -> tuple[int, ...]:
        """The server's ends of this parser's pipes, and its pidfd: for no other child to hold."""
        fds = (self._request_w, self._answer_r, self._status_r, self._dump_r, self._pidfd)
        return tuple(fd for fd in fds if fd >= 0)

    def run(self, request: dict[str, Any]) -> bytes:
        """The parser's validated answer as JSON (a response record), or an error record."""
        path = os.path.abspath(str(request.get("path")))
        timeout = float(request.get("timeout") or 0)
        try:
            _write_all(self._request_w, json.dumps(request).encode())
        except OSError:
            pass  # the parser is gone already: its end is reported below
        os.close(self._request_w)
        self._request_w = -1
        deadline = time.monotonic() + timeout + max(_BACKSTOP, timeout) if timeout else None
        frames = _Frames()
        status = b""  # the parser's wait status, as the supervisor reports it when the parser ends
        os.set_blocking(self._answer_r, False)
        # How the parser ended: its supervisor writes its wait status, or its pidfd turns readable.
        ended = self._pidfd if self.direct else self._status_r
        # select.poll, not selectors: it is all the server needs, and selectors costs a one-file
        # compile ~0.5 ms to import. Any event on a descriptor (data, its end) is read the same.
        poller = select.poll()
        watched = {self._answer_r, ended}
        for fd in watched:
            poller.register(fd, select.POLLIN)
        while frames.error is None:
            if status.endswith(b"\n"):
                # The parser ended: all it wrote is in the pipe. (A copy the file forked
                # may hold the pipe open: its end is not waited for.)
                _drain(self._answer_r, frames)
                if frames.error is None:
                    self.imports = frames.imports
                    if frames.response is None:
                        return _record(_died(int(status), frames.last_words, path))
                    self.decoded = frames.decoded
                    return frames.response
                break
            if ended not in watched:  # the supervisor ended before the parser
                return _record(self._supervisor_lost() or _garbled("its supervisor ended first"))
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return _record(self._timeout_error(path, timeout, request.get("now")))
            wait = _TICK if remaining is None else min(_TICK, remaining)
            events = poller.poll(int(wait * 1000) + 1)  # milliseconds, rounded up
            for fd, _ in events:
                if fd == self._answer_r:
                    if not _drain(self._answer_r, frames):
                        poller.unregister(fd)
                        watched.discard(fd)
                elif fd == self._pidfd:
                    _, code = os.waitpid(self.pid, 0)
                    self._reaped = True
                    status = b"%d\n" % code
                elif chunk := os.read(fd, 64):
                    status += chunk
                else:
                    poller.unregister(fd)
                    watched.discard(fd)
            if not events:
                stopped = self._supervisor_lost(stopped_only=True, frames=frames, path=path)
                if stopped is not None:
                    return _record(stopped)
        return _record(_garbled(str(frames.error)))

    def _supervisor_lost(
        self, stopped_only: bool = False, frames: _Frames | None = None, path: str = ""
    ) -> dict[str, Any] | None:
        """The error when the supervisor was stopped or killed: only the file can have done it
        (a parser forked here has none: the file can only have stopped the parser itself)."""
        if self.direct:
            return self._parser_stopped(frames, path)
        flags = os.WNOHANG | os.WUNTRACED if stopped_only else os.WUNTRACED
        try:
            pid, status = os.waitpid(self.pid, flags)
        except ChildProcessError:
            return None
        if pid == 0:
            return None
        if os.WIFSTOPPED(status):
            how = f"stopped by {_signal_name(os.WSTOPSIG(status))}"
        elif os.WIFSIGNALED(status):
            self._reaped = True
            how = f"killed by {_signal_name(os.WTERMSIG(status))}"
        else:
            self._reaped = True
            return None
        return _error(
            "WorkerCrashed",
            "signal",
            f"the file signalled its parent process while it was parsed (the parse process's "
            f"parent was {how}); the parse process was killed",
            "a DAG file's top-level code must not send signals to other processes (os.kill, kill): "
            "move it into a task",
        )

    def _parser_stopped(self, frames: _Frames | None, path: str) -> dict[str, Any] | None:
        try:  # a stop only: an ended parser stays unreaped, for its pidfd's reader
            found = os.waitid(os.P_PID, self.pid, os.WSTOPPED | os.WNOHANG)
        except ChildProcessError:
            return None
        if found is None:
            return None
        # The word the guard left before the signal went out (os.kill at the file's own process)
        # names the line; a stop by other means (a command, signal.raise_signal) leaves none.
        words = None
        if frames is not None:
            _drain(self._answer_r, frames)
            words = frames.last_words
        where = f" at {words.get('where')}" if words else ""
        error = _error(
            "WorkerCrashed",
            "signal",
            f"the file stopped its own parse process ({_signal_name(found.si_status)}){where} while "
            "it was parsed; the parse process was killed",
            "a DAG file's top-level code must not send signals to processes (os.kill, kill): "
            "move it into a task",
        )
        error["line"] = _line_in(words, path)
        return error

    def _timeout_error(self, path: str, timeout: float, now: str | None) -> dict[str, Any]:
        line = None
        if hasattr(signal, "SIGUSR1"):
            # faulthandler in the parser prints its running stack: the innermost line of the file.
            with contextlib.suppress(OSError):
                os.killpg(self.pid, signal.SIGUSR1)
            dump = b""
            deadline = time.monotonic() + _STACK_WAIT
            os.set_blocking(self._dump_r, False)
            while line is None and time.monotonic() < deadline:
                time.sleep(0.02)
                with contextlib.suppress(BlockingIOError):
                    dump += os.read(self._dump_r, 1 << 16)
                line = line_in_stack_dump(dump.decode("utf-8", "replace"), path)
        error = _error(
            "Timeout",
            "timeout",
            f"parsing took longer than the {timeout:g} s time limit and did not stop when interrupted"
            + (f" (it was running line {line})" if line else "")
            + "; the parse process was killed"
            + self._loader.frozen_clock_note(now),
            "make the file's top-level code finish quickly (no endless loops, sleeps or network calls "
            "at import), or raise the time limit (--timeout)",
        )
        error["line"] = line
        return error

    def finish(self) -> None:
        """Kill the process group, then every process left below the server; close the pipes."""
        if self._finished:
            return
        self._finished = True
        with contextlib.suppress(OSError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):  # it may not lead its group yet; its parser dies with it
            os.kill(self.pid, signal.SIGKILL)
        if not self._reaped:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
        _sweep(self._others)
        for fd in (self._request_w, self._answer_r, self._status_r, self._dump_r, self._pidfd):
            if fd >= 0:
                os.close(fd)
        remove_folder(self.scratch)


def _signals_scoped(sandbox: int) -> bool:
    """Whether a sandbox of Landlock ABI ``sandbox`` refuses the file's signals to any process
    outside it, its parent included (ABI 6), and a pidfd tells how a child ended: then a parser
    is forked with no supervisor above it."""
    return sandbox >= landlock.SIGNAL_SCOPE_ABI and _pidfds_work()


@functools.cache
def _pidfds_work() -> bool:
    """Whether this process may open pidfds (Linux 5.3; a seccomp profile may refuse them)."""
    try:
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        return False
    return True


def _isolate(prctl: Callable[..., int] | None, server: int, scratch: str, sandbox: int) -> str | None:
    """A parse process's first steps, in the process the server forked: a session of its own, the
    kernel's sandbox of ABI ``sandbox`` (for it and all it starts), plain stdio. Why it could not
    be confined, if it could not (the file is then not run)."""
    os.setsid()
    _die_with_parent(prctl, server)
    unconfined = None
    try:
        landlock.confine(scratch, sandbox)
    except landlock.SandboxError as exc:
        unconfined = str(exc)
    # What the file prints goes to stderr and it reads an empty stdin, wherever the fork server
    # runs (a worker, whose stdio are so already, or a one-file compile in the CLI).
    os.dup2(2, 1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    for name in _IGNORED:  # the server's own dispositions: a parse process has the defaults
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    return unconfined


def _supervise(
    loader: FileLoader,
    prctl: Callable[..., int] | None,
    scratch: str,
    unconfined: str | None,
    request_r: int,
    answer_w: int,
    status_w: int,
    dump_w: int,
) -> None:
    """The supervisor: fork the parser, wait for it, write its wait status. Confined already,
    so the parser may signal it (the same sandbox), which the server reports."""
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # the server asks the group for a stack dump
    me = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(status_w)
            _die_with_parent(prctl, me)
            _become_parser(loader, scratch, unconfined, request_r, answer_w, dump_w)
        finally:
            os._exit(70)
    for fd in (request_r, answer_w, dump_w):
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    os.write(status_w, b"%d\n" % status)
    os._exit(0)


def _become_parser(
    loader: FileLoader, scratch: str, unconfined: str | None, request_r: int, answer_w: int, dump_w: int
) -> None:
    """Parse the request's file in this process. Never returns."""
    # The file sees the signal dispositions of any Python process.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    _parse(loader, scratch, unconfined, request_r, answer_w, dump_w)


def _die_with_parent(prctl: Callable[..., int] | None, parent: int) -> None:
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before the line above
        os._exit(70)


def _parse(
    loader: FileLoader, scratch: str, unconfined: str | None, request_r: int, answer_w: int, dump_w: int
) -> None:
    """The parser: read the request, run the file, send one answer. Never returns."""
    gc.enable()  # the file runs with the collector on, whatever the process that forked it does
    faulthandler.register(signal.SIGUSR1, file=dump_w, all_threads=False)
    # The harness's own files for this parse (a YAML config's loader) go where the sandbox
    # allows them. TMPDIR stays as it is: a DAG reads tempfile.gettempdir() into its tasks'
    # arguments (Airflow's own example DAGs do), and it must be the same path for every
    # parse and both backends, as it is for Airflow's DAG processor.
    os.environ[landlock.SCRATCH_ENV] = scratch
    sys.stdout = sys.stderr
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the process
    # Bound before the file runs: what it replaces (json.dumps, os.write...) is not used here.
    write, getpid, exit_now = os.write, os.getpid, os._exit
    encode = _bound_encoder()
    me = getpid()
    forks: list[int] = []

    def send(kind: bytes, message: dict[str, Any] | bytes) -> None:
        if getpid() != me:  # a copy of this process the file forked: it never answers
            exit_now(0)
        payload = message if isinstance(message, bytes) else encode(message).encode("utf-8")
        data = memoryview(kind + b"%d\n" % len(payload) + payload)
        while data:
            data = data[write(answer_w, data) :]

    os.register_at_fork(before=lambda: forks.append(1))
    guard.on_exit(lambda words: send(_LAST_WORDS, words))
    before, path = set(sys.modules), sys.path[:]
    chunks = []
    while chunk := os.read(request_r, 1 << 16):
        chunks.append(chunk)
    os.close(request_r)
    request = json.loads(b"".join(chunks))
    try:
        if unconfined is not None:  # the kernel offers Landlock, yet it failed: the file does not run
            message = f"the parse process could not be sandboxed ({unconfined}); the file was not run"
            send(_RESPONSE, {"ok": False, "error": _error("SandboxFailed", "sandbox", message)})
            exit_now(0)
        response = loader.handle(request)
        if forks:
            response = {"ok": False, "error": _forked()}
        elif request.get("text") and response.get("ok") is True:
            text, response = _as_text(response)
            send(_TEXT, text)
        folders = user_folders(request.get("import_path") or ())  # resolved once, not per module
        imported = [name for name in set(sys.modules) - before if _warmable(name, folders, path)]
        send(_IMPORTS, {"modules": sorted(imported)[:_MAX_WARM]})
        send(_RESPONSE, response)
    except BaseException as exc:  # noqa: BLE001 - whatever it is, the server must hear of it
        with contextlib.suppress(BaseException):
            message = f"the parse process failed after the file ran: {type(exc).__name__}: {exc}"
            send(_RESPONSE, {"ok": False, "error": _error("WorkerCrashed", "crash", message)})
    exit_now(0)


def _as_text(response: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """dag.json's text, and the response that stands for the document (BackendOptions.text):
    sent as it is, the text is neither escaped here nor decoded in the server."""
    doc = response.pop("doc")
    gc.disable()  # the file has run; writing makes only acyclic strings, a 10,000-task run ~1e5
    text = dumps(doc).encode("utf-8")
    return text, {**response, "text": True, "dag_ids": sorted(doc["dags"])}


def _bound_encoder() -> Callable[[Any], str]:
    """``json.dumps(obj, sort_keys=True)``, with the C encoder built now, before any file runs."""
    try:
        from _json import encode_basestring_ascii, make_encoder
    except ImportError:  # not CPython
        return json.JSONEncoder(sort_keys=True).encode
    join = "".join

    def refuse(obj: Any) -> Any:
        raise TypeError(f"{type(obj).__name__} is not JSON")

    def encode(obj: Any) -> str:
        # markers, default, encoder, indent, separators, sort_keys, skipkeys, allow_nan
        encoder = make_encoder({}, refuse, encode_basestring_ascii, None, ": ", ", ", True, False, True)
        return join(encoder(obj, 0))

    return encode


class _Frames:
    """The parser's answer pipe: kind byte, length, newline, JSON payload; once each, in order."""

    def __init__(self) -> None:
        self._head = b""
        self._kind = b""
        self._parts: list[bytes] = []
        self._have = 0
        self._size = -1  # -1: reading a header
        self.last_words: dict[str, Any] | None = None
        self.imports: list[str] = []
        self.response: bytes | None = None
        self.decoded: dict[str, Any] | None = None  # the response, as decoded to validate it
        self.text: bytes | None = None  # a _TEXT frame's payload
        self.error: str | None = None

    def feed(self, chunk: bytes) -> None:
        while chunk and self.error is None:
            if self._size < 0:
                head, newline, chunk = (self._head + chunk).partition(b"\n")
                kind, size = head[:1], head[1:]
                if kind not in _KINDS or not size.isdigit() and (size or newline):
                    self.error = f"it does not start like an answer: {head[:40]!r}"
                elif len(head) > 12 or newline and int(size) > _MAX_ANSWER:
                    self.error = f"its header is too long, or announces too much: {head[:40]!r}"
                elif not newline:
                    self._head = head
                    return
                elif self.response is not None:
                    self.error = "more than one answer arrived (did the file fork?)"
                else:
                    self._head, self._kind, self._size = b"", kind, int(size)
                continue
            take = chunk[: self._size - self._have]
            chunk = chunk[len(take) :]
            self._parts.append(take)
            self._have += len(take)
            if self._have == self._size:
                payload = b"".join(self._parts)
                self._parts, self._have, self._size = [], 0, -1
                self._take(self._kind, payload)

    def _take(self, kind: bytes, payload: bytes) -> None:
        if kind == _TEXT:
            if self.text is not None:
                self.error = "more than one dag.json text arrived"
            self.text = payload
            return
        try:
            message = json.loads(payload)
        except ValueError as exc:
            self.error = f"it is not valid JSON ({exc})"
            return
        if kind == _LAST_WORDS:
            self.last_words = message if isinstance(message, dict) else None
            return
        if kind == _IMPORTS:
            names = message.get("modules") if isinstance(message, dict) else None
            if isinstance(names, list):
                self.imports = [n for n in names if isinstance(n, str) and _WARMABLE.fullmatch(n)]
            return
        problem = _invalid(message)
        if problem is not None or b"\n" in payload:
            self.error = problem or "it spans lines"
            return
        if message.get("text") is True:  # the document came as text, in the frame before
            try:
                message["text"] = self.text.decode("utf-8") if self.text is not None else None
            except UnicodeDecodeError:
                message["text"] = None
            if message["text"] is None:
                self.error = "its dag.json text did not arrive, or is not UTF-8"
                return
        self.response = payload
        self.decoded = message


_KINDS = (_LAST_WORDS, _IMPORTS, _RESPONSE, _TEXT)


def _invalid(response: Any) -> str | None:
    """What is wrong with a response record, if anything."""
    if not isinstance(response, dict) or not isinstance(response.get("ok"), bool):
        return "it is not a response record"
    if response["ok"] and "listings" in response:  # collection's shared listing (FileLoader._list)
        listings = response["listings"]
        good = isinstance(listings, dict) and all(
            ids is None or isinstance(ids, list) and all(isinstance(i, str) for i in ids)
            for ids in listings.values()
        )
        return None if good else "its listing is not DAG ids by file"
    if response["ok"] and response.get("text") is True:
        ids = response.get("dag_ids")
        return None if isinstance(ids, list) else "its dag.json text has no DAG ids"
    if response["ok"]:
        doc = response.get("doc")
        return None if isinstance(doc, dict) and isinstance(doc.get("dags"), dict) else "it has no dag.json"
    error = response.get("error")
    if isinstance(error, dict) and all(isinstance(error.get(k), str) for k in ("type", "message")):
        return None
    return "it is an error without a type and message"


def _record(error: dict[str, Any]) -> bytes:
    return json.dumps({"ok": False, "error": error}, sort_keys=True).encode()


def _error(type_: str, kind: str, message: str, fix: str | None = None) -> dict[str, Any]:
    """An error record of the harness's own (records.ParseError with origin "harness")."""
    return {"type": type_, "line": None, "origin": "harness", "kind": kind, "message": message, "fix": fix}


def _garbled(why: str) -> dict[str, Any]:
    return _error(
        "WorkerCrashed",
        "protocol",
        f"the parse process sent an answer the harness cannot read: {why}; the parse process was killed",
        "a DAG file must not write to file descriptors it did not open, nor fork at the top level",
    )


def _forked() -> dict[str, Any]:
    return _error(
        "ForkAtImport",
        "fork",
        "the DAG file forked its process (os.fork) while it was parsed",
        "Airflow parses every DAG file again and again, so top-level code must not start "
        "processes by forking; move it into a task",
    )


def _line_in(words: dict[str, Any] | None, path: str) -> int | None:
    """The line of the DAG file ``path`` a last word names (``file:line``), else None."""
    file, _, number = str((words or {}).get("where", "")).rpartition(":")
    return int(number) if file == path and number.isdigit() else None


def _died(status: int, words: dict[str, Any] | None, path: str) -> dict[str, Any]:
    if words is not None:
        call, where = words.get("call"), words.get("where")
        error = _error("WorkerCrashed", "crash", f"{call} at {where} ended the parse process")
        error["line"] = _line_in(words, path)
    else:
        if os.WIFSIGNALED(status):
            how = f"was killed by {_signal_name(os.WTERMSIG(status))}"
        else:
            how = f"exited with status {os.waitstatus_to_exitcode(status)}"
        cause = f"the parse process {how} while parsing, without an answer"
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            cause += " (a SIGKILL is what the kernel's out-of-memory killer sends)"
        error = _error("WorkerCrashed", "crash", cause)
    error["fix"] = (
        "the file's top-level code must not end the process: remove os._exit/os.kill/os.abort "
        "calls, and keep its memory within the limit (--memory-limit)"
    )
    return error


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _warmable(name: str, folders: tuple[str, ...], path: list[str]) -> bool:
    """A library module, not found through the user's ``folders``: the server may import it too.
    A module found through the DAG folder, the plugins folder or a named root (a provider
    vendored there, say) depends on the file's sys.path, and one the shim makes up has no file.
    ``path``: sys.path before the file ran."""
    if not _WARMABLE.fullmatch(name):
        return False
    file = getattr(sys.modules.get(name), "__file__", None)
    if not file:
        return False
    return not in_folders(file, folders, path)


def _warm(names: list[str], warmed: set[str]) -> None:
    """Import library modules a parser needed, so that later parsers find them imported."""
    import importlib

    for name in names:
        if name in sys.modules or name in warmed or len(warmed) >= _MAX_WARM:
            continue
        warmed.add(name)  # tried once, whatever happens
        with contextlib.suppress(BaseException):
            importlib.import_module(name)


def _drain(fd: int, frames: _Frames) -> bool:
    """Feed what the non-blocking ``fd`` holds now; False at its end."""
    while True:
        try:
            chunk = os.read(fd, 1 << 20)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        frames.feed(chunk)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _children() -> list[int]:
    """This process's children (Linux: /proc), zombies included."""
    pids: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children", "rb") as fh:  # bytes: no codec to import
                pids += [int(p) for p in fh.read().split()]
    return pids


def _sweep(others: frozenset[int]) -> None:
    """Kill and reap every process left below the server but ``others``: orphans of a parser
    are reparented here."""
    own = os.getpgrp()
    for _ in range(100):
        pids = [pid for pid in _children() if pid not in others]
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(OSError):
                group = os.getpgid(pid)
                if group not in (own, 0, 1):  # always a group in a session a parser made
                    os.killpg(group, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for pid in pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


_DUMPED_FRAME = r'^\s*File "(?P<file>.+)", line (?P<line>\d+)'  # compiled where a dump is read


def line_in_stack_dump(text: str, path: str | None) -> int | None:
    """The innermost line of ``path`` in faulthandler's last dump (most recent call first)."""
    start = text.rfind("most recent call first")
    if start < 0 or path is None:
        return None
    for row in text[start:].splitlines()[1:]:
        m = re.match(_DUMPED_FRAME, row)
        if m is None:
            if row.strip():
                break
            continue
        if m.group("file") == path:
            return int(m.group("line"))
    return None
