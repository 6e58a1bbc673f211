"""The files of a map folder: which folder may be written, one writer at a time (the lock),
and every file replaced atomically, so a reader or a crash sees the old file or the new one.

A file of the map is read as a :class:`Snapshot` (its bytes and which version they are) and
replaced only if it is still that version just before the rename (:func:`replace_checked`):
a change another program made in the meantime is never overwritten. A link inside the map
is written through (the file it points to is replaced, the link stays), and a replaced file
keeps its permission bits.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from careermap._paths import bundled_folders
from careermap._vocab import LOG_FILES
from careermap.errors import (
    ConcurrentEditError,
    EntryRejectedError,
    InvalidArgumentError,
    Problem,
    StoreConflictError,
)
from careermap.io import FileVersion, output_problem, read_map_file, read_map_file_version

LOCK_FILE = ".careermap.lock"
"""The lock file in a map folder; writers hold an exclusive ``flock`` on it."""
STATE_FOLDER = ".careermap"
"""The store's own folder inside a map folder: the undo journal and roadmap backups."""
JOURNAL_FILE = "journal.jsonl"
HISTORY_FOLDER = "history"
REJECTED_FOLDER = "rejected"
ROADMAP = "roadmap.yaml"
DEFAULT_TIMEOUT = 10.0
"""Seconds a writer waits for another writer of the same folder before giving up."""
# fsync makes a write survive a power cut; a killed process cannot lose what the kernel has,
# so tests that only kill writers may turn it off (an fsync costs ~5 ms on a busy VM disk)
_FSYNC = True


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file, fsync, rename, fsync folder).

    A reader, or a writer killed at any instant, sees the whole old file or the whole new one.
    An existing file keeps its permission bits; a new one gets the usual ``0666`` less the
    umask.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "notes.txt"
    >>> atomic_write(path, b"first\\n")
    >>> path.read_bytes()
    b'first\\n'
    """
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    _replace(path, data, mode, lambda: None)


def _replace(path: Path, data: bytes, mode: int | None, check: Callable[[], None]) -> None:
    """Write ``data`` beside ``path``, call ``check()`` (which may refuse), rename over it.

    Only a regular file is replaced (:func:`careermap.io.output_problem`): a device, pipe,
    socket, folder or link is refused before anything is written."""
    problem = output_problem(path, str(path))
    if problem is not None:
        raise EntryRejectedError([problem], f"{path} was not written")
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # 0666 as open() creates files, so that the umask applies to a new file
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            if _FSYNC:
                os.fsync(fh.fileno())
        check()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


@dataclass(frozen=True)
class Snapshot:
    """A file of the map as the store read it: ``name`` (relative to the map folder), its
    bytes (None: there was no such file) and which version they are (to replace it only if
    it is still that version)."""

    name: str
    data: bytes | None
    version: FileVersion | None = None


def snapshot(root: Path, name: str) -> Snapshot:
    """The file ``name`` of the map folder ``root`` as it is now.

    Read by the loader's rule (:func:`careermap.io.read_map_file_version`): a link is
    followed only to a file inside the map folder, and a named pipe, a device or a link out
    of the map is refused in the loader's words, without waiting on it or reading it.
    """
    path = root / name
    if not os.path.lexists(path):
        return Snapshot(name, None)
    data, version, problems = read_map_file_version(path, name, inside=[root])
    if data is None:
        raise EntryRejectedError(problems, f"{name} cannot be read, so nothing was written")
    return Snapshot(name, data, version)


def same(a: Snapshot, b: Snapshot) -> bool:
    """Whether two snapshots are the same version of the file: same file (inode), size,
    modification time and bytes."""
    if a.data is None or b.data is None:
        return a.data is None and b.data is None
    return (
        a.version is not None
        and a.version.same_file(b.version)
        and a.version.steady
        and b.version is not None
        and b.version.steady
        and sha(a.data) == sha(b.data)
    )


def replace_checked(root: Path, old: Snapshot, data: bytes | None) -> None:
    """Replace the file ``old`` was read from with ``data`` (None: remove it), atomically,
    if it is still the version ``old`` just before the rename; else :func:`changed_error`
    and nothing changes.

    A link inside the map is written through: the file it points to is replaced beside
    itself (the rename stays atomic) and the link stays. The file keeps its permission
    bits; a read-only file is refused rather than replaced.
    """
    target = old.version.path if old.version is not None else root / old.name
    mode = old.version.mode if old.version is not None else None
    if mode is not None and not mode & stat.S_IWUSR:
        raise StoreConflictError(
            f"{old.name} is read-only (mode {mode:o}); careermap does not replace a file made "
            "read-only: make it writable (chmod u+w) if it may be changed; nothing was written"
        )

    def check() -> None:
        now = snapshot(root, old.name)
        if not same(old, now):
            raise changed_error(old.name, changed_problem(old.name))

    if data is None:
        check()
        target.unlink()
        fsync_dir(target.parent)
        return
    _replace(target, data, mode, check)


def changed_problem(name: str) -> Problem:
    """The problem of a file another program changed while the store was writing it."""
    rule = (
        "changed while careermap was writing it (another program saving it, such as an "
        "editor or a spreadsheet); careermap left it as that program wrote it: save and close "
        "the file there, then try again"
    )
    return Problem(name, "", "", "", rule, "changed_while_writing")


def changed_error(name: str, *problems: Problem) -> ConcurrentEditError:
    """The refusal, without ``saved_to`` yet (:func:`keep_rejected` adds it)."""
    return ConcurrentEditError(list(problems), f"{name} was not written", saved_to=None)


def keep_rejected(
    root: Path, name: str, data: bytes, what: str, exc: ConcurrentEditError
) -> ConcurrentEditError:
    """Save what the store did not write in ``.careermap/rejected/`` and say where."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    folder = root / STATE_FOLDER / REJECTED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stamp}-{secrets.token_hex(3)}-{name.replace('/', '-')}"
    atomic_write(path, data)
    return ConcurrentEditError(exc.problems, f"{what}; it is kept in {path}", saved_to=path)


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
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # 0666 as open() creates files, so that the umask applies (as in _replace)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
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
        tmp.unlink(missing_ok=True)
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


