"""verdict.judge: one table of situations and the verdict each must get, written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_dagfidelity.declarations import (
    AirflowOnly,
    ExpectedFailure,
    FileDeclarations,
    VersionSpec,
)
from pytest_dagfidelity.records import ParseError
from pytest_dagfidelity.verdict import (
    Context,
    GoldenRecord,
    GoldenState,
    NotRecorded,
    Side,
    Verdict,
    golden_to_write,
    judge,
)

DAG = {"dag_id": "orders", "schedule": {"kind": "none"}, "tasks": {"a": {"downstream": ["b"]}, "b": {}}}
OTHER = {**DAG, "schedule": {"kind": "cron", "cron": "@daily"}}
CTX = Context("dags/orders.py", "3.3", dag_id="orders")

PARSES = Side(doc=DAG)
DIFFERENT = Side(doc=OTHER)
SYNTAX = Side(error=ParseError("SyntaxError", "invalid syntax", line=3))
NAME_ERROR = Side(error=ParseError("NameError", "name 'x' is not defined", line=5))
REFUSED = Side(
    error=ParseError("ShimUnsupported", "Connection is not modelled. Fix: ...", origin="unsupported")
)
NO_PROVIDER = Side(
    error=ParseError("ModuleNotFoundError", "No module named 'airflow.providers.x'", 1, "environment")
)
TIMED_OUT = Side(error=ParseError("Timeout", "took longer than 30 s", origin="harness", kind="timeout"))
# Airflow's own asset-URI validation mentions a database: still the DAG's failure.
ASSET_URI = Side(error=ParseError("ValueError", "URI must contain database, schema, and table names"))
GOLDEN_PATH = Path("dag_goldens/3.3/dags/orders/orders.json")


def golden(side: Side | None) -> GoldenState:
    return GoldenState(GOLDEN_PATH, stored=side)


def expect(spec: str = "*", raises: str | None = None) -> FileDeclarations:
    return FileDeclarations(expected_failure=ExpectedFailure(VersionSpec(spec), raises, "sdk only", "here:1"))


CASES = {
    "agree": (PARSES, PARSES, golden(PARSES), None, Verdict.MATCH),
    "shim differs from live Airflow": (DIFFERENT, PARSES, golden(PARSES), None, Verdict.MISMATCH),
    "live Airflow differs from golden": (PARSES, PARSES, golden(DIFFERENT), None, Verdict.STALE_GOLDEN),
    "no live Airflow, shim differs from golden": (
        DIFFERENT,
        None,
        golden(PARSES),
        None,
        Verdict.GOLDEN_MISMATCH,
    ),
    "no golden yet": (PARSES, PARSES, golden(None), None, Verdict.MISSING_GOLDEN),
    "broken DAG, both reject it": (SYNTAX, SYNTAX, golden(None), None, Verdict.IMPORT_ERROR),
    "broken DAG with an old error golden": (SYNTAX, SYNTAX, golden(SYNTAX), None, Verdict.IMPORT_ERROR),
    "broken DAG, no live Airflow": (SYNTAX, None, golden(None), None, Verdict.IMPORT_ERROR),
    "declared failure, recorded": (SYNTAX, SYNTAX, golden(SYNTAX), expect(), Verdict.EXPECTED_FAILURE),
    "declared failure, not recorded yet": (SYNTAX, SYNTAX, golden(None), expect(), Verdict.MISSING_GOLDEN),
    "declared failure, shim fails differently": (
        NAME_ERROR,
        SYNTAX,
        golden(SYNTAX),
        expect(),
        Verdict.MISMATCH,
    ),
    "declared failure, shim parses": (PARSES, SYNTAX, golden(SYNTAX), expect(), Verdict.MISMATCH),
    "declared failure of another type": (
        SYNTAX,
        SYNTAX,
        golden(SYNTAX),
        expect("*", "NameError"),
        Verdict.MISMATCH,
    ),
    "declared failure, but it parses": (PARSES, PARSES, golden(PARSES), expect(), Verdict.UNEXPECTED_PARSE),
    "shim refuses, Airflow parses": (REFUSED, PARSES, golden(PARSES), None, Verdict.UNSUPPORTED),
    "shim refuses, Airflow rejects": (REFUSED, SYNTAX, golden(None), None, Verdict.IMPORT_ERROR),
    "shim accepts, Airflow rejects": (PARSES, SYNTAX, golden(None), None, Verdict.MISMATCH),
    "rejected differently": (NAME_ERROR, SYNTAX, golden(None), None, Verdict.MISMATCH),
    "missing provider": (PARSES, NO_PROVIDER, golden(PARSES), None, Verdict.ENVIRONMENT_ERROR),
    "both time out": (TIMED_OUT, TIMED_OUT, golden(None), None, Verdict.HARNESS_LIMIT),
    "a message mentioning a database": (ASSET_URI, ASSET_URI, golden(None), None, Verdict.IMPORT_ERROR),
    "airflow-only, Airflow agrees with golden": (None, PARSES, golden(PARSES), None, Verdict.AIRFLOW_ONLY),
    "airflow-only, golden stale": (None, PARSES, golden(DIFFERENT), None, Verdict.STALE_GOLDEN),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_situation_gets_its_verdict(case: str) -> None:
    subject, live, stored, declared, verdict = CASES[case]
    judgement = judge(CTX, subject, live, stored, declared)
    assert judgement.verdict is verdict, judgement
    passes = verdict in (Verdict.MATCH, Verdict.AIRFLOW_ONLY)
    assert judgement.outcome == (
        "passed" if passes else "xfailed" if verdict.name == "EXPECTED_FAILURE" else "failed"
    )
    if judgement.outcome == "failed":
        assert judgement.problems, "a failure always says why"


def test_a_broken_dag_shows_airflows_error_and_never_suggests_an_update() -> None:
    judgement = judge(CTX, SYNTAX, SYNTAX, golden(None))
    text = " ".join(p.title for p in judgement.problems)
    assert "dags/orders.py:3: SyntaxError: invalid syntax" in text
    assert "expect-failure" in text and not judgement.suggest_update


def test_a_mismatch_counts_its_changes_and_prints_edges_once() -> None:
    rewired = {**DAG, "tasks": {"a": {}, "b": {"downstream": ["a"]}}}
    judgement = judge(CTX, Side(doc=rewired), PARSES, golden(PARSES))
    lines = [line for p in judgement.problems for line in p.lines]
    assert "+ b >> a" in lines and "- a >> b" in lines
    assert judgement.changes == 2 and judgement.summary == "mismatch: 2 changes"


def test_one_side_rejecting_shows_its_error_not_a_document_dump() -> None:
    judgement = judge(CTX, PARSES, SYNTAX, golden(None))
    lines = [line for p in judgement.problems for line in p.lines]
    assert any("rejects it: SyntaxError (line 3): invalid syntax" in line for line in lines)
    assert not any("whole document" in line for line in lines)


def test_updates_record_only_what_airflow_decided() -> None:
    assert golden_to_write(CTX, PARSES) == GoldenRecord(dag=DAG)
    assert isinstance(golden_to_write(CTX, SYNTAX), NotRecorded)  # undeclared: a broken DAG
    assert golden_to_write(CTX, SYNTAX, expect()) == GoldenRecord(error=SYNTAX.error)
    for side in (NO_PROVIDER, TIMED_OUT):  # never the environment's or the harness's failures
        assert isinstance(golden_to_write(CTX, side, expect()), NotRecorded)
    absent = Side(absent="the file defines no DAG 'orders'")
    assert isinstance(golden_to_write(CTX, absent), NotRecorded)


def test_airflow_only_is_counted_apart_from_matches() -> None:
    only = FileDeclarations(airflow_only=AirflowOnly("uses a secrets backend", "here:2"))
    judgement = judge(CTX, None, PARSES, golden(PARSES), only)
    assert judgement.verdict is Verdict.AIRFLOW_ONLY and judgement.outcome == "passed"


def test_golden_paths_stay_in_the_golden_folder(tmp_path: Path) -> None:
    from pytest_dagfidelity.golden import GoldenError, GoldenStore

    store = GoldenStore(tmp_path / "goldens")
    assert store.path("3.3", "dags/a.py", "orders") == tmp_path / "goldens/3.3/dags/a/orders.json"
    escaping = store.path("3.3", "dags/a.py", "../../../elsewhere/x")
    assert escaping.parent == tmp_path / "goldens/3.3/dags/a" and escaping.name.startswith("@id-")
    long_id = store.path("3.3", "dags/a.py", "x" * 240)
    assert len(long_id.name) < 64
    with pytest.raises(GoldenError, match="outside"):
        store.path("3.3", "../outside.py", "orders")


@pytest.mark.parametrize(
    ("subject", "live", "again", "verdict"),
    [
        (DIFFERENT, PARSES, DIFFERENT, Verdict.NONDETERMINISTIC),  # Airflow itself parses it two ways
        (PARSES, PARSES, DIFFERENT, Verdict.NONDETERMINISTIC),
        (DIFFERENT, PARSES, PARSES, Verdict.MISMATCH),  # Airflow is steady: the shim differs
        (PARSES, None, DIFFERENT, Verdict.NONDETERMINISTIC),  # no live Airflow: the subject twice
        (PARSES, PARSES, TIMED_OUT, Verdict.HARNESS_LIMIT),  # a limit on the second parse is no change
        (SYNTAX, SYNTAX, SYNTAX, Verdict.STALE_GOLDEN),  # steady: the verdict it gets without a second parse
    ],
)
def test_a_second_parse_that_differs_is_nondeterminism_not_a_mismatch(
    subject: Side, live: Side | None, again: Side, verdict: Verdict
) -> None:
    judgement = judge(CTX, subject, live, golden(PARSES), None, again)
    assert judgement.verdict is verdict, judgement
    if verdict is Verdict.NONDETERMINISTIC:
        assert judgement.outcome == "failed" and judgement.changes == 2  # schedule/kind, schedule/cron
        (problem,) = judgement.problems
        assert "nondeterministic" in problem.title and "Fix: " in problem.title
        assert any("schedule" in line for line in problem.lines), problem.lines  # the path that changed


def test_no_golden_is_written_from_a_nondeterministic_parse() -> None:
    record = golden_to_write(CTX, PARSES, None, again=DIFFERENT)
    assert isinstance(record, NotRecorded) and "nondeterministic" in record.reason
    assert golden_to_write(CTX, PARSES, None, again=PARSES) == GoldenRecord(dag=DAG)
