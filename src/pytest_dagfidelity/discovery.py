"""Which files in a DAG folder Airflow would parse at all.

With ``dag_discovery_safe_mode`` on (Airflow's default), a file that does not even
mention Airflow and a DAG is skipped without being imported: helper modules beside
the DAGs usually are. The words differ by major version (Airflow 3 also looks for
"asset"), as measured in each version's ``might_contain_dag_via_default_heuristic``.
"""

from __future__ import annotations

from pathlib import Path


def might_contain_dag(path: str | Path, airflow_version: str) -> bool:
    try:
        content = Path(path).read_bytes().lower()
    except OSError:
        return True  # let parsing report what is wrong with it
    if b"airflow" not in content:
        return False
    words = (b"dag",) if airflow_version.startswith("2.") else (b"dag", b"asset")
    return any(word in content for word in words)
