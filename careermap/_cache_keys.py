"""Where careermap's cache is and what its entries are keyed by, without pandas.

The keys of :mod:`careermap.io._cache` (which loads and keeps maps) live here, so that
``careermap dashboard`` can ask whether a cohort is cached before it imports anything heavy.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

__all__ = ["CACHE_ENV", "cache_dir", "cohort_entry", "cohort_key", "is_cached"]

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
def package_stamp() -> str:
    """careermap's own files (names, sizes, modification times): a new version or an edited
    module makes every entry a miss."""
    root = Path(__file__).resolve().parent
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
    h.update(package_stamp().encode())
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


def cohort_entry(folder: str | os.PathLike[str]) -> Path:
    """The cache file of the map loaded from ``folder`` (its key beside it, ``.key``)."""
    resolved = str(Path(folder).expanduser().resolve())
    name = hashlib.blake2b(resolved.encode(), digest_size=12).hexdigest()
    return cache_dir() / "cohorts" / f"{name}.pickle"


def is_cached(folder: str | os.PathLike[str]) -> bool:
    """Whether the cache holds the map of ``folder`` as its files are now.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> is_cached(pathlib.Path(tempfile.mkdtemp()))
    False
    """
    try:
        kept = cohort_entry(folder).with_suffix(".key").read_text(encoding="ascii")
    except OSError:
        return False
    return kept == cohort_key(folder) and cohort_entry(folder).is_file()
