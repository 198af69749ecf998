"""Running the per-project analysis in chunks: in this process, in a pool of processes, or on a Dask cluster.

:func:`chunked` cuts the projects into chunks (a task per chunk, not per project: a task has a fixed cost);
:func:`results` runs ``work`` on every chunk and gives the results in the chunks' order, so the findings
document is the same whatever runs it. With ``workers`` > 1 the chunks run in a pool of forked processes, a few
in flight per process: each item goes to them pickled and its result comes back pickled (the processes inherit
``work``; the pool lets go of it once they have forked, though a ``with`` statement's context manager still holds
its arguments). :func:`started` forks them before the items exist (the embedded analysis of a large bundle: before
it is read, so that they hold none of its pages; of a small one: once it is read, so that they share its tables).
With a ``scheduler`` (``tcp://HOST:PORT``) each chunk is a task on that Dask cluster, a few in flight per worker.

>>> chunked([f"P{i}" for i in range(5)], 1, size=2)
[['P0', 'P1'], ['P2', 'P3'], ['P4']]
>>> [len(c) for c in chunked([f"P{i}" for i in range(5)], 4, least=3)]
[3, 2]
>>> with results(len, [[1, 2], [3]]) as it:
...     list(it)
[2, 1]
"""

from __future__ import annotations

import io
import itertools
import multiprocessing
import os
import pickle
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from .util import paused_gc, release_memory

# projects per task: enough to pay a task's cost, small enough to spread the work evenly and to keep each process
# small (20,000 projects, 2 processes: 72 MiB each at 100, 125 MiB at 250, the same time measured at 5,000)
MAX_CHUNK = 100
TASKS_PER_WORKER = 8
IN_FLIGHT = 2  # chunks sent to a pool and not yet done, per process: one running, one waiting


class SchedulerError(RuntimeError):
    """The Dask scheduler cannot be used: dask is not installed (``exit 2``) or it cannot be reached."""

    def __init__(self, message: str, unreachable: bool = False):
        super().__init__(message)
        self.unreachable = unreachable


def default_workers() -> int:
    """The machine's cores (``os.cpu_count()``)."""
    return os.cpu_count() or 1


def chunked(ids: list[str], workers: int, size: int | None = None, least: int = 1) -> list[list[str]]:
    """``ids`` in chunks of ``size`` (default: about :data:`TASKS_PER_WORKER` chunks per worker, at most
    :data:`MAX_CHUNK` ids each), and at least ``least`` ids each."""
    if size is None:
        size = min(MAX_CHUNK, -(-len(ids) // (max(workers, 1) * TASKS_PER_WORKER)))
    size = max(size, least, 1)
    return [ids[i : i + size] for i in range(0, len(ids), size)]


_END = object()  # no more items
_JOB: Callable | None = None  # the work of the pool's processes, inherited at the fork (no pickling)


def _job(data: bytes) -> bytes:
    """The work on one item (pickled by :func:`_pickled`), its result pickled here (the parent keeps it so until
    it is read: :func:`_fed`)."""
    assert _JOB is not None
    return pickle.dumps(_JOB(pickle.loads(data)), pickle.HIGHEST_PROTOCOL)


def _pickled(item) -> bytes:
    """``item`` pickled without the memo of the objects already written: a chunk's rows are hundreds of thousands
    of cells, and keeping each in the memo makes pickling three times as slow; the few values they share (a
    party named on many rows) are written again instead (10 % more bytes). An item that refers to itself
    cannot be written so, and is written the usual way."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    try:
        pickler.dump(item)
    except ValueError:
        return pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
    return out.getvalue()


@contextmanager
def results(work: Callable, items: Iterable, workers: int = 1, scheduler: str | None = None,
            done: Callable[[int], None] | None = None) -> Iterator[Iterator]:
    """``work(item)`` for every item, in the items' order; the work is already running when the block starts
    (the caller can do its own part meanwhile); ``done`` as in :func:`started`."""
    items = list(items)
    with started(work, min(workers, len(items)), scheduler, done) as run:
        yield run(items)


@contextmanager
def started(work: Callable, workers: int = 1, scheduler: str | None = None,
            done: Callable[[int], None] | None = None) -> Iterator[Callable[[Iterable], Iterator]]:
    """``run``: ``run(items)`` gives ``work(item)`` for every item, in the items' order, as :func:`results`;
    the processes (or the Dask client) start now, before the items exist. A forked process copies the pages
    it writes of what the parent held at the fork: started before the bundle is read, it holds nothing of it,
    and each item (a chunk's rows) comes to it pickled. ``done(i)``, if given, is called from another thread as
    soon as a pool's process has finished the ``i``-th item: a pool's results are read only once every item is
    sent (for a progress bar; in this process or on a cluster each result is read as soon as it is ready).

    >>> with started(len, 2) as run:
    ...     list(run([[1, 2], [3], []]))
    [2, 1, 0]
    """
    global _JOB
    if scheduler:
        with _client(scheduler) as client:
            yield partial(_submitted, client, work)
        return
    if workers <= 1:
        yield partial(map, work)
        return
    _JOB = work
    stop = threading.Event()  # set when the block ends: a thread still feeding the pool gives up
    try:
        # fork: the children share what the parent has now, copy on write (Linux; not spawn)
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # the processes have forked with the work: this one lets go of it, so that what only the work
            # holds is freed here while they run
            _JOB = None
            del work
            yield partial(_fed, pool, IN_FLIGHT * workers, stop, done or _nothing)
    finally:
        stop.set()
        _JOB = None


def _nothing(_: int) -> None:
    pass


def _fed(pool, limit: int, stop: threading.Event, done: Callable[[int], None], items: Iterable) -> Iterator:
    """The results of a pool's work on ``items``. A thread of this process takes the items from their iterator
    and sends them as the processes take them, at most ``limit`` not yet done (``Pool.imap`` would take them all
    at once: every chunk's rows made and pickled here before the first is done); it starts now, before the
    results are asked for; it gives up once ``stop`` is set. ``done(i)`` is called by the pool's result thread
    when the ``i``-th item's work is finished."""
    slots = threading.Semaphore(limit)
    sent: queue.SimpleQueue = queue.SimpleQueue()

    def finished(i: int, _) -> None:
        slots.release()
        done(i)

    def failed(_) -> None:  # raised where the results are read
        slots.release()

    def feed() -> None:
        nonlocal items
        try:
            taken = iter(items)
            for i in itertools.count():
                while not slots.acquire(timeout=0.1):  # a slot first: the next item is made only when it can go
                    if stop.is_set():
                        return
                item = next(taken, _END)
                if item is _END:
                    return
                end = partial(finished, i)
                sent.put(pool.apply_async(_job, (_pickled(item),), callback=end, error_callback=failed))
                del item  # sent: not held here while the next one is made
        except BaseException as e:  # an item that cannot be made: raised where the results are read
            sent.put(e)
        finally:
            sent.put(None)
            items = taken = iter(())  # what the items were made of is let go here, and its pages given back
            release_memory()

    feeder = threading.Thread(target=feed, name="graphchain-feed", daemon=True)
    feeder.start()

    def received() -> Iterator:
        # the results stay pickled until every item is sent: what the items are made of (the bundle's tables)
        # is let go first, its pages given back, and the results then take their place
        feeder.join()
        try:
            while (r := sent.get()) is not None:
                if isinstance(r, BaseException):
                    raise r
                with paused_gc():  # a result is plain data, no cycle, and all of it is kept: nothing to collect
                    result = pickle.loads(r.get())
                yield result
        finally:
            stop.set()

    return received()


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
