"""The run's shared worker (xdist): started without waiting, reached as soon as it listens,
and a listener that cannot start is reported by every client that needed it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pytest_dagfidelity.backends.process import WorkerBackend, worker_argv
from pytest_dagfidelity.backends.shared import SharedWorker, WorkerServer
from pytest_dagfidelity.exceptions import BackendUnavailable

SHIM = "pytest_dagfidelity.worker.shim_loader:ShimLoader"
DAG = """
from airflow.sdk import DAG
from airflow.providers.standard.operators.empty import EmptyOperator

with DAG("shared_one", schedule=None):
    EmptyOperator(task_id="only")
"""


def test_a_client_started_at_once_is_served_when_the_listener_is_ready(tmp_path: Path) -> None:
    dag = tmp_path / "shared_one.py"
    dag.write_text(DAG, encoding="utf-8")
    server = WorkerServer(worker_argv(sys.executable, SHIM, "3.3"))
    try:
        # No wait: the socket is not there yet when the client first tries.
        backend = WorkerBackend("shim", SharedWorker(server.path, timeout=60))
        result = backend.compile(str(dag), file="shared_one.py")
        assert result.ok and result.dag_ids == ["shared_one"]
        assert server.ready()["ready"] is True
        backend.close()
    finally:
        server.close()
    assert not Path(server.path).parent.exists()


def test_a_listener_that_cannot_start_is_reported_by_its_clients() -> None:
    argv = [sys.executable, "-c", "import sys; sys.exit('no airflow here: boom')"]
    server = WorkerServer(argv)
    try:
        with pytest.raises(BackendUnavailable, match="boom"):
            SharedWorker(server.path, timeout=60)
        with pytest.raises(BackendUnavailable, match="did not start listening.*boom"):
            server.ready()
    finally:
        server.close()
