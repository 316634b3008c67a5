"""What the user declares about a DAG file: that it is expected to fail on some Airflow
versions, or that only real Airflow checks it.

Declared in the file itself (every route reads it), or by glob in the pytest config
(``dag_fidelity_expected_failures``, ``dag_fidelity_airflow_only``) and on the CLI
(``--expect-failure``, ``--airflow-only``), all in one line format::

    # dagfidelity: expect-failure <3.0 raises=ModuleNotFoundError written for the Airflow 3 task SDK
    # dagfidelity: airflow-only reads a Variable through the secrets backend

    dags/sdk/*.py  <3.0  raises=ModuleNotFoundError  written for the Airflow 3 task SDK
    dags/legacy/custom_timetable.py  a timetable from our plugins

A version spec is ``*``, a major (``2``), a minor (``3.1``), or comparisons joined by
commas (``>=2.9,<3.0``). Globs are matched against the file's path relative to the
project root, fnmatch-style (``*`` also crosses ``/``).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .exceptions import UsageError

MARKER = re.compile(r"^\s*#\s*dagfidelity:\s*(?P<what>expect-failure|airflow-only)\b(?P<rest>.*)$")
_CLAUSE = re.compile(r"^(?P<op><=|>=|==|!=|<|>)?(?P<major>\d+)(?:\.(?P<minor>\d+|x))?$")
_MAX_SCAN = 1 << 20  # markers are looked for in the first MiB of a file


def _minor(version: str) -> tuple[int, int]:
    major, _, minor = version.partition(".")
    return int(major), int(minor.split(".")[0] or 0)


@dataclass(frozen=True)
class VersionSpec:
    text: str

    def __post_init__(self) -> None:
        if self.text != "*":
            for clause in self.text.split(","):
                if not _CLAUSE.match(clause.strip()):
                    raise UsageError(
                        f"{self.text!r} is not an Airflow version spec: use *, 2, 3.1, or comparisons "
                        "such as >=2.9,<3.0"
                    )

    def matches(self, version: str) -> bool:
        if self.text == "*":
            return True
        have = _minor(version)
        for clause in self.text.split(","):
            m = _CLAUSE.match(clause.strip())
            assert m is not None
            op, major, minor = m.group("op"), int(m.group("major")), m.group("minor")
            if not op:
                if have[0] != major or (minor not in (None, "x") and have[1] != int(minor)):
                    return False
                continue
            want = (major, 0 if minor in (None, "x") else int(minor))
            ok = {
                "<": have < want,
                "<=": have <= want,
                ">": have > want,
                ">=": have >= want,
                "==": have == want,
                "!=": have != want,
            }[op]
            if not ok:
                return False
        return True


@dataclass(frozen=True)
class ExpectedFailure:
    versions: VersionSpec
    raises: str | None  # the exception type the user expects, if named
    reason: str
    source: str  # where it was declared, for messages


@dataclass(frozen=True)
class AirflowOnly:
    reason: str
    source: str


@dataclass(frozen=True)
class FileDeclarations:
    expected_failure: ExpectedFailure | None = None  # for the run's Airflow version
    airflow_only: AirflowOnly | None = None


def parse_expected(rest: str, source: str) -> ExpectedFailure:
    words = rest.split()
    if not words:
        raise UsageError(f"{source}: expect-failure needs an Airflow version spec, e.g. '<3.0'")
    raises = None
    if len(words) > 1 and words[1].startswith("raises="):
        raises = words[1].removeprefix("raises=")
        words = [words[0], *words[2:]]
    try:
        spec = VersionSpec(words[0])
    except UsageError as exc:
        raise UsageError(f"{source}: {exc}") from None
    return ExpectedFailure(spec, raises, " ".join(words[1:]) or "declared expected to fail", source)


def in_file(
    path: str, name: str | None = None, content: bytes | None = None
) -> tuple[list[ExpectedFailure], AirflowOnly | None]:
    """The markers a DAG file carries in its own comments (one expect-failure line per
    version range, where the error differs between versions); ``content``: its bytes, when
    the caller has read them already."""
    if content is None:
        try:
            with open(path, "rb") as fh:
                content = fh.read(_MAX_SCAN)
        except OSError:
            return [], None
    head = content[:_MAX_SCAN]
    if b"dagfidelity:" not in head:  # most files: no marker, nothing to split into lines
        return [], None
    text = head.decode("utf-8", "replace")
    expected: list[ExpectedFailure] = []
    airflow_only = None
    for number, line in enumerate(text.splitlines(), 1):
        if "dagfidelity:" not in line or not (m := MARKER.match(line)):
            continue
        source = f"{name or path}:{number}"
        if m.group("what") == "expect-failure":
            expected.append(parse_expected(m.group("rest"), source))
        else:
            airflow_only = AirflowOnly(m.group("rest").strip() or "declared in the file", source)
    return expected, airflow_only


@dataclass(frozen=True)
class Declarations:
    """Glob declarations from the config or the CLI, plus each file's own markers."""

    expected: tuple[tuple[str, ExpectedFailure], ...] = ()
    airflow_only: tuple[tuple[str, AirflowOnly], ...] = ()

    @classmethod
    def from_lines(cls, expected: Iterable[str], airflow_only: Iterable[str], origin: str) -> Declarations:
        exp: list[tuple[str, ExpectedFailure]] = []
        for line in expected:
            glob, _, rest = line.strip().partition(" ")
            if glob:
                exp.append((glob, parse_expected(rest, f"{origin} {line.strip()!r}")))
        only = []
        for line in airflow_only:
            glob, _, rest = line.strip().partition(" ")
            if glob:
                only.append((glob, AirflowOnly(rest.strip() or f"listed in {origin}", f"{origin} {glob!r}")))
        return cls(tuple(exp), tuple(only))

    def for_file(self, path: str, name: str, version: str, content: bytes | None = None) -> FileDeclarations:
        """What applies to the file at ``path`` (``name``: relative to the project root) on
        Airflow ``version``; the file's own marker wins over a glob. ``content``: its bytes,
        when the caller has read them already."""
        marked, marked_only = in_file(path, name, content)
        declared = marked or [d for g, d in self.expected if fnmatch.fnmatch(name, g)]
        expected = next((d for d in declared if d.versions.matches(version)), None)
        only = marked_only or next((d for g, d in self.airflow_only if fnmatch.fnmatch(name, g)), None)
        return FileDeclarations(expected, only)
