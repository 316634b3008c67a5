"""The one place a verdict is decided, for the CLI's ``check`` and the pytest plugin alike.

``judge`` takes what each source says about one DAG (or one file): the backend under
test, live real Airflow, the golden, and what the user declared, and returns a typed
``Judgement``. Callers only present it. ``golden_to_write`` decides, in the same room,
what an update run may record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from .causes import NO_DAG_FIX, describe, explain
from .compile import canonical
from .declarations import FileDeclarations
from .diff import diff
from .records import ParseError, Result


class Verdict(str, Enum):
    MATCH = "match"  # the backend under test agrees with real Airflow (and the golden)
    AIRFLOW_ONLY = "airflow_only"  # declared checked by real Airflow only: Airflow agrees with the golden
    EXPECTED_FAILURE = "expected_failure"  # declared to fail on this version, and fails the same way
    MISMATCH = "mismatch"  # the backend under test and real Airflow disagree
    UNSUPPORTED = "unsupported"  # the shim refused a construct it does not model; Airflow parses it
    IMPORT_ERROR = "import_error"  # the DAG does not load in real Airflow (a broken DAG)
    UNEXPECTED_PARSE = "unexpected_parse"  # declared to fail on this version, but it parses
    ENVIRONMENT_ERROR = "environment_error"  # a module, provider, database or network is missing
    HARNESS_LIMIT = "harness_limit"  # a time or memory limit, a crash, a value the harness cannot render
    NONDETERMINISTIC = "nondeterministic"  # two parses in fresh processes (other hash seeds) differ
    GOLDEN_MISMATCH = "golden_mismatch"  # no live Airflow: the backend under test ≠ the golden
    STALE_GOLDEN = "stale_golden"  # live Airflow ≠ the golden: Airflow or the DAG changed
    MISSING_GOLDEN = "missing_golden"
    INVALID_GOLDEN = "invalid_golden"
    NO_DAG = "no_dag"  # a file that defines no DAG
    DUPLICATE_DAG_ID = "duplicate_dag_id"  # a dag_id an earlier file defines
    # Collection listed ids (from its cache, or a shared parse) the file does not yield parsed
    # alone: the item is not checked, and fails.
    STALE_DAG_IDS = "stale_dag_ids"
    # The item stopped before any verdict (the harness or a backend raised): it fails, and the
    # reports list it, so that a report never reads all green beside a failed run.
    NOT_CHECKED = "not_checked"
    AGREE = "agree"  # backends compared with each other agree; nothing referees them
    DISAGREE = "disagree"  # backends compared with each other disagree; nothing referees them

    def __str__(self) -> str:
        return self.value


PASSED = frozenset({Verdict.MATCH, Verdict.AIRFLOW_ONLY, Verdict.AGREE})
XFAILED = frozenset({Verdict.EXPECTED_FAILURE})
# Verdicts on two documents that differ: a second parse tells whether the DAG itself changes.
DIFFERS = frozenset({Verdict.MISMATCH, Verdict.STALE_GOLDEN, Verdict.GOLDEN_MISMATCH})
Outcome = Literal["passed", "failed", "xfailed"]


@dataclass(frozen=True)
class Side:
    """What one source says about one DAG (or, with no dag_id, about the whole file)."""

    doc: Any = None  # the DAG's (or file's) dag.json document
    error: ParseError | None = None
    absent: str | None = None  # the file parsed, but defines no such DAG

    @classmethod
    def of(cls, result: Result, dag_id: str | None) -> Side:
        if result.error is not None:
            return cls(error=result.error)
        assert result.doc is not None
        if dag_id is None:
            return cls(doc=result.doc)
        dag = result.doc["dags"].get(dag_id)
        return cls(doc=dag) if dag is not None else cls(absent=f"the file defines no DAG {dag_id!r}")

    @classmethod
    def of_golden(cls, stored: dict[str, Any]) -> Side:
        if "error" in stored:  # goldens keep only the type: messages differ between machines
            return cls(
                error=ParseError(type=str(stored["error"].get("type")), message="(recorded in the golden)")
            )
        return cls(doc=stored.get("dag"))

    @property
    def parses(self) -> bool:
        return self.error is None

    def comparable(self) -> str:
        if self.error is not None:
            return f"error:{self.error.type}"
        return canonical({"absent": True} if self.absent else {"doc": self.doc})


@dataclass(frozen=True)
class GoldenState:
    path: Path  # where it is, or would be written
    stored: Side | None = None  # None: missing
    invalid: str | None = None  # why it cannot be used


@dataclass(frozen=True)
class Problem:
    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    file: str  # the DAG file, as dag.json names it
    airflow_version: str
    subject: str = "shim"  # the backend under test, as the user knows it
    dag_id: str | None = None


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    problems: tuple[Problem, ...] = ()
    changes: int = 0
    reason: str = ""  # for an expected failure: the user's reason
    suggest_update: bool = False  # an update run from real Airflow is the fix
    cause: ParseError | None = None  # the error behind a failure verdict, where one is

    @property
    def outcome(self) -> Outcome:
        if self.verdict in PASSED:
            return "passed"
        return "xfailed" if self.verdict in XFAILED else "failed"

    @property
    def summary(self) -> str:
        """``mismatch: 3 changes``: pytest's short summary and check's line."""
        if self.changes:
            return f"{self.verdict}: {self.changes} change{'s' if self.changes != 1 else ''}"
        if self.cause is not None:
            return f"{self.verdict}: {self.cause.type}" + (
                f" at line {self.cause.line}" if self.cause.line else ""
            )
        return str(self.verdict)


@dataclass
class _Draft:
    verdict: Verdict | None = None
    problems: list[Problem] = field(default_factory=list)
    changes: int = 0
    suggest_update: bool = False
    cause: ParseError | None = None

    def set(
        self,
        verdict: Verdict,
        *problems: Problem,
        changes: int = 0,
        update: bool = False,
        cause: ParseError | None = None,
    ) -> None:
        if self.verdict is None:
            self.verdict, self.suggest_update, self.cause = verdict, update, cause
        self.problems.extend(problems)
        self.changes += changes


def _diff_problem(title: str, expected: tuple[str, Side], actual: tuple[str, Side]) -> tuple[Problem, int]:
    (expected_name, before), (actual_name, after) = expected, actual
    if before.parses and after.parses and not before.absent and not after.absent:
        changes = diff(before.doc, after.doc)
        return Problem(
            title, (f"(expected: {expected_name}; actual: {actual_name})", *changes.lines)
        ), changes.total
    return Problem(title, (f"{expected_name}: {_state(before)}", f"{actual_name}: {_state(after)}")), 1


def _state(side: Side) -> str:
    if side.error is not None:
        return f"rejects it: {describe(side.error)}"
    return side.absent or "parses it"


def judge(
    ctx: Context,
    subject: Side | None,
    live: Side | None,
    golden: GoldenState | None = None,
    declared: FileDeclarations | None = None,
    again: Side | None = None,
) -> Judgement:
    """The verdict on one DAG (or file). ``subject`` is None where the file is declared
    checked by real Airflow only; ``live`` is None where no real Airflow is reachable (or
    the subject is real Airflow itself); ``golden`` is None where goldens are not kept;
    ``again`` is a second parse by real Airflow (else by the subject) in a fresh process
    with another hash seed, where one was made."""
    declared = declared or FileDeclarations()
    draft = _Draft()
    real = f"real Airflow {ctx.airflow_version}"
    sides = [(ctx.subject, subject), (real, live), (f"{real} parsing it again", again)]

    for name, side in sides:  # the harness's limits are never agreement
        if side is not None and side.error is not None and side.error.origin == "harness":
            draft.set(
                Verdict.HARNESS_LIMIT,
                Problem(f"harness limit on the {name}: {explain(ctx.file, side.error)}"),
                cause=side.error,
            )
    for name, side in sides:  # a missing module, database or network: nothing to compare
        if side is not None and side.error is not None and side.error.origin == "environment":
            draft.set(
                Verdict.ENVIRONMENT_ERROR,
                Problem(f"the {name}'s environment cannot parse it: {explain(ctx.file, side.error)}"),
                cause=side.error,
            )
    if draft.verdict is not None:
        return _done(draft)
    first = live if live is not None else subject
    if again is not None and first is not None:
        changed = _nondeterminism(real if live is not None else ctx.subject, first, again)
        if changed is not None:
            draft.set(Verdict.NONDETERMINISTIC, changed[0], changes=changed[1])
            return _done(draft)

    refused = subject is not None and subject.error is not None and subject.error.origin == "unsupported"
    if refused and (live is None or live.parses):  # a gap, said loudly: not a verdict on the DAG
        assert subject is not None and subject.error is not None
        draft.set(
            Verdict.UNSUPPORTED,
            Problem(f"the {ctx.subject} refused it: {explain(ctx.file, subject.error)}"),
            *([Problem(f"{real} parses it")] if live is not None else []),
            cause=subject.error,
        )
        return _done(draft)
    if subject is not None and live is not None:
        _compare_with_airflow(ctx, draft, subject, live)

    stored = golden.stored if golden is not None else None
    if golden is not None and golden.invalid:
        draft.set(Verdict.INVALID_GOLDEN, Problem(golden.invalid), update=True)
    elif golden is not None and stored is not None:
        reference = live if live is not None else subject
        name = real if live is not None else ctx.subject
        if reference is not None and reference.comparable() != stored.comparable():
            title = (
                f"{real} ≠ golden: the golden is stale (Airflow or the DAG changed)"
                if live is not None
                else f"{ctx.subject} ≠ golden"
            )
            problem, count = _diff_problem(title, (f"golden {golden.path}", stored), (name, reference))
            draft.set(
                Verdict.STALE_GOLDEN if live is not None else Verdict.GOLDEN_MISMATCH,
                problem,
                changes=count,
                update=True,
            )

    # What real Airflow does with the file: live, else its golden, else (unverified) the subject.
    says = live or stored or subject
    assert says is not None
    expected = declared.expected_failure
    if says.error is not None:
        # Show a real error text: Airflow's, else the subject's; a golden keeps only the type.
        error = next(s.error for s in (live, subject, stored) if s is not None and s.error is not None)
        if expected is not None and expected.raises and expected.raises != error.type:
            draft.set(
                Verdict.MISMATCH,
                Problem(
                    f"declared to fail with {expected.raises} ({expected.source}), but fails with "
                    f"{explain(ctx.file, error)}"
                ),
                changes=1,
            )
        elif expected is not None and golden is not None and stored is None:
            draft.set(
                Verdict.MISSING_GOLDEN,
                Problem(
                    f"declared failure not recorded for Airflow {ctx.airflow_version}: it would be "
                    f"written to {golden.path}"
                ),
                update=True,
            )
        elif expected is not None:
            draft.set(Verdict.EXPECTED_FAILURE)
        elif error.kind == "duplicate_dag_id":
            draft.set(Verdict.DUPLICATE_DAG_ID, Problem(explain(ctx.file, error)), cause=error)
        else:
            source = (
                ""
                if live is not None
                else " (as its golden records)"
                if stored is not None
                else f" (says the {ctx.subject}; no real Airflow checked it)"
            )
            draft.set(
                Verdict.IMPORT_ERROR,
                Problem(f"does not load in {real}{source}: {explain(ctx.file, error)}"),
                Problem(
                    "a DagBag integrity test fails on it too; if it is meant to fail on this Airflow "
                    "version, declare it: # dagfidelity: expect-failure <spec> (see docs/plugin.md)"
                ),
                cause=error,
            )
    else:
        if expected is not None:
            draft.set(
                Verdict.UNEXPECTED_PARSE,
                Problem(
                    f"declared to fail on Airflow {ctx.airflow_version} ({expected.source}), but it "
                    "parses: remove or narrow the declaration"
                ),
            )
        if golden is not None and stored is None and not golden.invalid and ctx.dag_id is not None:
            draft.set(
                Verdict.MISSING_GOLDEN,
                Problem(f"no golden for Airflow {ctx.airflow_version}: it would be written to {golden.path}"),
                update=True,
            )
        subject_doc = subject.doc if subject is not None else None
        if ctx.dag_id is None and isinstance(subject_doc, dict) and not subject_doc.get("dags"):
            draft.set(Verdict.NO_DAG, Problem(f"{ctx.file}: defines no DAG. Fix: {NO_DAG_FIX}"))

    if draft.verdict is None:
        draft.verdict = Verdict.AIRFLOW_ONLY if subject is None else Verdict.MATCH
    judgement = _done(draft)
    if judgement.verdict is Verdict.EXPECTED_FAILURE and expected is not None:
        return Judgement(
            judgement.verdict, judgement.problems, reason=f"{expected.reason} ({expected.source})"
        )
    return judgement


def _nondeterminism(who: str, first: Side, again: Side) -> tuple[Problem, int] | None:
    """What changed between two parses of the same file by ``who``, if anything."""
    if first.comparable() == again.comparable():
        return None
    return _diff_problem(
        f"{who} parses it differently each time (in fresh processes, with other hash seeds): "
        "nondeterministic, so no golden or comparison can hold. Fix: make the DAG's structure "
        "independent of random, uuid, id(), the hash seed (set ordering) and the clock",
        ("first parse", first),
        ("second parse", again),
    )


def _compare_with_airflow(ctx: Context, draft: _Draft, subject: Side, live: Side) -> None:
    real = f"real Airflow {ctx.airflow_version}"
    if subject.comparable() == live.comparable():
        return
    if subject.error is not None and subject.error.origin == "unsupported":
        return  # Airflow rejects it too: the broken DAG is the news; the verdict on the file says so
    if subject.error is not None and live.error is not None:
        draft.set(
            Verdict.MISMATCH,
            Problem(
                "rejected differently",
                (f"{real}: {describe(live.error)}", f"{ctx.subject}: {describe(subject.error)}"),
            ),
            changes=1,
        )
        return
    problem, count = _diff_problem(f"{ctx.subject} ≠ {real}", ("real Airflow", live), (ctx.subject, subject))
    draft.set(Verdict.MISMATCH, problem, changes=count)


def compare(
    ctx: Context,
    subjects: Sequence[tuple[str, Side | None]],
    live: Side | None,
    golden: GoldenState | None = None,
    declared: FileDeclarations | None = None,
    again: Side | None = None,
) -> Judgement:
    """The verdict on two or more backends under test (``(label, side)`` pairs, in the order
    the user named them): each held to the referee, real Airflow or else the golden, as
    ``judge`` holds one; and all held to each other, which is all there is without a referee."""
    judged = [
        (label, judge(replace(ctx, subject=label), side, live, golden, declared, again))
        for label, side in subjects
    ]
    draft = _Draft()
    for _, judgement in judged:  # limits, the environment, a DAG that changes: nothing to compare
        if judgement.verdict in (Verdict.HARNESS_LIMIT, Verdict.ENVIRONMENT_ERROR, Verdict.NONDETERMINISTIC):
            draft.set(judgement.verdict, *judgement.problems, cause=judgement.cause)
    if draft.verdict is not None:
        return _done(draft)
    parsed = [(label, side) for label, side in subjects if side is not None]
    disagreements = [
        _diff_problem(f"{first[0]} ≠ {other[0]}", first, other)
        for first in parsed[:1]
        for other in parsed[1:]
        if first[1].comparable() != other[1].comparable()
    ]
    refereed = live is not None or (golden is not None and golden.stored is not None)
    if not refereed:
        for _, judgement in judged:  # a refusal is a gap in that backend, whatever the other says
            if judgement.verdict is Verdict.UNSUPPORTED:
                draft.set(judgement.verdict, *judgement.problems, cause=judgement.cause)
        if draft.verdict is None and disagreements:
            for problem, count in disagreements:
                draft.set(Verdict.DISAGREE, problem, changes=count)
        if draft.verdict is not None:
            return _done(draft)
        first = judged[0][1]
        if first.verdict is not Verdict.MATCH:
            return first  # they agree it fails: judged as one backend's word, unverified
        names = " and ".join(label for label, _ in subjects)
        return Judgement(Verdict.AGREE, (Problem(f"{names} agree; no real Airflow or golden referees them"),))
    for label, judgement in judged:
        if judgement.outcome == "failed":
            draft.set(
                judgement.verdict,
                *(Problem(f"{label}: {p.title}", p.lines) for p in judgement.problems),
                changes=judgement.changes,
                update=judgement.suggest_update,
                cause=judgement.cause,
            )
    if draft.verdict is None:
        return judged[0][1]  # all agree with the referee (or fail as declared): one word for all
    for problem, _ in disagreements:
        draft.problems.append(problem)
    return _done(draft)


def _done(draft: _Draft) -> Judgement:
    assert draft.verdict is not None
    return Judgement(
        draft.verdict,
        tuple(draft.problems),
        draft.changes,
        suggest_update=draft.suggest_update,
        cause=draft.cause,
    )


@dataclass(frozen=True)
class GoldenRecord:
    """What an update run writes for one item: a DAG's document, or a declared failure."""

    dag: Any = None
    error: ParseError | None = None


