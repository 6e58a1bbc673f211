"""A loaded cohort kept between runs, keyed by the content of its files.

Reading and validating every file of a cohort is the longest part of opening it (seconds for
a thousand people). :func:`load_cached` loads a folder as :func:`careermap.io.load` does and
keeps the result (the map as loaded: its frames with their types, its warnings) in the
user's cache folder (:func:`cache_dir`), a file only careermap writes there. The next call
reads it instead, without reading or checking the folder's files again, if and only if
nothing the load depends on changed:

- the bytes and names of every file under the folder (hashed: an edit, a new or a removed
  file is a miss, whatever the file's modification time says), except in the cohort's hidden
  folders, which the loader skips too (``.coach`` notes, ``.git``);
- careermap itself (the size and modification time of every file of the package, so an
  upgrade or an edited loader is a miss too).

A miss loads the folder itself, so a broken file raises the loader's own
:class:`~careermap.errors.MapValidationError`, every problem listed; nothing is cached then,
and an earlier entry is never shown in its place. The cache is an optimisation only: a cache
folder that cannot be written, or an entry that cannot be read, is the same as no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from careermap._cache_keys import CACHE_ENV, cache_dir, cohort_entry, cohort_key, package_stamp
from careermap.io._load import load
from careermap.model import CareerMap

__all__ = ["CACHE_ENV", "cache_dir", "cohort_key", "load_cached", "remembered"]


def _read(entry: Path, key: str) -> CareerMap | None:
    try:
        with entry.open("rb") as f:
            kept_key, m = pickle.load(f)
    except Exception:  # no entry, or a half-written or foreign one
        return None
    return m if kept_key == key and isinstance(m, CareerMap) else None


def _write(entry: Path, key: str, m: CareerMap) -> None:
    tmp = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".new-", dir=entry.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump((key, m), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)  # whole or not at all
        # the key beside it, for is_cached (written after: a key names a whole entry)
        fd, tmp = tempfile.mkstemp(prefix=".new-", dir=entry.parent)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key)
        os.replace(tmp, entry.with_suffix(".key"))
    except OSError:  # a read-only or full cache folder: the map is loaded all the same
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def load_cached(
    folder: str | os.PathLike[str], *, on_error: str = "raise"
) -> tuple[CareerMap, bool]:
    """Load ``folder`` as :func:`careermap.io.load` does, from the cache when its files have
    not changed since the last load; returns the map and whether it came from the cache.

    A folder of Parquet frames is read as it is (it is its own cache); a folder that does not
    load raises what ``load`` raises, and is not cached. With ``on_error="skip"`` (as
    ``load``), a cohort with a broken person loads without them and is not cached either, so
    their problems are read from the files, and shown, on every start.

    Examples
    --------
    >>> import os, tempfile, careermap
    >>> os.environ["CAREERMAP_CACHE_DIR"] = tempfile.mkdtemp()
    >>> m, hit = load_cached(careermap.cohort_path())
    >>> len(m.people), hit
    (30, False)
    >>> m, hit = load_cached(careermap.cohort_path())
    >>> len(m.people), hit
    (30, True)
    >>> del os.environ["CAREERMAP_CACHE_DIR"]
    """
    path = Path(folder).expanduser()
    if (path / "people.parquet").exists() or not path.is_dir():
        return load(path, on_error=on_error, progress=False), False  # type: ignore[arg-type]
    entry = cohort_entry(path)
    key = cohort_key(path)
    cached = _read(entry, key)
    if cached is not None:
        return cached, True
    m = load(path, on_error=on_error, progress=False)  # type: ignore[arg-type]
    if not m.skipped:
        _write(entry, key, m)
    return m, False


def remembered(kind: str, key: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``compute()`` (a dict that JSON keeps as it is), kept in the cache between runs
    under ``kind`` and ``key`` (and careermap's own files: a new version computes again).

    For results that cost seconds and depend only on ``key``, such as the cohort KPIs'
    compiled SQL. A cache that cannot be read or written is no cache.

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["CAREERMAP_CACHE_DIR"] = tempfile.mkdtemp()
    >>> remembered("demo", "k", lambda: {"x": 1})
    {'x': 1}
    >>> remembered("demo", "k", lambda: {"x": 2})  # kept from the first call
    {'x': 1}
    >>> del os.environ["CAREERMAP_CACHE_DIR"]
    """
    digest = hashlib.blake2b(f"{package_stamp()}\0{key}".encode(), digest_size=20)
    path = cache_dir() / kind / f"{digest.hexdigest()}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(kept, dict) and kept.get("key") == key:
            return kept["value"]
    except (OSError, ValueError, KeyError):
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".new-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"key": key, "value": value}, f)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
