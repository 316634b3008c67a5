"""How each verdict is shown: the one table the reports read (colour, outcome, SARIF level).

The verdict names are decided elsewhere (one verdict module); this table only presents
them, so a renamed verdict is one edit here. Older names map to their new ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Outcome = Literal["pass", "xfail", "fail", "environment"]


@dataclass(frozen=True)
class VerdictStyle:
    name: str
    outcome: Outcome
    colour: str  # cell background
    level: Literal["none", "note", "warning", "error"]  # SARIF result level
    meaning: str


VERDICT_STYLES: tuple[VerdictStyle, ...] = (
    VerdictStyle("match", "pass", "#c8e6c9", "none", "shim, real Airflow and golden agree"),
    VerdictStyle("airflow_only", "pass", "#dcedc8", "none", "checked by real Airflow only, as declared"),
    VerdictStyle("expected_failure", "xfail", "#e1bee7", "note", "fails as the user declared (xfail)"),
    VerdictStyle("mismatch", "fail", "#ef9a9a", "error", "the shim disagrees with real Airflow"),
    VerdictStyle("golden_mismatch", "fail", "#ef9a9a", "error", "the shim disagrees with the golden"),
    VerdictStyle("stale_golden", "fail", "#ffcc80", "warning", "real Airflow disagrees with the golden"),
    VerdictStyle("missing_golden", "fail", "#ffe082", "warning", "no golden recorded for this version"),
    VerdictStyle("invalid_golden", "fail", "#ffcc80", "error", "the golden cannot be read"),
    VerdictStyle("import_error", "fail", "#e57373", "error", "the DAG does not load in real Airflow"),
    VerdictStyle("unexpected_parse", "fail", "#ef9a9a", "error", "declared to fail, but it parses"),
    VerdictStyle(
        "unsupported", "fail", "#ffab91", "warning", "the shim refused a construct it does not model"
    ),
    VerdictStyle("environment_error", "environment", "#cfd8dc", "warning", "the environment lacks something"),
    VerdictStyle("harness_limit", "environment", "#cfd8dc", "warning", "a time or memory limit stopped it"),
    VerdictStyle(
        "nondeterministic", "fail", "#ffcc80", "warning", "two parses of the file in fresh processes differ"
    ),
    VerdictStyle("no_dag", "fail", "#ffe082", "error", "the file defines no DAG"),
    VerdictStyle("duplicate_dag_id", "fail", "#ef9a9a", "error", "another file defines the same dag_id"),
    VerdictStyle(
        "stale_dag_ids", "fail", "#ffcc80", "error", "collection listed DAG ids the file no longer yields"
    ),
    VerdictStyle(
        "not_checked", "fail", "#e57373", "error", "the harness or a backend failed before any verdict"
    ),
    VerdictStyle("agree", "pass", "#dcedc8", "none", "compared backends agree; nothing referees them"),
    VerdictStyle("disagree", "fail", "#ef9a9a", "error", "compared backends disagree with each other"),
)
RENAMED = {"shim_error": "unsupported", "airflow_error": "environment_error"}
UNKNOWN = VerdictStyle("?", "fail", "#eeeeee", "warning", "a verdict this report does not know")
_BY_NAME = {s.name: s for s in VERDICT_STYLES}


def style(verdict: str) -> VerdictStyle:
    name = RENAMED.get(verdict, verdict)
    return _BY_NAME.get(name, UNKNOWN)


def canonical_name(verdict: str) -> str:
    return RENAMED.get(verdict, verdict)


def is_failure(verdict: str) -> bool:
    return style(verdict).outcome != "pass" and style(verdict).outcome != "xfail"
