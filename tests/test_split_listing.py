"""Collection's shared listing split over the cores the worker may use (worker/forkserver.py).

Each DAG id below names the process that parsed its file and the monotonic clock there (the
parse freezes only the wall clock), so a listing shows which parse process listed which file,
and whether those processes ran at once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pytest_dagfidelity.backends import start_backend
from pytest_dagfidelity.worker.forkserver import _MIN_SLICE

# Each file sleeps: a slice takes long enough that two processes running at once overlap on
# any machine, however loaded; run one after the other, they cannot.
SOURCE = """
import datetime, os, time
from airflow.sdk import DAG
from airflow.providers.standard.operators.empty import EmptyOperator
BEFORE
start = time.monotonic_ns()
time.sleep(0.02)
dag_id = f"n{NUMBER}_{os.getpid()}_{start}_{time.monotonic_ns()}"
with DAG(dag_id, start_date=datetime.datetime(2024, 1, 1), schedule=None):
    EmptyOperator(task_id="t")
"""

needs_two_cores = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="a listing is split only where the worker may use two cores; this process may use one",
)


def _files(folder: Path, count: int, before: dict[int, str] | None = None) -> list[str]:
    paths = []
    for n in range(count):
        path = folder / f"f{n:03d}.py"
        text = SOURCE.replace("NUMBER", str(n)).replace("BEFORE", (before or {}).get(n, ""))
        path.write_text(text)
        paths.append(str(path))
    return paths


@contextmanager
def _cores(count: int | None) -> Iterator[None]:
    """The worker started inside is limited to ``count`` cores (None: as this process)."""
    if count is None:
        yield
        return
    saved = os.sched_getaffinity(0)
    os.sched_setaffinity(0, sorted(saved)[:count])  # the worker inherits it when it starts
    try:
        yield
    finally:
        os.sched_setaffinity(0, saved)


def _listing(paths: list[str], cores: int | None) -> dict[int, tuple[int, int, int]]:
    """File number -> (pid, monotonic ns at the parse's start, at its end), for each file listed."""
    with _cores(cores):
        backend = start_backend("shim", target="3.3")
    with backend:
        listed = backend.list_dag_ids(paths, files=[os.path.basename(p) for p in paths])
    found = {}
    for path, ids in listed.items():
        assert ids is not None and len(ids) == 1, (path, ids)
        number, pid, start, end = ids[0].lstrip("n").split("_")
        assert f"f{int(number):03d}.py" == os.path.basename(path)
        found[int(number)] = (int(pid), int(start), int(end))
    return found


@needs_two_cores
def test_a_listing_is_split_round_robin_between_processes_that_run_at_once(tmp_path: Path) -> None:
    count = 2 * _MIN_SLICE
    found = _listing(_files(tmp_path, count), cores=2)
    assert sorted(found) == list(range(count))  # every file, each once
    pids = {found[n][0] for n in range(count)}
    assert len(pids) == 2, pids
    for n in range(count):  # file n in slice n % 2, in its slice's order
        assert found[n][0] == found[n % 2][0]
    slices = [[found[n] for n in range(i, count, 2)] for i in range(2)]
    for one in slices:
        assert [s for _, s, _ in one] == sorted(s for _, s, _ in one)
    # Each slice began before the other ended: they ran at once, neither waiting for the other.
    (first, second) = ((min(s for _, s, _ in one), max(e for _, _, e in one)) for one in slices)
    assert first[0] < second[1] and second[0] < first[1], (first, second)


def test_on_one_core_one_process_lists_every_file_in_order(tmp_path: Path) -> None:
    count = 2 * _MIN_SLICE
    found = _listing(_files(tmp_path, count), cores=1)
    assert sorted(found) == list(range(count))
    assert len({pid for pid, _, _ in found.values()}) == 1
    starts = [found[n][1] for n in range(count)]
    assert starts == sorted(starts)


def test_too_few_files_to_split_are_listed_by_one_process(tmp_path: Path) -> None:
    found = _listing(_files(tmp_path, 2 * _MIN_SLICE - 1), cores=None)
    assert len(found) == 2 * _MIN_SLICE - 1
    assert len({pid for pid, _, _ in found.values()}) == 1


@needs_two_cores
def test_a_file_that_ends_its_slices_process_costs_only_that_slices_listing(tmp_path: Path) -> None:
    count = 2 * _MIN_SLICE
    dies = 7  # in slice 1 (7 % 2): the files of slice 0 are listed all the same
    found = _listing(_files(tmp_path, count, before={dies: "os._exit(3)"}), cores=2)
    assert sorted(found) == list(range(0, count, 2)), sorted(found)
