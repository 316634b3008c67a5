"""The bad inputs of tests/resources/bad and what the user must see for each.

Expectations are written by hand from Airflow's behaviour, never taken from a run:
the error type both backends report (per Airflow version where it differs), words of
the message, and the line, which each file marks with ``# <- fails here``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BAD = Path(__file__).parent / "resources" / "bad"
MARK = "# <- fails here"

# Limits the bad-input tests run with: small, so the slow cases stay quick.
TIME_LIMIT = 4.0
MEMORY_LIMIT = 256.0

Expected = str | None | dict[str, str | None]  # an error type; None: it parses; by "X.Y" or major


@dataclass(frozen=True)
class Outcome:
    error: Expected
    says: str = ""
    line: int | None | str = "marked"  # "marked": the line with MARK; None: no line is known
    shim_only: bool = False  # the shim refuses what real Airflow parses (not modelled, said loudly)
    # Where the shim at default limits gets further than real Airflow at TIME_LIMIT.
    shim_at_default_limits: Expected | str = "same"

    def error_on(self, version: str, backend: str = "airflow") -> str | None:
        expected = self.error
        if backend == "shim" and self.shim_only:
            expected = "ShimUnsupported"
        elif backend == "shim" and self.shim_at_default_limits != "same":
            expected = self.shim_at_default_limits
        elif self.shim_only:
            expected = None  # real Airflow parses what the shim does not model
        if isinstance(expected, dict):
            return expected.get(version, expected.get(version.split(".")[0]))
        return expected


BY_MAJOR = {"2": "AirflowException", "3": "ValueError"}

CASES: dict[str, Outcome] = {
    "syntax_error.py": Outcome("SyntaxError", "expected ':'"),
    "indentation_error.py": Outcome("IndentationError", "unexpected indent"),
    "missing_module.py": Outcome("ModuleNotFoundError", "company_internal_sdk"),
    "missing_airflow_name.py": Outcome("ImportError", "EmptyOperatr"),
    "unmodelled_airflow_call.py": Outcome(None, "ObjectStoragePath", shim_only=True),
    "provider_hook_at_top_level.py": Outcome(None, "hook", shim_only=True),
    "cycle.py": Outcome("AirflowDagCycleException", "Cycle detected", line=None),
    "duplicate_task_id.py": Outcome("DuplicateTaskIdFound", "same"),
    "duplicate_dag_id_in_file.py": Outcome("DuplicateDagId", "duplicate_dag_id_in_file", line=None),
    # Each parses alone; together in one run the second is refused (tests of check and plugin).
    "duplicate_dag_id_across_files_a.py": Outcome(None),
    "duplicate_dag_id_across_files_b.py": Outcome(None),
    "no_dag.py": Outcome(None),
    "non_utf8.py": Outcome("SyntaxError", "codec can't decode", line=3),
    "binary.py": Outcome("SyntaxError", "null bytes", line=None),
    "sys_exit.py": Outcome("SystemExit", "no configuration found"),
    "os_exit.py": Outcome("WorkerCrashed", "os._exit(3)"),
    "kills_itself.py": Outcome("WorkerCrashed", "SIGKILL) at "),  # the guard names the line
    "infinite_loop.py": Outcome("Timeout", f"{TIME_LIMIT:g} s time limit"),
    "swallows_the_time_limit.py": Outcome("Timeout", "did not stop"),
    "unbounded_recursion.py": Outcome("RecursionError", "maximum recursion depth"),
    "unbounded_memory.py": Outcome("MemoryError", f"{MEMORY_LIMIT:g} MB"),
    "writes_at_import.py": Outcome("WriteAtImport", "dagfidelity-written-at-import.txt"),
    "deletes_at_import.py": Outcome("WriteAtImport", "os.remove"),
    "creates_folders_at_import.py": Outcome("WriteAtImport", "os.mkdir"),
    # Real Airflow needs more than its default 30 s for it (measured on 2.11 and 3.3); the shim,
    # a few seconds: it parses at the default limits, while real Airflow runs out of TIME_LIMIT.
    "fifty_thousand_tasks.py": Outcome(
        "Timeout", f"{TIME_LIMIT:g} s time limit", line="any", shim_at_default_limits=None
    ),
    "deep_task_groups.py": Outcome(None),
    "task_id_too_long_through_groups.py": Outcome(
        {"2.9": None, **BY_MAJOR},
        "250 characters",  # 2.9 validated only the label
    ),
    "invalid_task_id.py": Outcome(BY_MAJOR, "alphanumeric"),
    "invalid_dag_id.py": Outcome(BY_MAJOR, "alphanumeric"),
    "reads_stdin.py": Outcome("EOFError", "EOF when reading a line"),
    "raises_keyboard_interrupt.py": Outcome("KeyboardInterrupt", "interrupted at import"),
    "raises_at_import.py": Outcome("RuntimeError", "settings.yaml not found"),
    "changes_process_state.py": Outcome(None),
}


def marked_line(name: str) -> int:
    lines = (BAD / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if MARK in text)


def expected_line(name: str) -> int | None | str:
    line = CASES[name].line
    return marked_line(name) if line == "marked" else line


# What ``check`` and the plugin conclude for each case, judged against real Airflow: by hand.
_HARNESS_LIMITS = {"Timeout", "WorkerCrashed", "MemoryError", "WriteAtImport"}


def expected_verdict(name: str, version: str) -> str:
    outcome = CASES[name]
    if outcome.shim_only:
        return "unsupported"  # real Airflow parses what the shim does not model
    error = outcome.error_on(version)
    if name == "no_dag.py":
        return "no_dag"
    if error is None:
        return "match"
    if error in _HARNESS_LIMITS:
        return "harness_limit"  # never agreement, though both sides stopped
    if error == "ModuleNotFoundError":
        return "environment_error"  # a package the environment lacks: nothing to compare
    if error == "DuplicateDagId":
        return "duplicate_dag_id"
    return "import_error"  # the DAG does not load in Airflow: a failure, as a DagBag test says
