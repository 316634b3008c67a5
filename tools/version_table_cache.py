"""Rewrite the version table's load caches (``<X.Y>.marshal``) from its JSON rows.

    python tools/version_table_cache.py

The JSON rows, written by ``tools/probe_airflow.py``, are the table; each cache is the same
row in a form the shim loads faster at every start, stamped with the CRC-32 of the JSON it
was made from (``shim/airflow/_dagfidelity/versions.py``). The probe writes its row's cache
itself; run this after changing a row any other way. ``tests/test_versions.py`` fails while a
cache is out of date.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

from pytest_dagfidelity.versions import _module as table_module  # noqa: E402


def main() -> None:
    table = table_module()
    for minor in table.available():
        print(f"wrote {table.write_cache(minor)}")


if __name__ == "__main__":
    main()
