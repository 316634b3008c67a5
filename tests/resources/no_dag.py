"""A Python file in the DAG folder that defines no DAG: zero DAGs, not an error."""

VALUE = 42
