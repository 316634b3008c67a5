"""Each backend's compiles in a thread of its own, so the plugin can ask for the next item's
files ahead: real Airflow parses item N+1 while the shim parses it, and while pytest reports
item N. Every backend is a worker process, so on two cores the two sides run side by side.

One thread per backend keeps each backend's requests in the order they were made, one at a
time, as a backend expects; a result is computed once and kept for the run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


class CompileQueues(Generic[T]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, ThreadPoolExecutor] = {}
        self._futures: dict[tuple[str, Hashable], Future[T]] = {}
        self._closed = False

    def ahead(self, queue: str, key: Hashable, compute: Callable[[], T]) -> None:
        """Start ``compute`` on ``queue``'s thread unless ``key`` was asked for already."""
        self._submit(queue, key, compute)

    def get(self, queue: str, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``key``: waited for if it was asked for ahead, else computed now (on
        the queue's thread, after what was asked for before it). Its exception is raised here."""
        return self._submit(queue, key, compute).result()

    def known(self, queue: str, key: Hashable) -> bool:
        return (queue, key) in self._futures

    def _submit(self, queue: str, key: Hashable, compute: Callable[[], T]) -> Future[T]:
        now = False
        with self._lock:
            future = self._futures.get((queue, key))
            if future is None:
                if self._closed:  # after close: in the caller's thread, nothing left to order against
                    future, now = Future(), True
                else:
                    if queue not in self._queues:
                        self._queues[queue] = ThreadPoolExecutor(1, thread_name_prefix=f"dagfidelity-{queue}")
                    future = self._queues[queue].submit(compute)
                self._futures[(queue, key)] = future
        if now:
            _run_into(future, compute)
        return future

    def close(self) -> None:
        """Drop what was asked for ahead and not started; wait for what is running (a backend is
        closed after its last request has returned)."""
        with self._lock:
            self._closed = True
            queues, self._queues = list(self._queues.values()), {}
            for key, future in list(self._futures.items()):
                if future.cancel():
                    del self._futures[key]
        for queue in queues:
            queue.shutdown(wait=True, cancel_futures=True)


def _run_into(future: Future[T], compute: Callable[[], T]) -> None:
    try:
        future.set_result(compute())
    except BaseException as exc:  # noqa: BLE001 - handed to whoever waits, as the executor does
        future.set_exception(exc)