@dataclass(frozen=True)
class NotRecorded:
    reason: str


def golden_to_write(
    ctx: Context, live: Side, declared: FileDeclarations | None = None, again: Side | None = None
) -> GoldenRecord | NotRecorded:
    """Goldens record what real Airflow does, and nothing the environment or the harness
    caused: a DAG failure only where the user declared it expected, and nothing that
    changes from one parse to the next (``again``: a second parse, where one was made)."""
    real = f"real Airflow {ctx.airflow_version}"
    if again is not None and live.comparable() != again.comparable():
        return NotRecorded(f"{real} parses it differently each time (nondeterministic)")
    if live.error is None:
        if live.absent:
            return NotRecorded(f"{real} defines no DAG {ctx.dag_id!r} in {ctx.file}")
        if ctx.dag_id is None:
            return NotRecorded(f"{real} parses {ctx.file}: its DAGs have goldens of their own")
        return GoldenRecord(dag=live.doc)
    error = live.error
    if error.origin == "environment":
        return NotRecorded(f"{real} cannot parse it in this environment, and that is never recorded")
    if error.origin == "harness":
        return NotRecorded("a harness limit stopped it, not Airflow's verdict, and that is never recorded")
    if declared is None or declared.expected_failure is None:
        return NotRecorded(
            f"it does not load in {real}; a failure is recorded only where it is declared expected"
        )
    return GoldenRecord(error=error)
