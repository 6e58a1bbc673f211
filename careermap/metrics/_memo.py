"""Remember a pure function of data frames by the frames' content, for interactive redraws.

A control's redraw recomputes the same derived tables (a role's requirements, the milestone
states on a day) several times per call and on every call. :func:`by_content` keeps the last
few results, keyed on what the frames hold (columns, dtypes, index and values, hashed), never
on the objects, so a frame changed in place is a different key. A result is returned as a copy:
a caller may change what it gets.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])

#: Results kept per function (the oldest used is dropped first).
MAX_ENTRIES = 32


def frame_key(df: pd.DataFrame) -> tuple[Any, ...]:
    """A key equal for two frames exactly when (up to a 128-bit hash) their columns, dtypes,
    index and values are equal."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr([(col, str(dtype)) for col, dtype in df.dtypes.items()]).encode())
    h.update(repr(df.index.dtype).encode())
    if len(df.columns):
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    else:
        h.update(pd.util.hash_pandas_object(df.index.to_series(), index=False).to_numpy().tobytes())
    for i, dtype in enumerate(df.dtypes):
        if dtype == object:
            # an object column of mixed types is hashed as str(value): keep 3 and "3" (and
            # None and NaN) apart by the type of each value too
            types = df.iloc[:, i].map(lambda v: type(v).__qualname__)
            h.update("\0".join(types.tolist()).encode())
    return (df.shape, tuple(df.columns), h.hexdigest())


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
        if hit is None:
            hit = fn(*args, **kwargs)
            with lock:
                cache[key] = hit
                while len(cache) > MAX_ENTRIES:
                    cache.popitem(last=False)
        return hit.copy()

    wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
