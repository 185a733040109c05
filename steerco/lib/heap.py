"""Long, allocation-heavy tasks in a warm process (a report: its queries,
charts and WeasyPrint's layout) and Python's cyclic garbage collector.

The collector runs a full collection every so many allocations, and a full
collection walks every container object the process holds: in a warm worker
that is some 275.000 objects of Django's models, templates and URL patterns
and of matplotlib's and WeasyPrint's modules, none of which the task made
or will free. ``heap_frozen()`` moves the objects that exist when the task
starts out of the collector's reach (``gc.freeze``) and gives them back when
it ends (``gc.unfreeze``): the task's own garbage is collected as before,
nothing is kept longer than the task, and nothing is cached between tasks.
On the demo's city PDF in a warm process this saved about 0,3–0,5 s of
CPU (docs/performance.md)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Nested or concurrent uses (threads of one process) share one
    freeze: the first in freezes, the last out unfreezes."""
    global _depth
    with _lock:
        if _depth == 0:
            gc.freeze()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.unfreeze()
