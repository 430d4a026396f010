"""Python's cyclic garbage collector paused while a reader builds a plan: one place, safe across threads.

A read makes tens of thousands of objects (cells, duties) that all live on and form no cycles; the
collections their allocation sets off would walk every one of them again and again for nothing (a
fifth to a quarter of the time of reading 10,000 duties).  The collector is process-wide, so the
pause is counted: the first reader to enter records whether the collector was on and turns it off,
the last one to leave turns it back on only if it was on.  Two threads reading at once therefore
never leave the collector off, nor turn on one that the program had turned off.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["collector_paused"]

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block, as it was before once the last
    concurrent pause ends.

    >>> import gc
    >>> before = gc.isenabled()
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled() == before
    True
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
