"""Collectors and items: one DAG file → one item per DAG (or one item for a file that fails)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from _pytest._code.code import (
    ReprEntryNative,
    ReprExceptionInfo,
    ReprFileLocation,
    ReprTraceback,
    TerminalRepr,
)

from .backends.registry import REFERENCE
from .causes import duplicate_dag_id
from .collection_cache import FILE_ITEM, Stale
from .declarations import FileDeclarations
from .golden import GoldenError, dag_golden, error_golden
from .verdict import (
    DIFFERS,
    Context,
    Judgement,
    NotRecorded,
    Problem,
    Side,
    Verdict,
    compare,
    golden_to_write,
    judge,
)


def _session(config: pytest.Config) -> Any:
    from .plugin import SESSION_KEY

    return config.stash[SESSION_KEY]


class NotATestModule(pytest.File):
    """Stands in for pytest's Python module collector on DAG files: collects nothing."""

    def collect(self) -> Iterator[pytest.Item]:
        return iter(())


class DagFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        listing = _session(self.config).listing(self.path)
        if listing.ids is None:  # a file that fails, or defines no DAG: one item says so
            yield DagItem.from_parent(self, name=FILE_ITEM, dag_id=None)
        else:
            for dag_id in listing.ids:
                yield DagItem.from_parent(self, name=dag_id, dag_id=dag_id)


class DagFidelityFailure(Exception):
    def __init__(self, judgement: Judgement, hint: str | None, notes: tuple[Problem, ...] = ()) -> None:
        super().__init__(judgement.summary)
        self.judgement = judgement
        self.problems = (*notes, *judgement.problems)
        self.hint = hint


class StaleCollection(Exception):
    def __init__(self, stale: Stale) -> None:
        super().__init__(stale.summary)
        self.stale = stale


