"""Remember a pure function of data frames by the frames' content, for interactive redraws.

A control's redraw recomputes the same derived tables (a role's requirements, the milestone
states on a day) several times per call and on every call. :func:`by_content` keeps the last
few results, keyed on what the frames hold (their pickle, hashed), never
on the objects, so a frame changed in place is a different key. A result is returned as a copy:
a caller may change what it gets.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])

#: Results kept per function (the oldest used is dropped first).
MAX_ENTRIES = 32


def frame_key(df: pd.DataFrame) -> tuple[Any, ...]:
    """A key equal for two frames only if their columns, dtypes, index and values are equal.

    The frame's pickle, hashed: it holds everything the frame is (unpickling gives it back), so
    two frames of one key are equal (up to a 128-bit hash). Two equal frames stored
    differently (another block layout) may have two keys: that costs a computation, never a
    wrong answer.
    """
    data = pickle.dumps(df, protocol=pickle.HIGHEST_PROTOCOL)
    return (df.shape, hashlib.blake2b(data, digest_size=16).digest())


def _key_of(value: Any) -> Any:
    if isinstance(value, pd.DataFrame):
        return ("frame", frame_key(value))
    if isinstance(value, pd.Timestamp):
        return ("stamp", value.value, str(value.tz))
    hash(value)  # anything else must be hashable (and compare by value)
    return (type(value).__qualname__, value)


def by_content(fn: F) -> F:
    """Memoise ``fn`` (its arguments: frames, timestamps, hashable values) by content."""
    cache: OrderedDict[Any, Any] = OrderedDict()
    lock = threading.Lock()
    counts = {"hits": 0, "misses": 0}

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = (
            tuple(_key_of(a) for a in args),
            tuple(sorted((k, _key_of(v)) for k, v in kwargs.items())),
        )
        with lock:
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
        counts["misses" if hit is None else "hits"] += 1
        if hit is None:
            hit = fn(*args, **kwargs)
            with lock:
                cache[key] = hit
                while len(cache) > MAX_ENTRIES:
                    cache.popitem(last=False)
        return hit.copy()

    wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
    wrapper.counts = counts  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
