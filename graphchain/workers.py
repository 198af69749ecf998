"""Running the per-project analysis in chunks: in this process, in a pool of processes, or on a Dask cluster.

:func:`chunked` cuts the projects into chunks (a task per chunk, not per project: a task has a fixed cost);
:func:`results` runs ``work`` on every chunk and gives the results in the chunks' order, so the findings
document is the same whatever runs it. With ``workers`` > 1 the chunks run in a pool of forked processes (they
inherit what the parent has read: nothing is pickled but the chunk and its result; the parent keeps no
reference to ``work`` once they have forked); with a ``scheduler``
(``tcp://HOST:PORT``) each chunk is a task on that Dask cluster, a few in flight per worker.

>>> chunked([f"P{i}" for i in range(5)], 1, size=2)
[['P0', 'P1'], ['P2', 'P3'], ['P4']]
>>> with results(len, [[1, 2], [3]]) as it:
...     list(it)
[2, 1]
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

MAX_CHUNK = 250  # projects per task: enough to pay a task's cost, small enough to spread the work evenly
TASKS_PER_WORKER = 8


class SchedulerError(RuntimeError):
    """The Dask scheduler cannot be used: dask is not installed (``exit 2``) or it cannot be reached."""

    def __init__(self, message: str, unreachable: bool = False):
        super().__init__(message)
        self.unreachable = unreachable


def default_workers() -> int:
    """The machine's cores (``os.cpu_count()``)."""
    return os.cpu_count() or 1


def chunked(ids: list[str], workers: int, size: int | None = None) -> list[list[str]]:
    """``ids`` in chunks of ``size`` (default: about :data:`TASKS_PER_WORKER` chunks per worker, at most
    :data:`MAX_CHUNK` ids each)."""
    if size is None:
        size = min(MAX_CHUNK, -(-len(ids) // (max(workers, 1) * TASKS_PER_WORKER)))
    size = max(size, 1)
    return [ids[i : i + size] for i in range(0, len(ids), size)]


_JOB: Callable | None = None  # the work of the pool's processes, inherited at the fork (no pickling)


def _job(item):
    assert _JOB is not None
    return _JOB(item)


@contextmanager
def results(work: Callable, items: Iterable, workers: int = 1, scheduler: str | None = None) -> Iterator[Iterator]:
    """``work(item)`` for every item, in the items' order; the work is already running when the block starts
    (the caller can do its own part meanwhile)."""
    global _JOB
    if scheduler:
        with _client(scheduler) as client:
            yield _submitted(client, work, items)
        return
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        yield map(work, items)
        return
    _JOB = work
    try:
        # fork: the children share what the parent has read, copy on write (Linux; not spawn)
        with multiprocessing.get_context("fork").Pool(min(workers, len(items))) as pool:
            # the processes have forked with the work: this one lets go of it, so that what only the work
            # holds (the bundle's tables) is freed here while they run
            _JOB = None
            del work
            yield pool.imap(_job, items)
    finally:
        _JOB = None


@contextmanager
def _client(scheduler: str):
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerError("--scheduler needs Dask: pip install 'graphchain[dask]'") from None
    try:
        client = Client(scheduler, timeout=10)
    except (OSError, TimeoutError) as e:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {e}", unreachable=True) from None
    with client:
        yield client


def _submitted(client, work: Callable, items: Iterable) -> Iterator:
    """The results of ``work`` on a Dask cluster, a few tasks in flight per worker (the items — a chunk's
    rows on the embedded path — are made only as the cluster takes them)."""
    limit = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    window: deque = deque()
    for item in items:
        window.append(client.submit(work, item, pure=False))
        if len(window) >= limit:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()
