"""The undo journal: every change is recorded before it is made, so :func:`undo` can restore
the files byte for byte, and :func:`history` can list what it would undo."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from careermap.errors import StoreConflictError
from careermap.store._files import (
    DEFAULT_TIMEOUT,
    HISTORY_FOLDER,
    JOURNAL_FILE,
    ROADMAP,
    STATE_FOLDER,
    atomic_write,
    fsync_dir,
    locked,
    person_folder,
    read,
    remove,
    sha,
)

KEEP_CHANGES = 200  # undo steps kept; older journal entries and backups are pruned
_JOURNAL_COMPACT_BYTES = 256 * 1024


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
    if size + len(line) > _JOURNAL_COMPACT_BYTES:
        _compact(root)


def _journal(root: Path) -> list[dict[str, Any]]:
    """The changes that can still be undone, oldest first."""
    path = root / STATE_FOLDER / JOURNAL_FILE
    data = read(path)
    if not data:
        return []
    entries: list[dict[str, Any]] = []
    undone: set[str] = set()
    for raw in data.splitlines():
        try:
            record = json.loads(raw)
        except ValueError:
            continue  # a line torn by a killed writer
        if not isinstance(record, dict):
            continue
        if "undo" in record:
            undone.add(str(record["undo"]))
        elif "id" in record and "op" in record:
            entries.append(record)
    return [e for e in entries if e["id"] not in undone]


def _compact(root: Path) -> None:
    """Keep the last :data:`KEEP_CHANGES` undoable changes and the backups they need."""
    state = root / STATE_FOLDER
    kept = _journal(root)[-KEEP_CHANGES:]
    text = "".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in kept)
    atomic_write(state / JOURNAL_FILE, text.encode())
    needed = {e.get("backup") for e in kept}
    for f in (state / HISTORY_FOLDER).iterdir():
        if f"{HISTORY_FOLDER}/{f.name}" not in needed and not f.name.startswith("."):
            f.unlink(missing_ok=True)


def commit(root: Path, name: str, old: bytes | None, new: bytes, *, op: str, summary: str) -> None:
    """Record the change in the journal, then replace the file atomically (lock held)."""
    change_id = secrets.token_hex(6)
    now = dt.datetime.now(dt.UTC)
    backup = None
    if old is not None and (name == ROADMAP or not new.startswith(old)):
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        backup = f"{HISTORY_FOLDER}/{stamp}-{change_id}-{name.replace('/', '-')}"
        atomic_write(_state_folder(root) / backup, old)
    _journal_add(
        root,
        {
            "id": change_id,
            "at": now.isoformat(timespec="seconds"),
            "op": op,
            "file": name,
            "summary": summary,
            "before": {"size": None if old is None else len(old), "sha256": sha(old)},
            "after": {"size": len(new), "sha256": sha(new)},
            "backup": backup,
        },
    )
    try:
        atomic_write(root / name, new)
    except OSError as exc:
        raise StoreConflictError(
            f"could not write {name}: {exc.strerror} (is it open in another program?); "
            "nothing was changed"
        ) from exc
    backups = root / STATE_FOLDER / HISTORY_FOLDER
    if backup is not None and sum(1 for _ in backups.iterdir()) > 2 * KEEP_CHANGES:
        _compact(root)


def undo(folder: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT) -> Change:
    """Revert the last change the store made to a map folder, restoring the file exactly.

    Changes are undone newest first, whichever notebook or process made them. An append is
    undone by cutting the log back to its previous length, a roadmap edit by restoring the
    backup in ``.careermap/history/``. A file changed since (by hand or by another program)
    is never overwritten: undo then refuses and changes nothing.

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
        for entry in reversed(_journal(root)):
            path = root / entry["file"]
            current = read(path)
            state = {"size": None if current is None else len(current), "sha256": sha(current)}
            if state == entry["before"]:
                # written to the journal, but the writer died before the file was replaced
                _journal_add(root, {"undo": entry["id"]})
                continue
            if state != entry["after"]:
                raise StoreConflictError(
                    f"{entry['file']} changed since careermap wrote it ({entry['summary']}), "
                    "by hand or by another program; undo refused and nothing was changed"
                )
            restored = _restore(root, entry, current)
            _journal_add(root, {"undo": entry["id"]})
            if restored is None:
                remove(path)
            else:
                atomic_write(path, restored)
            return Change("undo", entry["file"], f"undid {entry['summary']}")
    raise StoreConflictError(f"nothing to undo in {root}")


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
    entries = list(reversed(_journal(root)))
    frame = pd.DataFrame(
        {
            "at": pd.to_datetime([e.get("at") for e in entries], utc=True),
            "op": [e["op"] for e in entries],
            "file": [e["file"] for e in entries],
            "summary": [e.get("summary", "") for e in entries],
        }
    )
    return frame.astype({"op": "str", "file": "str", "summary": "str"})
