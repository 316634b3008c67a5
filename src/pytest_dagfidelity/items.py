"""Collectors and items: one DAG file → one item per DAG (or one item for a file that fails)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from .backends import Result
from .causes import NO_DAG_FIX, NOT_RECORDED, explain
from .compile import canonical
from .golden import GoldenError, dag_golden, error_golden

FILE_ITEM = "@file"  # the item of a file that defines no DAG the shim could collect


def _session(config: pytest.Config) -> Any:
    from .plugin import SESSION_KEY

    return config.stash[SESSION_KEY]


class NotATestModule(pytest.File):
    """Stands in for pytest's Python module collector on DAG files: collects nothing."""

    def collect(self) -> Iterator[pytest.Item]:
        return iter(())


class DagFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        session = _session(self.config)
        # DAG ids come from the backend held to the goldens: the shim (fast), or real Airflow.
        result: Result = session.result(session.settings.backend, self.path)
        if result.ok and result.dag_ids:
            for dag_id in result.dag_ids:
                yield DagItem.from_parent(self, name=dag_id, dag_id=dag_id)
        else:  # a file that fails, or defines no DAG: one item says so
            yield DagItem.from_parent(self, name=FILE_ITEM, dag_id=None)


@dataclass
class Problem:
    title: str
    lines: list[str] = field(default_factory=list)


class DagFidelityFailure(Exception):
    def __init__(self, problems: list[Problem], hint: str | None) -> None:
        super().__init__(problems)
        self.problems = problems
        self.hint = hint


def side(result: Result | None, dag_id: str | None) -> dict[str, Any] | None:
    """What one source says about one DAG (or, for a file item, about the file)."""
    if result is None:
        return None
    if not result.ok:
        assert result.error is not None
        return {"error": {"type": result.error["type"]}}
    assert result.doc is not None
    if dag_id is None:
        return {"dag_ids": result.dag_ids}
    dag = result.doc["dags"].get(dag_id)
    return {"dag": dag} if dag is not None else {"absent": f"the file defines no DAG {dag_id!r}"}


