"""Turn an exception or an Airflow import-error text into the error record both backends report."""

from __future__ import annotations

import re
import traceback
from types import TracebackType
from typing import Any

_LAST_LINE = re.compile(
    r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Found|Interrupt|Warning)|[A-Z]\w*)(?:: (.*))?$"
)
_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')


def from_exception(exc: BaseException, dag_file: str) -> dict[str, Any]:
    return {
        "type": type(exc).__name__,
        # A SyntaxError's str() repeats the file and line, which the record carries apart.
        "message": (exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)).strip(),
        "line": _line_in(exc.__traceback__, dag_file) or getattr(exc, "lineno", None),
        "unsupported": getattr(exc, "dagfidelity_unsupported", False),
        "fix": getattr(exc, "dagfidelity_fix", None),
    }


def _line_in(tb: TracebackType | None, dag_file: str) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == dag_file:
            line = lineno
    return line


def from_import_error(text: str, dag_file: str) -> dict[str, Any]:
    """Parse the traceback text Airflow's DagBag stores in ``import_errors``."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    exc_type, message = "ImportError", text.strip()
    for i in range(len(lines) - 1, -1, -1):
        m = _LAST_LINE.match(lines[i].strip())
        if m and not lines[i].startswith(" "):
            exc_type = m.group(1).rsplit(".", 1)[-1]
            message = "\n".join([m.group(2) or ""] + [ln.strip() for ln in lines[i + 1 :]]).strip()
            break
    line = None
    for m in _FRAME.finditer(text):
        if m.group("file") == dag_file:
            line = int(m.group("line"))
    return {"type": exc_type, "message": message, "line": line, "unsupported": False, "fix": None}
