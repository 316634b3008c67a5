"""The kernel sandbox of a parse process: Landlock (Linux 5.13+, no privileges needed).

A parse process and every process it starts are confined, for their whole life, to:

- no file-system changes outside their private scratch folder (and ``/dev/null``):
  no writing, truncating, creating, deleting, renaming or linking files elsewhere, no
  fifos, sockets or device nodes (ABI 1; truncation from ABI 3; cross-folder rename and
  link need ABI 2 to be allowed even inside the scratch folder);
- no TCP ``bind`` or ``connect`` (ABI 4);
- no signals to processes outside the sandbox, and no connecting to abstract Unix
  sockets created outside it (ABI 6).

Reading stays allowed (Airflow reads its own code, the DAG folder, configuration).
What Landlock does not cover, on any ABI, is in docs/reliability.md. Writes through file
descriptors opened before the sandbox (the answer pipe, stderr) are not affected.

A ctypes binding of the three system calls: standard library only.
"""

from __future__ import annotations

import ctypes
import os
import sys

SCRATCH_ENV = "DAGFIDELITY_SCRATCH"  # names the parse process's scratch folder, the one it may write

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same number on every architecture
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH, _RULE_NET_PORT = 1, 2
_PR_SET_NO_NEW_PRIVS = 38
ABI_CAP_VARIABLE = "DAGFIDELITY_LANDLOCK_ABI"  # test knob: use at most this ABI (0: no sandbox)

# File-system rights (include/uapi/linux/landlock.h), with the ABI that introduced each.
_WRITE_FILE = 1 << 1
_TRUNCATE = 1 << 14  # ABI 3
_CHANGES = {
    _WRITE_FILE: 1,
    1 << 4: 1,  # REMOVE_DIR
    1 << 5: 1,  # REMOVE_FILE
    1 << 6: 1,  # MAKE_CHAR
    1 << 7: 1,  # MAKE_DIR
    1 << 8: 1,  # MAKE_REG
    1 << 9: 1,  # MAKE_SOCK
    1 << 10: 1,  # MAKE_FIFO
    1 << 11: 1,  # MAKE_BLOCK
    1 << 12: 1,  # MAKE_SYM
    1 << 13: 2,  # REFER
    _TRUNCATE: 3,
}
_NET_TCP = (1 << 0) | (1 << 1)  # BIND_TCP, CONNECT_TCP: ABI 4
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1  # ABI 6
SIGNAL_SCOPE_ABI = 6  # signals to processes outside the sandbox refused from this ABI on

# What each protection needs, in the words the run uses when it is missing.
PROTECTIONS = (
    (1, "file-system writes outside the parse process's scratch folder"),
    (3, "truncating existing files outside the scratch folder"),
    (4, "TCP bind and connect"),
    (SIGNAL_SCOPE_ABI, "signals to processes outside the sandbox, and abstract Unix sockets"),
)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # __attribute__((packed)) in the kernel's header
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class SandboxError(OSError):
    """The kernel offers Landlock, but confining the parse process failed."""


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        return libc
    except (OSError, AttributeError):
        return None


def kernel_abi() -> int:
    """The Landlock ABI version this kernel offers; 0 without Landlock (or not Linux)."""
    libc = _libc()
    if libc is None:
        return 0
    abi = int(
        libc.syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    )
    return max(abi, 0)


def abi() -> int:
    """The ABI the sandbox uses: the kernel's, capped by ``$DAGFIDELITY_LANDLOCK_ABI`` if set."""
    offered = kernel_abi()
    cap = os.environ.get(ABI_CAP_VARIABLE, "").strip()
    return min(offered, int(cap)) if cap.isdigit() else offered


class Status:
    """What the sandbox enforces (a plain class: building a dataclass costs a cold compile ~0.5 ms)."""

    __slots__ = ("abi", "missing")

    def __init__(self, abi: int, missing: tuple[str, ...]) -> None:
        self.abi = abi
        self.missing = missing  # protections this ABI does not give

    def __repr__(self) -> str:
        return f"Status(abi={self.abi!r}, missing={self.missing!r})"

    @property
    def line(self) -> str:
        """One line for the run's output: what is enforced, and what is not."""
        if not self.missing:
            return f"dagfidelity sandbox: Landlock ABI {self.abi}: every protection is enforced"
        where = f"Landlock ABI {self.abi}" if self.abi else "this kernel has no Landlock (Linux 5.13+)"
        return (
            f"dagfidelity sandbox: {where}: NOT enforced for DAG files' top-level code: "
            + "; ".join(self.missing)
            + " (see docs/reliability.md)"
        )


def status(version: int | None = None) -> Status:
    """What the sandbox enforces with ``version`` (default: this kernel's, as capped)."""
    version = abi() if version is None else version
    return Status(version, tuple(what for needed, what in PROTECTIONS if version < needed))


def confine(scratch: str, version: int | None = None) -> int:
    """Confine this process and its future children (see the module doc); the ABI used.

    Without Landlock this does nothing and returns 0: the run has said so (``status``).
    """
    version = abi() if version is None else version
    libc = _libc()
    if version < 1 or libc is None:
        return 0
    fs = 0
    for right, since in _CHANGES.items():
        if version >= since:
            fs |= right
    attr = _RulesetAttr(fs, _NET_TCP if version >= 4 else 0, 0)
    if version >= SIGNAL_SCOPE_ABI:
        attr.scoped = _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL
    size = 8 if version < 4 else 16 if version < SIGNAL_SCOPE_ABI else 24  # the struct as that ABI knows it
    ruleset = _call(libc, _CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    try:
        _allow(libc, ruleset, scratch, fs)
        _allow(libc, ruleset, os.devnull, fs & (_WRITE_FILE | _TRUNCATE))
        _call(libc, 0, _PR_SET_NO_NEW_PRIVS, 1, prctl=True)
        _call(libc, _RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        os.close(ruleset)
    return version


def _allow(libc: ctypes.CDLL, ruleset: int, path: str, rights: int) -> None:
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        rule = _PathBeneathAttr(rights, fd)
        _call(
            libc,
            _ADD_RULE,
            ctypes.c_int(ruleset),
            ctypes.c_int(_RULE_PATH_BENEATH),
            ctypes.byref(rule),
            ctypes.c_uint32(0),
        )
    finally:
        os.close(fd)


def _call(libc: ctypes.CDLL, number: int, *args: object, prctl: bool = False) -> int:
    result = int(libc.prctl(*args, 0, 0, 0) if prctl else libc.syscall(number, *args))
    if result < 0:
        errno = ctypes.get_errno()
        what = "prctl(PR_SET_NO_NEW_PRIVS)" if prctl else f"Landlock system call {number}"
        raise SandboxError(errno, f"{what} failed: {os.strerror(errno)}")
    return result