class DagItem(pytest.Item):
    def __init__(self, *, dag_id: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dag_id = dag_id
        self.first_defined_in: str | None = None  # set when an earlier file has this dag_id

    def reportinfo(self) -> tuple[Any, int | None, str]:
        # Not a suffix of the node id, so ``-v`` prints the node id as it is.
        return self.path, None, f"{self.name} ({self.path.name})"

    def runtest(self) -> None:
        session = _session(self.config)
        stale = session.stale_listing(self.path)
        if stale is not None:  # a dag id the file no longer defines never passes
            # Counted and reported like any verdict: a report of the run must not read all green.
            judged = Judgement(Verdict.STALE_DAG_IDS, (Problem(stale.line),))
            where = Context(session.display(self.path), session.version, dag_id=self.dag_id)
            _tag(self.user_properties, where, judged)
            raise StaleCollection(stale)
        settings = session.settings
        file = session.display(self.path)
        declared = session.declared(self.path)
        ctx = Context(file, session.version, settings.labels[settings.backend], self.dag_id)
        live_result = session.result(REFERENCE, self.path) if session.has_airflow else None
        only = declared.airflow_only
        if only is not None and live_result is None:
            pytest.skip(
                f"checked by real Airflow only ({only.reason}; {only.source}), "
                "and no real Airflow is reachable"
            )
        subjects: dict[str, Side | None] = {
            name: None if only else Side.of(session.result(name, self.path), self.dag_id)
            for name in session.subjects
        }
        live = Side.of(live_result, self.dag_id) if live_result is not None else None
        notes: list[Problem] = []
        if only is not None:
            notes.append(Problem(f"checked by real Airflow only: {only.reason} ({only.source})"))
        if self.first_defined_in is not None and self.dag_id is not None:
            # As a DagBag over the folder: this file is refused, whoever parses it.
            clash = Side(error=duplicate_dag_id({self.dag_id: self.first_defined_in}))
            subjects = {name: clash if side is not None else None for name, side in subjects.items()}
            live = clash if live is not None else None
        # A second parse by real Airflow (another worker, another hash seed): before a golden is
        # written, and wherever documents differ, so that a DAG that changes on every parse is
        # named as such, never recorded, and never taken for the shim's mismatch.
        again = session.again(self.path, self.dag_id) if settings.update and live is not None else None
        if settings.update:
            assert live is not None
            notes += self._update(session, ctx, live, declared, again)
        reference = live if live is not None else subjects[settings.backend]
        golden = session.golden(file, self.dag_id, reference)

        def verdict_on(second: Side | None) -> Judgement:
            if settings.compare:
                labelled = [(settings.labels[name], side) for name, side in subjects.items()]
                return compare(ctx, labelled, live, golden, declared, second)
            return judge(ctx, subjects[settings.backend], live, golden, declared, second)

        judgement = verdict_on(again)
        if again is None and live is not None and judgement.verdict in DIFFERS:
            judgement = verdict_on(session.again(self.path, self.dag_id))
        if not only:
            unvalidated = session.result(settings.backend, self.path).unvalidated_in(self.dag_id)
            if unvalidated:
                self.user_properties.append(("dag_fidelity_unvalidated", [u.describe() for u in unvalidated]))
        _tag(self.user_properties, ctx, judgement)
        if judgement.outcome == "xfailed":
            pytest.xfail(judgement.reason)
        if judgement.outcome == "failed":
            hint = session.update_command(self.nodeid) if judgement.suggest_update else None
            raise DagFidelityFailure(judgement, hint, tuple(notes))

    def record_unjudged(self, report: pytest.TestReport, exc: BaseException) -> None:
        """A phase that failed before any verdict (the harness, a backend or a setup hook raised) is
        recorded as not checked on its report: the run's reports list every item, so that they
        never read all green beside a failed run."""
        if any(name == "dag_fidelity_result" for name, _ in report.user_properties):
            return
        session = _session(self.config)
        judged = Judgement(Verdict.NOT_CHECKED, (Problem(f"{type(exc).__name__}: {exc}"),))
        file = self.nodeid.partition("::")[0]
        with contextlib.suppress(Exception):  # the file as its goldens name it, where that works
            file = session.display(self.path)
        _tag(report.user_properties, Context(file, session.version, dag_id=self.dag_id), judged)

    def _update(
        self, session: Any, ctx: Context, live: Side, declared: FileDeclarations, again: Side | None
    ) -> list[Problem]:
        """Write this item's golden from real Airflow; every item counts one outcome."""
        record = golden_to_write(ctx, live, declared, again)
        if isinstance(record, NotRecorded):
            self.user_properties.append(("dag_fidelity_golden", "not recorded"))
            return [Problem(f"no golden was written: {record.reason}")]
        version = session.version
        try:
            if record.error is not None:
                doc = error_golden(version, ctx.file, record.error.type)
                outcome = session.store.write(version, ctx.file, None, doc)
            else:
                doc = dag_golden(version, ctx.file, record.dag)
                outcome = session.store.write(version, ctx.file, ctx.dag_id, doc)
        except GoldenError as exc:
            self.user_properties.append(("dag_fidelity_golden", "not recorded"))
            return [Problem(f"no golden was written: {exc}")]
        self.user_properties.append(("dag_fidelity_golden", outcome))
        return []

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, StaleCollection):
            return self._one_message([excinfo.value.stale.line], excinfo.value.stale.summary)
        if isinstance(excinfo.value, pytest.xfail.Exception):
            # pytest asks for an xfail's failure text and then shows its reason: the traceback
            # it would format (the source of every frame parsed) cost a corpus run ~3 s for 13.
            return self._one_message([str(excinfo.value)], str(excinfo.value))
        if not isinstance(excinfo.value, DagFidelityFailure):
            return super().repr_failure(excinfo, style)
        failure = excinfo.value
        lines = [failure.judgement.summary]
        for problem in failure.problems:
            lines.append(problem.title)
            lines.extend(f"    {line}" for line in problem.lines)
        if failure.hint:
            lines.append(f"regenerate the golden from real Airflow: {failure.hint}")
        return self._one_message(lines, failure.judgement.summary)

    def _one_message(self, lines: list[str], summary: str) -> TerminalRepr:
        # A crash location whose message is the summary (the verdict and its changes): pytest's
        # short summary shows that line (on CI too, where it would otherwise repeat the whole
        # text), and xdist carries this form between processes intact.
        return ReprExceptionInfo(
            reprtraceback=ReprTraceback([ReprEntryNative([line + "\n" for line in lines])], None, "native"),
            reprcrash=ReprFileLocation(str(self.path), 0, summary),
        )


def carries_verdict(report: pytest.TestReport) -> bool:
    """Whether a report may carry its item's verdict: the call report, or a setup report where
    setup failed. Teardown reports repeat the item's properties and never count."""
    return report.when != "teardown"


def _tag(properties: list[tuple[str, object]], ctx: Context, judgement: Judgement) -> None:
    """An item's verdict and its record, as every report of the run reads them."""
    properties.append(("dag_fidelity_verdict", judgement.verdict.value))
    properties.append(("dag_fidelity_result", _record(ctx, judgement)))


def _record(ctx: Context, judgement: Judgement) -> dict[str, Any]:
    """What reports read of an item: the same fields ``check --json`` prints."""
    return {
        "file": ctx.file,
        "dag_id": ctx.dag_id,
        "verdict": judgement.verdict.value,
        "airflow_version": ctx.airflow_version,
        "summary": judgement.summary,
        "diff": [line for p in judgement.problems for line in p.lines],
        "error": "; ".join(p.title for p in judgement.problems) or None,
        "line": judgement.cause.line if judgement.cause is not None else None,
    }
