"""A helper module next to the DAG files, as real projects keep them (not a DAG file)."""

TABLES = {"orders": "0 2 * * *", "customers": "0 3 * * *", "payments": None}
