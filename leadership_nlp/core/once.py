"""``once``: build a shared object a single time per process, even from many threads.

``functools.lru_cache`` does not lock while the function runs: eight threads
that call a cached ``shared_nlp()`` at the same moment in a fresh process
build eight spaCy pipelines, each with its own vocabulary, and strings added
to one are then missing from another (spaCy's ``E084 ... not in StringStore``).
:func:`once` runs the function under a lock, so every caller gets the one
object; after the first call it costs one attribute read.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

_T = TypeVar("_T")
_UNSET = object()


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
