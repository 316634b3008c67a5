"""What a failure to parse means for the user: its cause in words, and how to fix it.

Both backends report errors as records (type, message, line, fix). A record that
brings no fix of its own gets the one for its type here, so the shim and real
Airflow explain the same failure the same way.
"""

from __future__ import annotations

from .records import ParseError

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
_FIX_BY_KIND = {
    "missing_provider": "install the provider package (apache-airflow-providers-...) in the Airflow "
    "environment the harness uses",
    "missing_module": "install the missing package in the Airflow environment, or correct the import; "
    "a module of your own must sit in the DAG folder, the plugins folder or an import root "
    "(dag_fidelity_import_roots / --import-root)",
    "package_version": "install the version of the package that provides this name",
    "airflow_api": "this Airflow version (or provider) does not provide it: the file is written for "
    "another version; import what this version provides, or declare the failure expected on this "
    "version (# dagfidelity: expect-failure <spec>)",
    "database": "do not query the metadata database at the top level of a DAG file: Airflow parses "
    "without one (read the value in a task, or from an AIRFLOW_VAR_/AIRFLOW_CONN_ environment variable)",
    "network": "do not call the network at the top level of a DAG file: move the call into a task",
    "secrets": "a Variable or Connection read at parse time needs a running Airflow: set it as an "
    "AIRFLOW_VAR_/AIRFLOW_CONN_ environment variable, give a default, or read it in a task",
    "render": "this is a limit of pytest-dagfidelity, not of your DAG: please report it",
}
_FIX_BY_WORDS = (
    ("has to be made of alphanumeric", "use only letters, digits, dashes, dots and underscores in ids"),
    ("has to be less than 250 characters", "shorten the id: group prefixes count towards the 250 characters"),
    ("null bytes", "this is not Python source: keep binary files out of the DAG folder"),
    ("codec can't decode", "save the file as UTF-8, or declare its encoding on line 1 or 2 (PEP 263)"),
)
NO_DAG_FIX = (
    "define a DAG at module level (with DAG(...), @dag, or a module-level DAG object), or in a "
    "dag-factory YAML config under a top-level name other than default or task_groups; "
    "if this is a helper module, not a DAG file, list it in .airflowignore"
)
_GENERIC_FIX = "correct the code at the line named: parsing stops there, in Airflow as here"


def fix_for(error: ParseError) -> str:
    """The fix to show for an error: its own, else the one for its cause, type or words."""
    if error.fix:
        return error.fix
    for words, fix in _FIX_BY_WORDS:
        if words in error.message:
            return fix
    if error.kind in _FIX_BY_KIND:
        return _FIX_BY_KIND[error.kind]
    return _FIX_BY_TYPE.get(error.type, _GENERIC_FIX)


def where(file: str, error: ParseError) -> str:
    return f"{file}:{error.line}" if error.line else file


def _body(error: ParseError, at: str = "") -> str:
    message = " ".join(error.message.split()) or "(no message)"
    if "Fix:" in message:  # a shim refusal carries its fix in its message
        return f"{error.type}{at}: {message}"
    return f"{error.type}{at}: {message.rstrip('.')}. Fix: {fix_for(error)}"


def describe(error: ParseError) -> str:
    """``Type (line N): message. Fix: ...``."""
    return _body(error, f" (line {error.line})" if error.line else "")


def explain(file: str, error: ParseError) -> str:
    """One line: ``file:line: Type: message. Fix: ...``."""
    return f"{where(file, error)}: {_body(error)}"


def duplicate_dag_id(first_defined_in: dict[str, str]) -> ParseError:
    """What Airflow's DagBag does with a file whose dag_ids (keys) an earlier file (values)
    already defines: it keeps the earlier file and reports this one as an import error."""
    found = ", ".join(f"{d!r} (also in {f})" for d, f in sorted(first_defined_in.items()))
    return ParseError(
        type="AirflowDagDuplicatedIdException",
        message=f"dag_id {found}: Airflow loads the first file and reports this one as an import error",
        kind="duplicate_dag_id",
        fix="give each DAG its own dag_id across the DAG folder",
    )