def state_problem(folder: Path) -> Problem | None:
    """Why the store's own files in ``folder`` cannot be used, or None.

    ``.careermap.lock`` must be a file and ``.careermap/`` a folder (or not there yet), and
    neither a link: through a link the journal, history and lock would go to another folder.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".careermap").write_text("x")
    >>> print(state_problem(folder).rule)
    is a file; careermap keeps its journal and history in a folder of that name: move it away
    """
    for name, want, what in (
        (LOCK_FILE, "file", "lock"),
        (STATE_FOLDER, "folder", "journal and history"),
        (f"{STATE_FOLDER}/{JOURNAL_FILE}", "file", "journal"),  # (a pipe would be waited on)
        (f"{STATE_FOLDER}/{HISTORY_FOLDER}", "folder", "backups"),
        (f"{STATE_FOLDER}/{REJECTED_FOLDER}", "folder", "refused entries"),
    ):
        shown = str(folder / name)
        try:
            mode = os.lstat(folder / name).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            return Problem(shown, "", "", "", f"cannot be read: {exc.strerror}", "unreadable")
        if stat.S_ISLNK(mode):
            rule = (
                f"is a link (to {os.readlink(folder / name)}); careermap keeps its {what} "
                "inside the map folder and does not write through a link: remove the link"
            )
            return Problem(shown, "", "", "", rule, "link")
        is_it = stat.S_ISDIR(mode) if want == "folder" else stat.S_ISREG(mode)
        if not is_it:
            kind = (
                "a folder"
                if stat.S_ISDIR(mode)
                else "a file"
                if stat.S_ISREG(mode)
                else "a named pipe (FIFO)"
                if stat.S_ISFIFO(mode)
                else "not a regular file"
            )
            rule = f"is {kind}; careermap keeps its {what} in a {want} of that name: move it away"
            return Problem(shown, "", "", "", rule, "not_a_file")
    return None


@contextlib.contextmanager
def locked(folder: Path, timeout: float) -> Iterator[None]:
    """Hold the folder's write lock (waiting up to ``timeout`` s); clean up a dead writer.

    The lock file and ``.careermap/`` must be what the store makes (:func:`state_problem`):
    nothing is written through a link to another folder, or into something else."""
    problem = state_problem(folder)
    if problem is not None:
        raise EntryRejectedError([problem], "nothing was written")
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
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
        (state / REJECTED_FOLDER, (".",)),
    ):
        try:
            entries = list(os.scandir(where))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.startswith(prefixes) and entry.name.endswith(".tmp"):
                Path(entry.path).unlink(missing_ok=True)
