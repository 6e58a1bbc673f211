"""The files of a map folder: which folder may be written, one writer at a time (the lock),
and every file replaced atomically, so a reader or a crash sees the old file or the new one."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from careermap._paths import bundled_folders
from careermap._vocab import LOG_FILES
from careermap.errors import EntryRejectedError, InvalidArgumentError, StoreConflictError
from careermap.io import read_map_file

LOCK_FILE = ".careermap.lock"
"""The lock file in a map folder; writers hold an exclusive ``flock`` on it."""
STATE_FOLDER = ".careermap"
"""The store's own folder inside a map folder: the undo journal and roadmap backups."""
JOURNAL_FILE = "journal.jsonl"
HISTORY_FOLDER = "history"
ROADMAP = "roadmap.yaml"
DEFAULT_TIMEOUT = 10.0
"""Seconds a writer waits for another writer of the same folder before giving up."""
# fsync makes a write survive a power cut; a killed process cannot lose what the kernel has,
# so tests that only kill writers may turn it off (an fsync costs ~5 ms on a busy VM disk)
_FSYNC = True


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file, fsync, rename, fsync folder).

    A reader, or a writer killed at any instant, sees the whole old file or the whole new one.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "notes.txt"
    >>> atomic_write(path, b"first\\n")
    >>> path.read_bytes()
    b'first\\n'
    """
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if _FSYNC:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def create_new(path: Path, data: bytes) -> bool:
    """Write ``path`` only if it does not exist yet, whole or not at all; ``False`` if it did.

    The file is written to a temporary name and hard-linked into place, which fails if the
    name is taken: so of two writers racing to create it exactly one wins and nobody's file
    is overwritten, with no lock file left behind. Where hard links are not supported, an
    exclusive create (``O_EXCL``) still guarantees the no-overwrite part.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "new.txt"
    >>> create_new(path, b"one"), create_new(path, b"two"), path.read_bytes()
    (True, False, b'one')
    """
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if _FSYNC:
                os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # pragma: no cover - a file system without hard links
            try:
                with open(path, "xb") as fh:
                    fh.write(data)
            except FileExistsError:
                return False
    finally:
        Path(tmp).unlink(missing_ok=True)
    fsync_dir(folder)
    return True


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` survive a power cut."""
    if not _FSYNC:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some platforms cannot open folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    path.unlink()
    fsync_dir(path.parent)


def sha(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def read(path: Path) -> bytes | None:
    """The file's bytes, or None if there is no such file.

    A file the loader would not read (a named pipe, a device, a link out of its folder) is
    refused in the loader's words, without waiting on it or reading it.
    """
    if not os.path.lexists(path):
        return None
    data, problems = read_map_file(path, path.name)
    if data is None:
        raise EntryRejectedError(problems, f"{path.name} cannot be read")
    return data


def person_folder(folder: str | os.PathLike[str], *, writing: bool = True) -> Path:
    """A person's map folder, refusing one without roadmap.yaml and (to write) the bundled data."""
    root = Path(folder)
    if not (root / ROADMAP).is_file():
        raise InvalidArgumentError(
            f"{root} holds no roadmap.yaml; give a person's map folder "
            "(start one with `careermap init`)"
        )
    if not writing:
        return root
    resolved = root.resolve()
    for bundled in bundled_folders():
        if resolved.is_relative_to(bundled):
            raise InvalidArgumentError(
                f"{root} is careermap's bundled demo data, which is never changed; copy it "
                "first: shutil.copytree(careermap.sample_path(), 'my-map')"
            )
    return root


# -- the lock --------------------------------------------------------------------------


@contextlib.contextmanager
def locked(folder: Path, timeout: float) -> Iterator[None]:
    """Hold the folder's write lock (waiting up to ``timeout`` s); clean up a dead writer."""
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreConflictError(
            f"cannot write to {folder}: {exc.strerror}; careermap needs write access to the "
            "map folder"
        ) from exc
    try:
        _acquire(fd, folder, timeout)
        try:
            _clean_temp_files(folder)
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _acquire(fd: int, folder: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    delay = 0.001
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            raise StoreConflictError(
                f"another careermap writer has held the lock on {folder} for more than "
                f"{timeout:g} s (another notebook saving?); nothing was written, try again"
            )
        time.sleep(delay * random.uniform(0.5, 1.5))  # jitter: waiting writers take turns
        delay = min(delay * 2, 0.02)


def _clean_temp_files(folder: Path) -> None:
    """Remove temporary files of writers that died mid-write (only writers make them)."""
    names = tuple(f".{name}." for name in (ROADMAP, *LOG_FILES.values()))
    state = folder / STATE_FOLDER
    for where, prefixes in (
        (folder, names),
        (state, (f".{JOURNAL_FILE}.",)),
        (state / HISTORY_FOLDER, (".",)),
    ):
        try:
            entries = list(os.scandir(where))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.startswith(prefixes) and entry.name.endswith(".tmp"):
                Path(entry.path).unlink(missing_ok=True)
