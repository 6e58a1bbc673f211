"""Writing map folders: the only code in careermap that changes what a person wrote.

Every change is checked before it is written and is written so that it is never lost or
half-written (see ``docs/store.md`` for the design):

- one writer at a time per folder: an exclusive ``fcntl.flock`` on ``.careermap.lock``
  (waiting up to ``timeout`` seconds, then :class:`~careermap.errors.StoreConflictError`);
- every file is replaced atomically (temporary file in the same folder, ``fsync``, rename,
  ``fsync`` of the folder), so a reader or a crash sees the old file or the new one;
- log rows are checked by the loader's own reading and rules, in the file as it would be
  after the write (:func:`careermap.io.check_log`), roadmap edits by loading the edited map;
  anything invalid raises :class:`EntryRejectedError` listing every reason, and nothing is
  written;
- a file another program is saving (an editor, a spreadsheet), or a log that ends in the
  middle of a row, is refused with :class:`~careermap.errors.ConcurrentEditError`: the file
  stays as that program wrote it, and what the store would have written is kept in
  ``.careermap/rejected/``; a replaced file keeps its mode, and a link inside the map is
  written through;
- every change is recorded in an undo journal (``.careermap/journal.jsonl``) before it is
  made and marked done after, and the roadmap's previous version is kept in
  ``.careermap/history/``, so :func:`undo` restores the files byte for byte and
  :func:`history` lists only changes that are on disk.

Examples
--------
>>> import shutil, tempfile, careermap
>>> from careermap import store
>>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex-rivera")
>>> print(store.append(folder, "time_log", [{"date": "2026-11-16", "hours": 1.5,
...     "category": "learning", "goal": "G2", "milestone": "M9", "note": "ARIMA notes"}]))
time_log.csv: added line 314
>>> print(store.undo(folder))
undid time_log.csv: added line 314
"""

# One job per private module: _files (which folder, the lock, atomic writes), _journal (undo
# and history), _roadmap_check (loading the roadmap a change depends on), _rows (appending
# log rows), _yaml_edit (round-trip YAML), _roadmap_edit (the roadmap edits), _init (new maps).
from careermap.errors import ConcurrentEditError, EntryRejectedError
from careermap.store._files import DEFAULT_TIMEOUT, LOCK_FILE, STATE_FOLDER, atomic_write
from careermap.store._init import init_map
from careermap.store._journal import KEEP_CHANGES, Change, history, shrunk_logs, undo
from careermap.store._plan_edit import change_plan
from careermap.store._roadmap_check import read_roadmap
from careermap.store._roadmap_edit import (
    add_action,
    add_milestone,
    drop,
    mark_done,
    reschedule,
    set_self_assessment,
)
from careermap.store._rows import append

__all__ = [
    "DEFAULT_TIMEOUT",
    "KEEP_CHANGES",
    "LOCK_FILE",
    "STATE_FOLDER",
    "Change",
    "ConcurrentEditError",
    "EntryRejectedError",
    "add_action",
    "add_milestone",
    "append",
    "atomic_write",
    "change_plan",
    "drop",
    "history",
    "init_map",
    "mark_done",
    "read_roadmap",
    "reschedule",
    "set_self_assessment",
    "shrunk_logs",
    "undo",
]