class DagItem(pytest.Item):
    def __init__(self, *, dag_id: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dag_id = dag_id
        self.first_defined_in: str | None = None  # set when an earlier file has this dag_id

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, f"{self.path.name}::{self.name}"

    def runtest(self) -> None:
        session = _session(self.config)
        settings = session.settings
        file = session.display(self.path)
        subject = session.result(settings.backend, self.path)
        live = session.result("airflow", self.path) if session.has_airflow else None
        problems: list[Problem] = []
        verdict = "match"
        mine, real = side(subject, self.dag_id), side(live, self.dag_id)
        name = "shim" if settings.backend == "shim" else "airflow backend"
        if self.first_defined_in is not None:
            self._refuse_duplicate(file)

        if settings.update:
            assert live is not None and real is not None
            if live.error is not None and live.error["type"] in NOT_RECORDED:
                self.user_properties.append(("dag_fidelity_golden", "not recorded"))
                raise DagFidelityFailure(
                    [
                        Problem(f"real Airflow {session.version} did not parse it; no golden was written"),
                        Problem(explain(file, live.error)),
                    ],
                    session.update_command(self.nodeid),
                )
            self.user_properties.append(
                ("dag_fidelity_golden", self._write_golden(session, file, live, real))
            )
        golden_path = session.store.path(session.version, file, self.dag_id)
        try:
            stored = session.store.read(session.version, file, self.dag_id)
        except GoldenError as exc:
            stored, verdict = None, "invalid_golden"
            problems.append(Problem(str(exc)))
        golden = None if stored is None else {k: v for k, v in stored.items() if k in ("dag", "error")}

        text_mine, text_real = canonical(mine), canonical(real)  # once per side: compared up to 3 times
        if real is not None and settings.backend != "airflow" and text_mine != text_real:
            verdict = "mismatch"
            problems.append(
                _diff_problem(f"{name} ≠ real Airflow {session.version}", "real Airflow", name, real, mine)
            )
        if real is not None and live is not None and live.ok and subject.ok and self.dag_id is not None:
            extra = sorted(set(live.dag_ids) - set(subject.dag_ids))
            if extra:
                verdict = "mismatch"
                problems.append(Problem(f"real Airflow also finds DAGs the {name} does not: {extra}"))
        # A file real Airflow parses has its DAGs' goldens, not a file-level one.
        real_parses_file = self.dag_id is None and real is not None and "dag_ids" in real
        if stored is None and verdict != "invalid_golden" and not real_parses_file:
            verdict = "missing_golden" if verdict == "match" else verdict
            problems.append(
                Problem(f"no golden for Airflow {session.version}: it would be written to {golden_path}")
            )
        elif golden is not None:
            text_golden = canonical(golden)
            if real is not None and text_real != text_golden:
                verdict = "stale_golden" if verdict == "match" else verdict
                problems.append(
                    _diff_problem(
                        f"real Airflow {session.version} ≠ golden: the golden is stale "
                        "(Airflow or the DAG changed)",
                        f"golden {golden_path}",
                        "real Airflow",
                        golden,
                        real,
                    )
                )
            if text_mine != text_golden and (real is None or text_real == text_golden):
                verdict = "golden_mismatch" if verdict == "match" else verdict
                problems.append(
                    _diff_problem(f"{name} ≠ golden", f"golden {golden_path}", name, golden, mine)
                )
        if not subject.ok and verdict == "match" and (golden is None or "error" not in golden):
            verdict = "shim_error"
        no_dag = subject.ok and self.dag_id is None and not subject.dag_ids
        if no_dag:
            problems = [Problem(f"{file}: defines no DAG. Fix: {NO_DAG_FIX}")]
            verdict = "no_dag" if verdict == "match" else verdict
        self.user_properties.append(("dag_fidelity_verdict", verdict))
        if problems:
            error = subject.error if not subject.ok else None
            if error is not None and (golden is None or golden.get("error", {}).get("type") != error["type"]):
                problems.insert(0, Problem(f"the {name} failed on {explain(file, error)}"))
                if live is not None and settings.backend != "airflow":
                    problems.insert(1, Problem(_live_says(session.version, live, error)))
            hint = None if verdict == "no_dag" else session.update_command(self.nodeid)
            raise DagFidelityFailure(problems, hint)

    def _refuse_duplicate(self, file: str) -> None:
        self.user_properties.append(("dag_fidelity_verdict", "duplicate_dag_id"))
        error = {
            "type": "AirflowDagDuplicatedIdException",
            "message": f"dag_id {self.dag_id!r} is also defined in {self.first_defined_in}, which comes "
            "first: Airflow loads that one and reports this file as an import error",
            "fix": "give each DAG its own dag_id across the DAG folder",
        }
        raise DagFidelityFailure([Problem(explain(file, error))], None)

    def _write_golden(self, session: Any, file: str, live: Result, real: dict[str, Any]) -> str:
        version = session.version
        if "error" in real:
            assert live.error is not None
            return str(session.store.write(version, file, None, error_golden(version, file, live.error)))
        if "dag" in real and self.dag_id is not None:
            return str(
                session.store.write(version, file, self.dag_id, dag_golden(version, file, real["dag"]))
            )
        return "unchanged"  # the shim found a DAG real Airflow does not define: nothing to record

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if not isinstance(excinfo.value, DagFidelityFailure):
            return str(super().repr_failure(excinfo, style))
        failure = excinfo.value
        lines = [f"DAG fidelity failure: {self.nodeid}"]
        for problem in failure.problems:
            lines.append(problem.title)
            lines.extend(f"    {line}" for line in problem.lines)
        if failure.hint:
            lines.append(f"regenerate the golden from real Airflow: {failure.hint}")
        return "\n".join(lines)


def _live_says(version: str, live: Result, error: dict[str, Any]) -> str:
    if live.ok:
        return f"real Airflow {version} parses it: the shim does not agree"
    assert live.error is not None
    if live.error["type"] == error["type"]:
        return f"real Airflow {version} rejects it the same way"
    return f"real Airflow {version} rejects it differently: {live.error['type']}: {live.error['message']}"


def _diff_problem(title: str, expected_name: str, actual_name: str, expected: Any, actual: Any) -> Problem:
    from .diff import diff

    lines = [f"(expected: {expected_name}; actual: {actual_name})", *diff(expected, actual)]
    return Problem(title, lines)
