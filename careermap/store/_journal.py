"""The undo journal: every change is recorded before it is made and marked done once the
file is replaced, so :func:`undo` can restore the files byte for byte, and :func:`history`
lists only changes that are on disk.

A change counts as made (:func:`_made`) when the file shows it: the next change recorded for
the same file started from its result, or (the file's newest change) the file is now as it
left it; or, when the file was changed since by another program, when its done marker is
there. A change recorded by a writer killed before the replace shows none of these.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from careermap._vocab import LOG_FILES
from careermap.errors import (
    ConcurrentEditError,
    EntryRejectedError,
    Problem,
    StoreConflictError,
)
from careermap.store._files import (
    DEFAULT_TIMEOUT,
    HISTORY_FOLDER,
    JOURNAL_FILE,
    ROADMAP,
    STATE_FOLDER,
    Snapshot,
    atomic_write,
    changed_error,
    changed_problem,
    fsync_dir,
    keep_rejected,
    locked,
    person_folder,
    read,
    replace_checked,
    sha,
    snapshot,
)

KEEP_CHANGES = 200  # undo steps kept; older journal entries and backups are pruned
_JOURNAL_COMPACT_BYTES = 256 * 1024
_TAIL_BYTES = 8192  # the end of the journal read to tell the store's own writes
SETTLE_SECONDS = 0.25
"""A file another program changed less than this long ago is left alone this long before
the store reads it to change it (it may be in the middle of a save)."""
SHRUNK_SETTLE_SECONDS = 5.0
"""A log smaller than careermap last wrote it, changed less than this long ago, is waited for
this long (up to the call's timeout, then refused): careermap only adds rows, so a log that
shrank is most likely being saved by a slow editor that truncated it and has not finished
(measured in benchmarks/bench_slow_editor.py; see docs/store.md)."""


@dataclass(frozen=True)
class Change:
    """A change the store made to a map folder.

    Attributes
    ----------
    op : what was done: ``"append"``, ``"mark_done"``, ``"reschedule"``, ``"drop"``,
        ``"add_milestone"``, ``"add_action"``, ``"set_self_assessment"`` or ``"undo"``
    file : the file changed, relative to the map folder
    summary : one line for people, e.g. ``"time_log.csv: added line 314"``
    rows : for appends, the rows as written (the file's columns, index = line numbers)

    Examples
    --------
    >>> print(Change("append", "time_log.csv", "time_log.csv: added line 314"))
    time_log.csv: added line 314
    """

    op: str
    file: str
    summary: str
    rows: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.summary


def _state_folder(root: Path) -> Path:
    state = root / STATE_FOLDER
    if not state.is_dir():
        (state / HISTORY_FOLDER).mkdir(parents=True, exist_ok=True)
        # the store's own files are not the person's data: keep them out of git
        atomic_write(state / ".gitignore", b"*\n")
        fsync_dir(root)
    (state / HISTORY_FOLDER).mkdir(exist_ok=True)
    return state


def _journal_add(root: Path, record: Mapping[str, Any]) -> None:
    """Append one JSON line with one ``write`` (O_APPEND).

    A writer killed mid-line leaves a line that does not parse; readers skip it and the next
    record starts on a fresh line. The line gets no fsync of its own: the folder fsync of the
    file replace that follows flushes it on ext4, and where a power cut could still lose it,
    undo of that change refuses (the file no longer matches the journal), never misrestores.
    """
    path = _state_folder(root) / JOURNAL_FILE
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size:
            with open(path, "rb") as fh:
                fh.seek(size - 1)
                if fh.read(1) != b"\n":
                    line = b"\n" + line
        os.write(fd, line)
    finally:
        os.close(fd)


@dataclass
class _Journal:
    """The journal as read: the changes recorded (oldest first), and the ids marked done
    (the file was replaced) and undone."""

    changes: list[dict[str, Any]] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    undone: set[str] = field(default_factory=set)


def _read_journal(root: Path) -> _Journal:
    found = _Journal()
    for raw in (read(root / STATE_FOLDER / JOURNAL_FILE) or b"").splitlines():
        try:
            record = json.loads(raw)
        except ValueError:
            continue  # a line torn by a killed writer
        if not isinstance(record, dict):
            continue
        if "id" in record and "op" in record:
            if not _well_formed(record):
                continue  # (edited by hand, or torn: never followed to another file)
            found.changes.append(record)
            if record.get("done") is True:  # written so by a compaction
                found.done.add(str(record["id"]))
        elif "done" in record:
            found.done.add(str(record["done"]))
        elif "undo" in record:
            found.undone.add(str(record["undo"]))
    return found


_STATE_KEYS = {"size", "sha256"}
_BACKUP = re.compile(rf"{HISTORY_FOLDER}/[0-9A-Za-z_.-]+")


def _well_formed(record: Mapping[str, Any]) -> bool:
    """Whether a change record has every key, as :func:`commit` writes them, naming a file
    of the map (``roadmap.yaml``, a log, ``roles/NAME.yaml``) and a backup in history."""
    file, backup = record.get("file"), record.get("backup")
    return (
        isinstance(record.get("id"), str)
        and isinstance(record.get("summary"), str)
        and isinstance(file, str)
        and (file in (ROADMAP, *LOG_FILES.values()) or _ROLE_FILE.fullmatch(file) is not None)
        and all(
            isinstance(record.get(k), dict) and set(record[k]) >= _STATE_KEYS
            for k in ("before", "after")
        )
        and (backup is None or (isinstance(backup, str) and _BACKUP.fullmatch(backup) is not None))
    )


_ROLE_FILE = re.compile(r"roles/[0-9A-Za-z_-][0-9A-Za-z_.-]*\.yaml")


def _state(data: bytes | None) -> dict[str, Any]:
    return {"size": None if data is None else len(data), "sha256": sha(data)}


def _current_state(root: Path, name: str) -> dict[str, Any] | None:
    """The file's size and sha256 now; None if it cannot be read (a pipe put there)."""
    try:
        return _state(snapshot(root, name).data)
    except EntryRejectedError:
        return None


def _made(root: Path, journal: _Journal | None = None) -> list[dict[str, Any]]:
    """The changes that are on disk and not undone, oldest first.

    For each change, what the file became next is the state the next change recorded for
    the same file started from, or, for the file's newest change, the file as it is now. A
    change is made if that is its result, or if its done marker is there and that is not
    its starting point (the file was changed since by another program: undo then refuses,
    rather than skip to an older change). A change its writer recorded but did not make
    (killed before the replace, or refused because another program was writing the file)
    is left out, and so is a change an undo killed before its marker had reverted.
    """
    journal = journal or _read_journal(root)
    following: dict[str, dict[str, Any] | None] = {}
    next_state: dict[str, dict[str, Any] | None] = {}
    for change in reversed(journal.changes):
        name = change["file"]
        if name not in following:
            following[name] = None
            next_state[change["id"]] = _current_state(root, name)
        else:
            next_state[change["id"]] = following[name]
        following[name] = change["before"]
    made = []
    for change in journal.changes:
        if change["id"] in journal.undone:
            continue
        then = next_state[change["id"]]
        if then == change["after"] or (
            change["id"] in journal.done and then is not None and then != change["before"]
        ):
            made.append(change)
    return made


def _compact(root: Path) -> None:
    """Keep the last :data:`KEEP_CHANGES` undoable changes and the backups they need."""
    state = root / STATE_FOLDER
    kept = [{**c, "done": True} for c in _made(root)[-KEEP_CHANGES:]]
    text = "".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in kept)
    atomic_write(state / JOURNAL_FILE, text.encode())
    needed = {e.get("backup") for e in kept}
    for f in (state / HISTORY_FOLDER).iterdir():
        if f"{HISTORY_FOLDER}/{f.name}" not in needed and not f.name.startswith("."):
            f.unlink(missing_ok=True)


def _journal_tail(root: Path) -> bytes:
    """The last ``_TAIL_BYTES`` of the map's journal (its newest records)."""
    with (root / STATE_FOLDER / JOURNAL_FILE).open("rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        fh.seek(max(size - _TAIL_BYTES, 0))
        return fh.read()


def _shrunk(root: Path, name: str, data: bytes | None) -> bool:
    """Whether the log ``name`` is smaller than the store's newest change to it left it (an
    undo since, which cuts a log back, or the roadmap: never "shrunk")."""
    if name not in LOG_FILES.values() or data is None:
        return False
    try:
        tail = _journal_tail(root)
    except OSError:
        return False
    refused: set[str] = set()
    for raw in reversed(tail.splitlines()):
        try:
            record = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(record, dict) or record.get("file") != name or "done" in record:
            continue
        if "undo" in record:
            if record.get("sha256") is None:  # (a refused change: never made)
                refused.add(str(record["undo"]))
                continue
            return False  # (an undo cuts a log back)
        if str(record.get("id")) in refused:
            continue
        if not _well_formed(record):
            return False
        written = record["after"].get("size")
        return isinstance(written, int) and len(data) < written
    return False


def own_write(root: Path, name: str, data: bytes | None) -> bool:
    """Whether ``data`` is what the store last wrote to ``name``, by the end of the journal
    (the file's newest record or marker). False when the end of the journal does not say."""
    try:
        tail = _journal_tail(root)
    except FileNotFoundError:
        return False
    digest = sha(data)
    for raw in reversed(tail.splitlines()):
        try:
            record = json.loads(raw)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("file") == name:
            if "op" in record:
                return record["after"]["sha256"] == digest
            return record.get("sha256") == digest
    return False


def settled(root: Path, name: str, timeout: float) -> Snapshot:
    """The file ``name`` once no other program is writing it (lock held).

    A file another program changed less than :data:`SETTLE_SECONDS` ago (not a version the
    store wrote) may be in the middle of a save: it is read again once it has been left
    alone that long, up to ``timeout`` seconds, then the store refuses. A file that changed
    while it was read is never used.
    """
    deadline = time.monotonic() + timeout
    while True:
        snap = snapshot(root, name)
        version = snap.version
        if version is None:
            return snap
        quiet = time.time() - version.mtime_ns / 1e9
        if (
            version.steady
            and (quiet >= SETTLE_SECONDS or own_write(root, name, snap.data))
            and (quiet >= SHRUNK_SETTLE_SECONDS or not _shrunk(root, name, snap.data))
        ):
            return snap
        if time.monotonic() >= deadline:
            raise changed_error(name, changed_problem(name))
        time.sleep(min(max(SETTLE_SECONDS - quiet, 0.01), SETTLE_SECONDS))


def commit(
    root: Path,
    old: Snapshot,
    new: bytes,
    *,
    op: str,
    summary: str,
    rejected: bytes,
    what: str,
) -> None:
    """Record the change, replace the file if it is still ``old``, then mark the change done.

    Lock held. If another program changed the file since it was read, nothing is replaced:
    ``rejected`` (what the person would lose: the new rows, the edited roadmap) is kept in
    ``.careermap/rejected/`` and :class:`ConcurrentEditError` says where (``what``: e.g.
    "time_log.csv: the new row was not written").
    """
    name = old.name
    change_id = secrets.token_hex(6)
    now = dt.datetime.now(dt.UTC)
    backup = None
    if old.data is not None and (name == ROADMAP or not new.startswith(old.data)):
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        backup = f"{HISTORY_FOLDER}/{stamp}-{change_id}-{name.replace('/', '-')}"
        atomic_write(_state_folder(root) / backup, old.data)
    _journal_add(
        root,
        {
            "id": change_id,
            "at": now.isoformat(timespec="seconds"),
            "op": op,
            "file": name,
            "summary": summary,
            "before": _state(old.data),
            "after": _state(new),
            "backup": backup,
        },
    )
    try:
        replace_checked(root, old, new)
    except ConcurrentEditError as exc:
        _journal_add(root, {"undo": change_id, "file": name, "sha256": None})
        raise keep_rejected(root, name, rejected, what, exc) from None
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
        hint = "free some space and try again" if full else "is it open in another program?"
        raise StoreConflictError(
            f"could not write {name}: {exc.strerror} ({hint}); nothing was changed"
        ) from exc
    _journal_add(root, {"done": change_id, "file": name, "sha256": sha(new)})
    _compact_if_needed(root, backup is not None)


def _compact_if_needed(root: Path, backed_up: bool) -> None:
    """Compact past :data:`_JOURNAL_COMPACT_BYTES` or twice :data:`KEEP_CHANGES` backups;
    called once a change is marked, never between its record and its marker."""
    state = root / STATE_FOLDER
    try:
        large = (state / JOURNAL_FILE).stat().st_size > _JOURNAL_COMPACT_BYTES
    except FileNotFoundError:
        return
    if large or (
        backed_up and sum(1 for _ in (state / HISTORY_FOLDER).iterdir()) > 2 * KEEP_CHANGES
    ):
        _compact(root)


def undo(folder: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT) -> Change:
    """Revert the last change the store made to a map folder, restoring the file exactly.

    Changes are undone newest first, whichever notebook or process made them. An append is
    undone by cutting the log back to its previous length, a roadmap edit by restoring the
    backup in ``.careermap/history/``. Only changes that are on disk are undone (one whose
    writer was killed before it wrote the file is skipped), and a file changed since (by
    hand or by another program) is never overwritten: undo then refuses and changes nothing.

    Parameters
    ----------
    folder
        The person's map folder.
    timeout
        Seconds to wait for another writer of the same folder.

    Raises
    ------
    StoreConflictError
        If there is nothing to undo, or the file changed since the store wrote it.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.mark_done(folder, "M9", on="2026-11-16"))
    roadmap.yaml: M9 done on 2026-11-16
    >>> print(store.undo(folder))
    undid roadmap.yaml: M9 done on 2026-11-16
    """
    root = person_folder(folder)
    with locked(root, timeout):
        made = _made(root)
        if not made:
            raise StoreConflictError(f"nothing to undo in {root}")
        entry = made[-1]
        current = settled(root, entry["file"], timeout)
        if _state(current.data) != entry["after"]:
            raise StoreConflictError(
                f"{entry['file']} changed since careermap wrote it ({entry['summary']}), "
                "by hand or by another program; undo refused and nothing was changed"
            )
        restored = _restore(root, entry, current.data)
        try:
            replace_checked(root, current, restored)
        except ConcurrentEditError as exc:
            raise ConcurrentEditError(
                exc.problems, f"{entry['summary']} was not undone", saved_to=None
            ) from None
        # marked after the file is restored: an undo killed before its marker leaves the
        # file as it was before the change, which _made reads as not on disk
        _journal_add(root, {"undo": entry["id"], "file": entry["file"], "sha256": sha(restored)})
        _compact_if_needed(root, False)
        return Change("undo", entry["file"], f"undid {entry['summary']}")


def _restore(root: Path, entry: Mapping[str, Any], current: bytes | None) -> bytes | None:
    before = entry["before"]
    if before["size"] is None:
        return None
    if entry.get("backup"):
        data = read(root / STATE_FOLDER / entry["backup"])
    else:
        data = None if current is None else current[: before["size"]]
    if data is None or sha(data) != before["sha256"]:
        raise StoreConflictError(
            f"the previous version of {entry['file']} is no longer kept, so "
            f"{entry['summary']!r} cannot be undone; nothing was changed"
        )
    return data


def history(folder: str | os.PathLike[str]) -> pd.DataFrame:
    """The changes that :func:`undo` can revert, newest first.

    Only changes that are on disk are listed: one whose writer was killed before it replaced
    the file, or that was refused because another program was saving the file, is not.

    Parameters
    ----------
    folder
        The person's map folder.

    Returns
    -------
    DataFrame
        Columns ``at`` (UTC time), ``op``, ``file``, ``summary``.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> _ = store.drop(folder, "M12", on="2026-11-16")
    >>> store.history(folder)["summary"].tolist()
    ['roadmap.yaml: M12 dropped on 2026-11-16']
    """
    root = person_folder(folder, writing=False)
    entries = list(reversed(_made(root)))
    frame = pd.DataFrame(
        {
            "at": pd.to_datetime([e.get("at") for e in entries], utc=True),
            "op": [e["op"] for e in entries],
            "file": [e["file"] for e in entries],
            "summary": [e.get("summary", "") for e in entries],
        }
    )
    return frame.astype({"op": "str", "file": "str", "summary": "str"})


def shrunk_logs(folder: str | os.PathLike[str]) -> list[Problem]:
    """A warning for each log of ``folder`` (a map, or each map of a cohort) that is smaller
    than careermap left it at its last write to it, not undone since.

    careermap only adds rows to a log; a log that shrank lost rows to another program: most
    often an editor that saved an older copy over rows careermap had added (see
    docs/store.md, "Other programs writing the same file"), which no check at write time
    can see. ``careermap validate`` shows these warnings; the next write careermap makes to
    the log starts from the file as it is.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/m")
    >>> row = {"date": "2026-11-16", "hours": 1, "category": "learning"}
    >>> _ = store.append(folder, "time_log", row)
    >>> shrunk_logs(folder)
    []
    >>> _ = open(folder + "/time_log.csv", "w").write("date,hours,category\\n")
    >>> print(shrunk_logs(folder)[0].code)
    log_shrank
    """
    root = Path(folder)
    if not root.is_dir():
        return []  # (the loader says what is wrong with the path)
    roots = (
        [root] if (root / ROADMAP).is_file() else sorted(p for p in root.iterdir() if p.is_dir())
    )
    found: list[Problem] = []
    for person in roots:
        if not (person / STATE_FOLDER / JOURNAL_FILE).is_file():
            continue
        last: dict[str, dict[str, Any]] = {}
        try:
            for change in _made(person):
                last[change["file"]] = change
        except (EntryRejectedError, OSError):
            continue
        for name, change in last.items():
            if name not in LOG_FILES.values():
                continue
            try:
                size = os.stat(person / name).st_size
            except OSError:
                size = 0
            written, digest = change["after"].get("size"), change["after"].get("sha256")
            if not isinstance(written, int):
                continue
            if size < written:
                what = (
                    f"is {size:,} bytes, smaller than the {written:,} careermap left it at its "
                    "last write"
                )
            else:
                # (careermap only appends: what it wrote is still the start of the file, unless
                # rows it wrote were changed or removed since)
                try:
                    with (person / name).open("rb") as fh:
                        start = fh.read(written)
                except OSError:
                    continue
                if sha(start) == digest:
                    continue
                what = "no longer starts with the rows careermap left in it at its last write"
            rule = (
                f"{what} ({change.get('at', '?')}, {change.get('summary', '')}): rows were "
                "changed or removed by another program, such as an editor saving an older "
                "copy; if you edited them yourself, ignore this (it goes at the next write)"
            )
            found.append(Problem(str(person / name), "", "", "", rule, "log_shrank", "warning"))
    return found
