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
import functools
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from careermap.io._load import load
from careermap.model import CareerMap

__all__ = ["CACHE_ENV", "cache_dir", "cohort_key", "load_cached", "remembered"]

CACHE_ENV = "CAREERMAP_CACHE_DIR"
"""The environment variable naming the cache folder (default: the user's cache folder)."""
_CHUNK = 1 << 20


def cache_dir() -> Path:
    """Where careermap keeps what it caches: ``$CAREERMAP_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/careermap``, else ``~/.cache/careermap``.

    Examples
    --------
    >>> import os
    >>> os.environ["CAREERMAP_CACHE_DIR"] = "/tmp/cm-cache"
    >>> str(cache_dir())
    '/tmp/cm-cache'
    >>> del os.environ["CAREERMAP_CACHE_DIR"]
    """
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "careermap"


@functools.cache
def _package_stamp() -> str:
    """careermap's own files (names, sizes, modification times): a new version or an edited
    module makes every entry a miss."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(digest_size=16)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            st = os.stat(os.path.join(dirpath, name))
            h.update(
                f"{os.path.relpath(dirpath, root)}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode()
            )
    return h.hexdigest()


def cohort_key(folder: str | os.PathLike[str]) -> str:
    """A digest of every file under ``folder`` (relative names and bytes) and of careermap's
    own files: equal keys, equal loads.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_text("x")
    >>> k = cohort_key(d)
    >>> k == cohort_key(d)
    True
    >>> _ = (d / "a.csv").write_text("y")
    >>> k == cohort_key(d)
    False
    """
    root = Path(folder)
    h = hashlib.blake2b(digest_size=20)
    h.update(_package_stamp().encode())
    for dirpath, dirnames, filenames in os.walk(root):
        # a cohort's hidden folders (.coach notes, .git) are not loaded: a saved note does
        # not make the next start read every file again
        dirnames[:] = sorted(d for d in dirnames if dirpath != str(root) or d[0] != ".")
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            h.update(f"\0{os.path.relpath(path, root)}\0".encode())
            try:
                with open(path, "rb") as f:
                    while chunk := f.read(_CHUNK):
                        h.update(chunk)
            except OSError as exc:  # unreadable: the loader says so; never a hit
                h.update(f"unreadable {exc.errno} {os.urandom(8).hex()}".encode())
    return h.hexdigest()


def _entry(folder: Path) -> Path:
    name = hashlib.blake2b(str(folder).encode(), digest_size=12).hexdigest()
    return cache_dir() / "cohorts" / f"{name}.pickle"


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
    except OSError:  # a read-only or full cache folder: the map is loaded all the same
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def load_cached(folder: str | os.PathLike[str]) -> tuple[CareerMap, bool]:
    """Load ``folder`` as :func:`careermap.io.load` does, from the cache when its files have
    not changed since the last load; returns the map and whether it came from the cache.

    A folder of Parquet frames is read as it is (it is its own cache); a folder that does not
    load raises what ``load`` raises, and is not cached.

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
        return load(path, progress=False), False
    entry = _entry(path.resolve())
    key = cohort_key(path)
    cached = _read(entry, key)
    if cached is not None:
        return cached, True
    m = load(path, progress=False)
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
    digest = hashlib.blake2b(f"{_package_stamp()}\0{key}".encode(), digest_size=20)
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
