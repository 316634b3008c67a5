"""What a failure to parse means for the user: its cause in words, and how to fix it.

Both backends report errors as records (type, message, line, fix). A record that
brings no fix of its own gets the one for its type here, so the shim and real
Airflow explain the same failure the same way.
"""

from __future__ import annotations

from typing import Any

# Failures the harness imposes (limits, crashes, refusals), not verdicts of Airflow on the
# DAG: they are never recorded as a golden, and an update run reports them instead.
# Failures that depend on the machine (time, memory, a killed process), not on the DAG.
MACHINE_LIMITS = frozenset(("Timeout", "WorkerCrashed", "MemoryError"))
NOT_RECORDED = MACHINE_LIMITS | {"WriteAtImport", "DuplicateDagId"}

_FIX_BY_TYPE = {
    "SyntaxError": "correct the Python syntax at that line",
    "IndentationError": "correct the indentation at that line",
    "TabError": "indent with spaces only at that line",
    "ModuleNotFoundError": "install the missing package in the Airflow environment, or correct the import",
    "ImportError": "import only names this Airflow version (or the package) provides",
    "NameError": "define the name before the line that uses it",
    "SystemExit": "do not call sys.exit() or exit() at the top level of a DAG file",
    "KeyboardInterrupt": "do not raise KeyboardInterrupt at the top level of a DAG file",
    "RecursionError": "end the recursion at that line: a DAG file's top level must terminate",
    "EOFError": "do not read standard input (input(), sys.stdin) in a DAG file: nothing answers it",
    "DuplicateTaskIdFound": "give every task in the DAG its own task_id",
    "AirflowDagCycleException": "remove one of the edges of the cycle the message names",
    "AirflowDagDuplicatedIdException": "give each DAG its own dag_id across the DAG folder",
    "ShimUnsupported": "see the message: it names what the shim does not model",
}
_FIX_BY_WORDS = (
    ("has to be made of alphanumeric", "use only letters, digits, dashes, dots and underscores in ids"),
    ("has to be less than 250 characters", "shorten the id: group prefixes count towards the 250 characters"),
    ("null bytes", "this is not Python source: keep binary files out of the DAG folder"),
    ("codec can't decode", "save the file as UTF-8, or declare its encoding on line 1 or 2 (PEP 263)"),
)
NO_DAG_FIX = (
    "define a DAG at module level (with DAG(...), @dag, or a module-level DAG object); "
    "if this is a helper module, not a DAG file, list it in .airflowignore"
)
_GENERIC_FIX = "correct the code at the line named: parsing stops there, in Airflow as here"


def fix_for(error: dict[str, Any]) -> str:
    """The fix to show for an error record: its own, else the one for its type or its words."""
    if error.get("fix"):
        return str(error["fix"])
    message = str(error.get("message", ""))
    for words, fix in _FIX_BY_WORDS:
        if words in message:
            return fix
    return _FIX_BY_TYPE.get(str(error.get("type")), _GENERIC_FIX)


def own_fix(message: str, error: dict[str, Any]) -> str | None:
    """The fix to append to ``message``; None when the message says it already (shim refusals)."""
    return None if "Fix:" in message else fix_for(error)


def where(file: str, error: dict[str, Any]) -> str:
    return f"{file}:{error['line']}" if error.get("line") else file


def explain(file: str, error: dict[str, Any]) -> str:
    """One line: ``file:line: Type: message. Fix: ...``."""
    message = " ".join(str(error.get("message", "")).split()) or "(no message)"
    fix = own_fix(message, error)
    if fix is None:
        return f"{where(file, error)}: {error.get('type')}: {message}"
    return f"{where(file, error)}: {error.get('type')}: {message.rstrip('.')}. Fix: {fix}"
