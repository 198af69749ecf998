"""Small helpers shared by the ingest, model and analysis code."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large table or graph is built.

    Reading a bundle or building its graph allocates millions of small objects that form no cycles;
    every automatic collection meanwhile re-scans all the objects made so far (about a third of
    the build time on a million rows). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Move every object that exists now out of the collector's sight until the block ends.

    An analysis of a large graph allocates and frees many small objects; each full collection would
    otherwise re-scan the whole graph, which never changes meanwhile (up to half the analysis time
    on a million rows). Does nothing when something else has already frozen objects (gc.freeze is
    process-wide: unfreezing theirs is not ours to do).
    """
    if gc.get_freeze_count() or not gc.isenabled():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
