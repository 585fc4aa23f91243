"""``once``: build a shared object a single time per process, even from many threads.

``functools.lru_cache`` does not lock while the function runs: eight threads
that call a cached ``shared_nlp()`` at the same moment in a fresh process
build eight spaCy pipelines, each with its own vocabulary, and strings added
to one are then missing from another (spaCy's ``E084 ... not in StringStore``).
:func:`once` runs the function under a lock, so every caller gets the one
object; after the first call it costs one attribute read.

:func:`paused_gc` pauses the cyclic garbage collector while such an object
is built: the build allocates tens of thousands of long-lived objects that
hold no garbage, and every collection they trigger scans them all again
(half of the role patterns' compile time in a fresh process). The collector
is global to the process: a pause also holds it off in other threads.
"""

from __future__ import annotations

import functools
import gc
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

_T = TypeVar("_T")
_UNSET = object()
#: The collector's state when each pause under way began (see _after_fork_in_child).
_PAUSES: list[bool] = []


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then switch it back on if it was on.

    Nested blocks leave it to the outermost; of blocks in several threads at
    once, the first to end may switch it on while the others still build
    (they only lose the speed-up). No lock: a signal handler may pause too.
    """
    was_on = gc.isenabled()
    _PAUSES.append(was_on)
    try:
        gc.disable()
        yield
    finally:
        if _PAUSES:  # emptied in a child forked during the pause
            _PAUSES.pop()
        if was_on:
            gc.enable()


def _after_fork_in_child() -> None:
    # A process forked while another thread was inside a pause never sees that pause end.
    if _PAUSES:
        was_on = _PAUSES[0]
        _PAUSES.clear()
        if was_on:
            gc.enable()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _Once(Generic[_T]):
    def __init__(self, fn: Callable[[], _T]) -> None:
        self._fn = fn
        self._lock = threading.Lock()
        self._value: object = _UNSET
        functools.update_wrapper(self, fn)

    def __call__(self) -> _T:
        value = self._value
        if value is _UNSET:
            with self._lock:
                if self._value is _UNSET:
                    with paused_gc():
                        self._value = self._fn()
                value = self._value
        return value  # type: ignore[return-value]

    def cache_clear(self) -> None:
        """Forget the object: the next call builds a new one."""
        with self._lock:
            self._value = _UNSET


def once(fn: Callable[[], _T]) -> _Once[_T]:
    """Decorate a function of no arguments: its first result is kept and returned to every caller.

    Thread-safe: concurrent first calls run ``fn`` once; the others wait for its result.

    Examples
    --------
    >>> calls = []
    >>> @once
    ... def table():
    ...     calls.append(1)
    ...     return {"a": 1}
    >>> table() is table() and len(calls) == 1
    True
    """
    return _Once(fn)
