"""The limits and the instant every backend parses a DAG file with, unless told otherwise.

A module of constants only: the command line reads them to build its parser, before it
knows which command runs (a one-file compile imports nothing it does not use).
"""

from __future__ import annotations

# The instant every backend parses at (the clock is frozen there while a file runs), so a
# DAG that reads the clock at import compiles to the same dag.json every time.
PARSE_TIME = "2025-01-01T00:00:00+00:00"
DEFAULT_TIMEOUT = 30.0  # Airflow's own dagbag_import_timeout
DEFAULT_MEMORY_LIMIT = 2048.0  # MB a file may allocate while parsed; a 50,000-task DAG needs ~300
