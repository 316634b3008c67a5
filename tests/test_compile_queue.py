from __future__ import annotations

import threading
import time

import pytest

from pytest_dagfidelity.compile_queue import CompileQueues


def test_a_result_asked_for_ahead_is_computed_once_and_in_the_order_asked() -> None:
    queues: CompileQueues[str] = CompileQueues()
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    for key in ("a", "b", "a"):
        queues.ahead("shim", key, lambda key=key: compute(key))
    assert queues.get("shim", "b", lambda: compute("never")) == "B"
    assert queues.get("shim", "a", lambda: compute("never")) == "A"
    queues.close()
    assert calls == ["a", "b"]


def test_each_queue_runs_on_its_own_thread_so_two_backends_overlap() -> None:
    queues: CompileQueues[str] = CompileQueues()
    both_running = threading.Barrier(2, timeout=10)

    def compute(name: str) -> str:
        both_running.wait()  # only returns once the other queue's compile is running too
        return name

    queues.ahead("airflow", "f.py", lambda: compute("airflow"))
    assert queues.get("shim", "f.py", lambda: compute("shim")) == "shim"
    assert queues.get("airflow", "f.py", lambda: compute("never")) == "airflow"
    queues.close()


def test_a_failure_is_raised_in_the_thread_that_asks_for_the_result() -> None:
    queues: CompileQueues[str] = CompileQueues()

    def fail() -> str:
        raise pytest.UsageError("dag-fidelity: the backend cannot start")

    queues.ahead("airflow", "f.py", fail)
    with pytest.raises(pytest.UsageError, match="cannot start"):
        queues.get("airflow", "f.py", fail)
    queues.close()


def test_close_drops_what_has_not_started_and_later_asks_compute_in_the_caller() -> None:
    queues: CompileQueues[str] = CompileQueues()
    release = threading.Event()
    started = threading.Event()
    calls: list[str] = []

    def slow() -> str:
        started.set()
        release.wait(10)
        calls.append("slow")
        return "slow"

    queues.ahead("airflow", "first.py", slow)
    queues.ahead("airflow", "second.py", lambda: calls.append("second") or "second")
    assert started.wait(10)
    closing = threading.Thread(target=queues.close)
    closing.start()
    while queues.known("airflow", "second.py"):  # close has not dropped it yet
        time.sleep(0.01)
    release.set()
    closing.join(10)
    assert calls == ["slow"]  # the second was asked for ahead, never started, and dropped
    assert queues.get("airflow", "second.py", lambda: threading.current_thread().name) == (
        threading.current_thread().name
    )
