"""Writing map folders: the only code in careermap that changes what a person wrote.

Every change is checked before it is written and is written so that it is never lost or
half-written (see ``docs/store.md`` for the design):

- one writer at a time per folder: an exclusive ``fcntl.flock`` on ``.careermap.lock``
  (waiting up to ``timeout`` seconds, then :class:`~careermap.errors.StoreConflictError`);
- every file is replaced atomically (temporary file in the same folder, ``fsync``, rename,
  ``fsync`` of the folder), so a reader or a crash sees the old file or the new one;
- log rows are checked against the schemas, the roadmap and the existing rows, roadmap
  edits by loading the edited map; anything invalid raises :class:`EntryRejectedError`
  listing every reason, and nothing is written;
- every change is recorded in an undo journal (``.careermap/journal.jsonl``) before it is
  made, and the roadmap's previous version is kept in ``.careermap/history/``, so
  :func:`undo` restores the files byte for byte.

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

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import difflib
import hashlib
import io
import json
import os
import random
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from careermap._vocab import (
    LOG_COLUMNS,
    LOG_FILES,
    LOG_OPTIONAL_COLUMNS,
    LOG_RENAMES,
    MAX_DAY_HOURS,
    SELF_ASSESSMENT_KINDS,
    SLUG_RE,
)
from careermap.errors import (
    CareermapError,
    InvalidArgumentError,
    Problem,
    StoreConflictError,
    format_report,
    format_value,
    problems_frame,
)
from careermap.schemas import reason_code

__all__ = [
    "LOCK_FILE",
    "STATE_FOLDER",
    "Change",
    "EntryRejectedError",
    "add_action",
    "add_milestone",
    "append",
    "drop",
    "history",
    "init_map",
    "mark_done",
    "reschedule",
    "set_self_assessment",
    "undo",
]

LOCK_FILE = ".careermap.lock"
"""The lock file in a map folder; writers hold an exclusive ``flock`` on it."""
STATE_FOLDER = ".careermap"
"""The store's own folder inside a map folder: the undo journal and roadmap backups."""
JOURNAL_FILE = "journal.jsonl"
HISTORY_FOLDER = "history"
DEFAULT_TIMEOUT = 10.0
KEEP_CHANGES = 200  # undo steps kept; older journal entries and backups are pruned
_JOURNAL_COMPACT_BYTES = 256 * 1024
_ROADMAP = "roadmap.yaml"
# fsync makes a write survive a power cut; a killed process cannot lose what the kernel has,
# so tests that only kill writers may turn it off (an fsync costs ~5 ms on a busy VM disk)
_FSYNC = True
_NEWLINE = b"\n"


class EntryRejectedError(CareermapError):
    """What someone entered was not written because it is invalid; ``problems`` says why.

    Each :class:`~careermap.errors.Problem` names the file (relative to the map folder),
    the line the row would have had (or the YAML path), the column, the value and the rule.
    """

    def __init__(self, problems: Sequence[Problem], what: str = "nothing was written") -> None:
        self.problems = list(problems)
        self.what = what
        super().__init__(self.report())

    def __str__(self) -> str:
        return self.report()

    def report(self, *, limit: int | None = 200) -> str:
        """The reasons as text, grouped by file."""
        return f"{self.what}:\n{format_report(self.problems, limit=limit)}"

    def to_frame(self) -> pd.DataFrame:
        """The problems as a tidy frame, one row per problem."""
        return problems_frame(self.problems)


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
    """

    op: str
    file: str
    summary: str
    rows: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.summary


# -- files -----------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file, fsync, rename, fsync folder)."""
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
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
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


def _remove(path: Path) -> None:
    path.unlink()
    _fsync_dir(path.parent)


def _sha(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


# -- the lock --------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(folder: Path, timeout: float) -> Iterator[None]:
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
    names = tuple(f".{name}." for name in (_ROADMAP, *LOG_FILES.values()))
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


# -- arguments -------------------------------------------------------------------------


@cache
def _bundled() -> tuple[Path, ...]:
    from careermap import cohort_path, sample_path

    return (sample_path().resolve(), cohort_path().resolve())


def _person_folder(folder: str | os.PathLike[str], *, writing: bool = True) -> Path:
    root = Path(folder)
    if not (root / _ROADMAP).is_file():
        raise InvalidArgumentError(
            f"{root} holds no roadmap.yaml; give a person's map folder "
            "(start one with `careermap init`)"
        )
    if not writing:
        return root
    resolved = root.resolve()
    for bundled in _bundled():
        if resolved.is_relative_to(bundled):
            raise InvalidArgumentError(
                f"{root} is careermap's bundled demo data, which is never changed; copy it "
                "first: shutil.copytree(careermap.sample_path(), 'my-map')"
            )
    return root


def _as_date(value: Any, name: str, *, default_today: bool = False) -> dt.date:
    if value is None and default_today:
        return dt.date.today()
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):  # a copy: ruamel writes an alias for a value used twice
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value.strip()[:10])
    raise InvalidArgumentError(f"{name} must be a date like 2026-11-20; got {value!r}")


# -- appending log rows ----------------------------------------------------------------


def append(
    folder: str | os.PathLike[str],
    table: str,
    rows: Mapping[str, Any] | Iterable[Mapping[str, Any]] | pd.DataFrame,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Check rows and add them to one of a person's logs, durably, or write nothing.

    Parameters
    ----------
    folder
        The person's map folder (holding ``roadmap.yaml``).
    table
        ``"time_log"``, ``"assessments"``, ``"reviews"`` or ``"goal_progress"``.
    rows
        One row (a dict), a list of dicts or a DataFrame; keys are the CSV column names
        (``date, hours, category, goal, milestone, action, note`` for the time log; the
        frame names ``goal_id``, ``milestone_id``, ``action_id`` are accepted too). Dates may
        be ``datetime.date``, Timestamps or ISO text; missing keys are left empty, as are
        extra columns of the existing file.
    timeout
        Seconds to wait for another writer of the same folder.

    Returns
    -------
    Change
        What was written; ``rows`` holds the rows as written, indexed by line number.

    Raises
    ------
    EntryRejectedError
        If any row breaks a rule of the data contract: a type, range or vocabulary, a
        reference to a goal, milestone or action not in roadmap.yaml, a skill that is
        neither O*NET nor custom, or a day's hours adding up to more than 24 with the rows
        already logged. Nothing is written.
    StoreConflictError
        If another writer held the folder for more than ``timeout`` seconds.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> row = {"date": "2026-11-16", "skill": "Speaking", "level": 4.5, "source": "mentor"}
    >>> store.append(folder, "assessments", row).rows.index.tolist()
    [65]
    >>> try:
    ...     store.append(folder, "reviews", {"date": "2026-11-30", "satisfaction": 9,
    ...         "motivation": 4, "confidence": 4, "alignment": 4})
    ... except store.EntryRejectedError as exc:
    ...     print(exc.problems[0])
    reviews.csv, line 16, satisfaction: 9 -> a whole number from 1 to 5
    """
    root = _person_folder(folder)
    if table not in LOG_FILES:
        raise InvalidArgumentError(f"table must be one of {', '.join(LOG_FILES)}; got {table!r}")
    records = _records(rows)
    filename = LOG_FILES[table]
    cells, key_problems = _cells(table, records)
    local = _row_checks(table, cells)  # row-local rules need no lock: check them first
    with _locked(root, timeout):
        path = root / filename
        old = _read(path)
        log = _LogFile.parse(old, table, filename)
        lines, payload = log.encode(cells)
        problems = [p for key in key_problems for p in log.column_problem(key, lines)]
        problems += [
            Problem(
                filename, f"line {lines[i]}", col, _shown(records[i], table, col, raw), rule, code
            )
            for i, col, raw, rule, code in local
        ]
        problems += log.missing_columns(cells, lines)
        ctx = _context(root)
        problems += _cross_checks(ctx, table, filename, cells, lines, log)
        if problems:
            order = {c: i for i, c in enumerate(log.header)}
            raise EntryRejectedError(
                sorted(problems, key=lambda p: (_line_number(p), order.get(p.column, 99))),
                f"{filename}: {_rows_text(len(cells))} not written",
            )
        new = log.with_rows(payload)
        first, last = lines[0], lines[-1]
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        summary = f"{filename}: added {where}"
        _commit(root, filename, old, new, op="append", summary=summary)
    written = pd.DataFrame(
        [[c.get(h, "") for h in log.header] for c in cells],
        columns=log.header,
        index=pd.Index(lines, name="line"),
    )
    return Change("append", filename, summary, written)


def _rows_text(n: int) -> str:
    return "the new row was" if n == 1 else f"the {n} new rows were"


def _line_number(p: Problem) -> int:
    m = re.match(r"line (\d+)", p.location)
    return int(m.group(1)) if m else 0


def _records(rows: Any) -> list[dict[str, Any]]:
    if isinstance(rows, pd.DataFrame):
        records = rows.to_dict("records")
    elif isinstance(rows, Mapping):
        records = [dict(rows)]
    elif isinstance(rows, Iterable) and not isinstance(rows, str | bytes):
        records = []
        for r in rows:
            if not isinstance(r, Mapping):
                raise InvalidArgumentError(
                    f"rows must be dicts of column -> value; got a {type(r).__name__}: {r!r}"
                )
            records.append(dict(r))
    else:
        raise InvalidArgumentError(
            f"rows must be a dict, a list of dicts or a DataFrame; got {type(rows).__name__}"
        )
    if not records:
        raise InvalidArgumentError("no rows to append")
    return records


def _text(value: Any) -> str:
    """A cell as the CSV text the loader reads back (dates ISO, empty for missing)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, float | np.floating) and np.isnan(value):
        return ""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return f"{float(value):.12g}"  # 4.500000000000001 (float noise) -> 4.5
    if isinstance(value, Decimal):
        return str(value)
    return str(value).strip()


def _cells(table: str, records: list[dict[str, Any]]) -> tuple[list[dict[str, str]], list[str]]:
    """Rows as CSV text keyed by CSV column; also the keys that are no column of the log."""
    aliases = {v: k for k, v in LOG_RENAMES[table].items()}
    out: list[dict[str, str]] = []
    odd: list[str] = []
    for record in records:
        row: dict[str, str] = {}
        for key, value in record.items():
            name = aliases.get(str(key), str(key))
            if name in row and row[name] != _text(value):
                raise InvalidArgumentError(
                    f"a row gives {name!r} twice (as {name!r} and {LOG_RENAMES[table][name]!r})"
                )
            row[name] = _text(value)
            if name not in LOG_COLUMNS[table] and name not in odd:
                odd.append(name)
        out.append(row)
    return out, odd


def _shown(record: Mapping[str, Any], table: str, column: str, text: str | None) -> str:
    """A bad value as the caller gave it (30, not '30'), for the message."""
    for key in (column, LOG_RENAMES[table].get(column)):
        if key is not None and key in record and not isinstance(record[key], str):
            return format_value(record[key])
    return format_value(text)


@cache
def _schema(table: str) -> Any:
    from careermap.schemas import SCHEMAS

    return SCHEMAS[table].to_schema()


_DATE_RULE = "a date like 2025-09-30 (YYYY-MM-DD)"


def _iso_day(text: str) -> str | None:
    """``YYYY-MM-DD`` of a date cell as the loader accepts it (a date, or a date and time)."""
    text = text.strip()
    if not (len(text) == 10 or re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d", text)):
        return None
    try:
        return dt.datetime.strptime(text[:10], "%Y-%m-%d").date().isoformat()
    except ValueError:
        return None


RowProblem = tuple[int, str, str | None, str, str]  # (row, CSV column, value, rule, code)

_CANONICAL = {
    "float64": (re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$"), float),
    "Int64": (re.compile(r"^[+-]?\d+$"), int),
}
_CHECKS: dict[str, Callable[[Any, Mapping[str, Any]], bool]] = {
    "greater_than": lambda v, s: v > s["min_value"],
    "greater_than_or_equal_to": lambda v, s: v >= s["min_value"],
    "less_than": lambda v, s: v < s["max_value"],
    "less_than_or_equal_to": lambda v, s: v <= s["max_value"],
    "equal_to": lambda v, s: v == s["value"],
    "not_equal_to": lambda v, s: v != s["value"],
    "in_range": lambda v, s: (
        (v >= s["min_value"] if s.get("include_min", True) else v > s["min_value"])
        and (v <= s["max_value"] if s.get("include_max", True) else v < s["max_value"])
    ),
    "isin": lambda v, s: v in s["allowed_values"],
    "notin": lambda v, s: v not in s["forbidden_values"],
    "str_matches": lambda v, s: re.match(s["pattern"], v) is not None,
    "str_length": lambda v, s: (
        len(v) == s["exact_value"]
        if s.get("exact_value") is not None
        else (s.get("min_value") is None or len(v) >= s["min_value"])
        and (s.get("max_value") is None or len(v) <= s["max_value"])
    ),
}


def _row_checks(table: str, cells: list[dict[str, str]]) -> list[RowProblem]:
    """Rules of one row (types, ranges, vocabularies), from the loader's pandera schema.

    Plain values (ISO dates, plain numbers, any text) are checked against the schema's
    column specs directly: pandera's fixed cost (~20 ms a call) would dominate an append.
    Anything else (``1e3``, a custom check) goes through pandera itself, as in the loader.
    """
    schema = _schema(table)
    to_csv = {LOG_RENAMES[table].get(c, c): c for c in LOG_COLUMNS[table]}
    found: list[RowProblem] = []
    for i, row in enumerate(cells):
        for col, spec in schema.columns.items():
            if col == "person_id":
                continue
            name = to_csv.get(col, col)
            raw = row.get(name) or None
            rule = spec.description or f"a valid {col}"
            if raw is None:
                if not spec.nullable:
                    found.append((i, name, None, f"required: {rule}", "missing_value"))
                continue
            dtype = str(spec.dtype)
            if dtype.startswith("datetime64"):
                if _iso_day(raw) is None:
                    found.append((i, name, raw, _DATE_RULE, "bad_date"))
                continue
            if dtype in _CANONICAL:
                pattern, cast = _CANONICAL[dtype]
                if not pattern.match(raw):
                    return _pandera_row_checks(table, cells)
                value: Any = cast(raw)
            elif dtype.startswith(("str", "string")):
                value = raw
            else:
                return _pandera_row_checks(table, cells)
            for check in spec.checks:
                test = _CHECKS.get(check.name)
                if test is None:
                    return _pandera_row_checks(table, cells)
                if not test(value, check.statistics):
                    found.append((i, name, raw, rule, reason_code(check.name)))
                    break
    return found


def _pandera_row_checks(table: str, cells: list[dict[str, str]]) -> list[RowProblem]:
    import pandera.pandas as pa

    schema = _schema(table)
    renames = LOG_RENAMES[table]
    columns = [c for c in schema.columns if c != "person_id"]
    to_csv = {renames.get(c, c): c for c in LOG_COLUMNS[table]}  # frame name -> CSV name
    frame = pd.DataFrame(
        [[row.get(to_csv.get(col, col)) or None for col in columns] for row in cells],
        columns=columns,
        dtype=object,
    )
    frame.insert(0, "person_id", "someone")
    found: list[RowProblem] = []
    seen: set[tuple[int, str]] = set()
    for col, spec in schema.columns.items():
        if not str(spec.dtype).startswith("datetime64"):
            continue
        days = [None if v is None else _iso_day(str(v)) for v in frame[col]]
        for i, (raw, day) in enumerate(zip(frame[col], days, strict=True)):
            if raw is not None and day is None:
                found.append((i, to_csv.get(col, col), raw, _DATE_RULE, "bad_date"))
                seen.add((i, col))
        frame[col] = pd.to_datetime(pd.Series(days, dtype=object), format="%Y-%m-%d")
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        for row in exc.failure_cases.itertuples(index=False):
            col, idx = row.column, row.index
            if col not in schema.columns or idx is None or pd.isna(idx):
                continue
            i = int(idx)
            if (i, col) in seen:
                continue
            seen.add((i, col))
            rule = schema.columns[col].description or f"a valid {col}"
            check = str(row.check)
            if check == "not_nullable":
                rule = f"required: {rule}"
            raw = cells[i].get(to_csv.get(col, col), "")
            found.append((i, to_csv.get(col, col), raw or None, rule, reason_code(check)))
    return found


@dataclass
class _LogFile:
    """An existing log (or none): its header, line ending and line count."""

    table: str
    filename: str
    old: bytes | None
    header: list[str]
    eol: str
    n_lines: int  # complete lines once a missing final newline is added
    needs_newline: bool
    text: str

    @classmethod
    def parse(cls, old: bytes | None, table: str, filename: str) -> _LogFile:
        required = list(LOG_COLUMNS[table])
        if old is None or not old.strip():
            return cls(table, filename, None, required, "\n", 1, False, "")
        try:
            text = old.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EntryRejectedError(
                [
                    Problem(
                        filename,
                        f"line {old[: exc.start].count(_NEWLINE) + 1}",
                        "",
                        "",
                        "is not UTF-8 text; save it as UTF-8 before adding rows",
                        "encoding",
                    )
                ]
            ) from None
        first = text.split("\n", 1)[0]
        eol = "\r\n" if first.endswith("\r") else "\n"
        header = [h.strip() for h in next(csv.reader([first.rstrip("\r")]), [])]
        missing = [c for c in required if c not in header and c not in LOG_OPTIONAL_COLUMNS[table]]
        if missing or len(set(header)) != len(header):
            rule = (
                f"the header line must name the columns {','.join(required)} once each; "
                "fix it before adding rows"
            )
            raise EntryRejectedError(
                [Problem(filename, "line 1", "", format_value(first), rule, "header")]
            )
        needs_newline = not old.endswith(b"\n")
        n_lines = old.count(b"\n") + needs_newline
        return cls(table, filename, old, header, eol, n_lines, needs_newline, text)

    def encode(self, cells: list[dict[str, str]]) -> tuple[list[int], bytes]:
        """Line numbers the rows will have, and their bytes (after the header if new)."""
        buf = io.StringIO()
        lines = []
        line = self.n_lines + 1
        writer = csv.writer(buf, lineterminator=self.eol)
        for row in cells:
            start = buf.tell()
            writer.writerow([row.get(h, "") for h in self.header])
            lines.append(line)
            line += buf.getvalue()[start:].count("\n")
        return lines, buf.getvalue().encode("utf-8")

    def with_rows(self, payload: bytes) -> bytes:
        if self.old is None:
            return (",".join(self.header) + self.eol).encode("utf-8") + payload
        return self.old + (self.eol.encode() if self.needs_newline else b"") + payload

    def column_problem(self, key: str, lines: list[int]) -> list[Problem]:
        rule = (
            f"not a column of {self.filename}; its columns are {', '.join(self.header)}"
            if key not in self.header
            else ""
        )
        return (
            [Problem(self.filename, f"line {lines[0]}", key, "", rule, "unknown_column")]
            if rule
            else []
        )

    def missing_columns(self, cells: list[dict[str, str]], lines: list[int]) -> list[Problem]:
        """Values for optional columns the existing header leaves out cannot be written."""
        problems = []
        for row, line in zip(cells, lines, strict=True):
            for col, value in row.items():
                if value and col in LOG_COLUMNS[self.table] and col not in self.header:
                    rule = (
                        f"{self.filename} has no {col} column; add ,{col} to its header line "
                        "to record it"
                    )
                    problems.append(
                        Problem(
                            self.filename,
                            f"line {line}",
                            col,
                            format_value(value),
                            rule,
                            "unknown_column",
                        )
                    )
        return problems

    def day_hours(self, days: set[str]) -> dict[str, list[tuple[int, float]]]:
        """Valid hours already logged on ``days``: {YYYY-MM-DD: [(line, hours), ...]}."""
        out: dict[str, list[tuple[int, float]]] = {}
        if not self.text:
            return out
        reader = csv.reader(io.StringIO(self.text, newline=""))
        try:
            header = [h.strip() for h in next(reader)]
            i_date, i_hours = header.index("date"), header.index("hours")
            line = reader.line_num + 1
            for record in reader:
                if len(record) == len(header) and record[i_date].strip()[:10] in days:
                    day = _iso_day(record[i_date])
                    hours = _float(record[i_hours])
                    if day and hours is not None and 0 < hours <= MAX_DAY_HOURS:
                        out.setdefault(day, []).append((line, hours))
                line = reader.line_num + 1
        except (csv.Error, StopIteration, ValueError):
            pass  # an unreadable old row is the loader's to report, not a reason to refuse
        return out


def _float(text: str | None) -> float | None:
    try:
        value = float(str(text).strip())
    except (TypeError, ValueError):
        return None
    return None if np.isnan(value) else value


# -- what the logs refer to ------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What new log rows may refer to, from a roadmap that loads."""

    goals: tuple[str, ...]
    milestone_goal: Mapping[str, str]
    action_milestone: Mapping[str, str]
    custom_skills: frozenset[str]

    @classmethod
    def of(cls, m: Any) -> _Context:
        return cls(
            tuple(m.goals["goal_id"].dropna()),
            dict(zip(m.milestones["milestone_id"], m.milestones["goal_id"], strict=True)),
            dict(zip(m.actions["action_id"], m.actions["milestone_id"], strict=True)),
            frozenset(m.custom_skills["skill_id"].dropna()),
        )


# roadmap + roles content hash -> (context or None, problems): loading costs ~0.5 s
_CHECKED: dict[str, tuple[_Context | None, list[Problem]]] = {}


def _roadmap_files(root: Path, roadmap: bytes | None = None) -> dict[str, bytes]:
    files = {_ROADMAP: roadmap if roadmap is not None else (root / _ROADMAP).read_bytes()}
    roles = root / "roles"
    if roles.is_dir():
        for f in sorted(roles.glob("*.y*ml")):
            files[f"roles/{f.name}"] = f.read_bytes()
    return files


def _files_key(files: Mapping[str, bytes]) -> str:
    h = hashlib.sha256()
    for name, data in files.items():
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def _context(root: Path) -> _Context:
    """What log rows may refer to; refuses when the roadmap itself does not load."""
    ctx, problems = _check_roadmap(root, _roadmap_files(root))
    if ctx is None:
        raise EntryRejectedError(
            problems, "the roadmap has problems, so new log rows cannot be checked; fix it first"
        )
    return ctx


def _check_roadmap(root: Path, files: Mapping[str, bytes]) -> tuple[_Context | None, list[Problem]]:
    """Load roadmap.yaml and roles/ as given; remembered by content (the same text gives
    the same answer, whichever folder or process it is in)."""
    key = _files_key(files)
    if key not in _CHECKED:
        m, problems = _load_candidate(root, files)
        if len(_CHECKED) >= 64:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[key] = (None if m is None else _Context.of(m), problems)
    return _CHECKED[key]


def _load_candidate(root: Path, files: Mapping[str, bytes]) -> tuple[Any, list[Problem]]:
    """Load roadmap.yaml and roles/ (as given, no logs) from a scratch copy of the folder."""
    from careermap.io import validate

    with tempfile.TemporaryDirectory(prefix="careermap-check-") as tmp:
        person = Path(tmp) / root.name
        (person / "roles").mkdir(parents=True)
        for name, data in files.items():
            (person / name).write_bytes(data)
        m, problems, _ = validate(person)
        prefix = str(person) + os.sep
        problems = [dataclasses.replace(p, file=p.file.removeprefix(prefix)) for p in problems]
    return m, problems


def _cross_checks(
    ctx: _Context,
    table: str,
    filename: str,
    cells: list[dict[str, str]],
    lines: list[int],
    log: _LogFile,
) -> list[Problem]:
    """Rules that need the roadmap or the rows already logged (as the loader applies them)."""
    problems: list[Problem] = []

    def add(line: int, col: str, value: Any, rule: str, code: str) -> None:
        problems.append(Problem(filename, f"line {line}", col, format_value(value), rule, code))

    def known(kind: str, ids: Iterable[str]) -> str:
        have = [x for x in ids if x]
        if not have:
            return "none defined"
        return ", ".join(have[:12]) + (" ..." if len(have) > 12 else "")

    refs = {
        "goal": ctx.goals,
        "milestone": tuple(ctx.milestone_goal),
        "action": tuple(ctx.action_milestone),
    }
    for row, line in zip(cells, lines, strict=True):
        for col in ("goal", "milestone", "action") if table == "time_log" else ("goal",):
            if table not in ("time_log", "goal_progress"):
                break
            value = row.get(col) or None
            if value is not None and value not in refs[col]:
                close = difflib.get_close_matches(value, list(refs[col]), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                add(
                    line,
                    col,
                    value,
                    f"no {col} with this id in roadmap.yaml; {hint}known: {known(col, refs[col])}",
                    "unknown_reference",
                )
        if table == "time_log":
            goal, ms, act = (row.get(c) or None for c in ("goal", "milestone", "action"))
            owner = ctx.milestone_goal.get(ms) if ms else None
            if goal in ctx.goals and owner is not None and owner != goal:
                add(
                    line,
                    "goal",
                    goal,
                    f"milestone {ms} belongs to goal {owner}",
                    "mismatched_reference",
                )
            parent = ctx.action_milestone.get(act) if act else None
            if ms and parent is not None and parent != ms:
                add(
                    line,
                    "milestone",
                    ms,
                    f"action {act} belongs to milestone {parent}",
                    "mismatched_reference",
                )
        if table == "assessments":
            problems += _skill_problem(ctx, filename, row.get("skill") or None, line)
    if table == "time_log":
        problems += _day_total_problems(filename, cells, lines, log)
    return problems


@cache
def _skill_lookup() -> dict[str, str]:
    from careermap import reference

    sk = reference.skills()
    lookup = dict(zip(sk["name"].str.lower(), sk["skill_id"], strict=True))
    lookup |= dict(zip(sk["skill_id"].str.lower(), sk["skill_id"], strict=True))
    return lookup


def _skill_problem(ctx: _Context, filename: str, skill: str | None, line: int) -> list[Problem]:
    from careermap import reference

    if skill is None or skill.strip().lower() in _skill_lookup() or skill in ctx.custom_skills:
        return []
    near = reference.suggest_skills(skill, n=1)
    near += difflib.get_close_matches(skill, sorted(ctx.custom_skills), n=1)
    hint = f"did you mean {near[0]!r}? " if near else ""
    rule = (
        f"not an O*NET skill or knowledge name or id, nor a custom skill; {hint}custom skills "
        "are declared in roadmap.yaml custom_skills: or with a name: in roles/*.yaml"
    )
    return [Problem(filename, f"line {line}", "skill", format_value(skill), rule, "unknown_skill")]


def _day_total_problems(
    filename: str, cells: list[dict[str, str]], lines: list[int], log: _LogFile
) -> list[Problem]:
    new: list[tuple[str, int, float]] = []
    for row, line in zip(cells, lines, strict=True):
        day = _iso_day(row.get("date", ""))
        hours = _float(row.get("hours"))
        if day is not None and hours is not None and 0 < hours <= MAX_DAY_HOURS:
            new.append((day, line, hours))  # invalid ones are reported by the row rules
    days = log.day_hours({day for day, _, _ in new})
    first_new: dict[str, int] = {}
    for day, line, hours in new:
        days.setdefault(day, []).append((line, hours))
        first_new.setdefault(day, line)
    problems = []
    for day, line in first_new.items():
        total = sum(h for _, h in days[day])
        if total > MAX_DAY_HOURS:
            listed = ", ".join(str(n) for n, _ in days[day])
            rule = (
                f"the hours logged on {day} add up to {total:g} (lines {listed}); "
                f"a day holds at most {MAX_DAY_HOURS}"
            )
            problems.append(
                Problem(
                    filename, f"line {line}", "hours", format_value(total), rule, "day_over_24h"
                )
            )
    return problems


# -- the undo journal ------------------------------------------------------------------


def _state_folder(root: Path) -> Path:
    state = root / STATE_FOLDER
    if not state.is_dir():
        (state / HISTORY_FOLDER).mkdir(parents=True, exist_ok=True)
        # the store's own files are not the person's data: keep them out of git
        atomic_write(state / ".gitignore", b"*\n")
        _fsync_dir(root)
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
    data = _read(path)
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


def _commit(root: Path, name: str, old: bytes | None, new: bytes, *, op: str, summary: str) -> None:
    """Record the change in the journal, then replace the file atomically (lock held)."""
    change_id = secrets.token_hex(6)
    now = dt.datetime.now(dt.UTC)
    backup = None
    if old is not None and (name == _ROADMAP or not new.startswith(old)):
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
            "before": {"size": None if old is None else len(old), "sha256": _sha(old)},
            "after": {"size": len(new), "sha256": _sha(new)},
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

    Raises
    ------
    StoreConflictError
        If there is nothing to undo, or the file changed since the store wrote it.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.mark_done(folder, "M9", "2026-11-16"))
    roadmap.yaml: M9 done on 2026-11-16
    >>> print(store.undo(folder))
    undid roadmap.yaml: M9 done on 2026-11-16
    """
    root = _person_folder(folder)
    with _locked(root, timeout):
        for entry in reversed(_journal(root)):
            path = root / entry["file"]
            current = _read(path)
            state = {"size": None if current is None else len(current), "sha256": _sha(current)}
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
                _remove(path)
            else:
                atomic_write(path, restored)
            return Change("undo", entry["file"], f"undid {entry['summary']}")
    raise StoreConflictError(f"nothing to undo in {root}")


def _restore(root: Path, entry: Mapping[str, Any], current: bytes | None) -> bytes | None:
    before = entry["before"]
    if before["size"] is None:
        return None
    if entry.get("backup"):
        data = _read(root / STATE_FOLDER / entry["backup"])
    else:
        data = None if current is None else current[: before["size"]]
    if data is None or _sha(data) != before["sha256"]:
        raise StoreConflictError(
            f"the previous version of {entry['file']} is no longer kept, so "
            f"{entry['summary']!r} cannot be undone; nothing was changed"
        )
    return data


def history(folder: str | os.PathLike[str]) -> pd.DataFrame:
    """The changes that :func:`undo` can revert, newest first.

    Returns
    -------
    DataFrame
        Columns ``at`` (UTC time), ``op``, ``file``, ``summary``.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> _ = store.drop(folder, "M12", "2026-11-16")
    >>> store.history(folder)["summary"].tolist()
    ['roadmap.yaml: M12 dropped on 2026-11-16']
    """
    root = _person_folder(folder, writing=False)
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


# -- roadmap edits ---------------------------------------------------------------------

_MILESTONE_KEYS = (
    "id", "title", "planned", "target", "reschedules", "effort_hours", "skills",
    "depends_on", "done", "dropped", "actions", "note",
)  # fmt: skip
_ACTION_KEYS = ("id", "title", "due", "effort_hours", "kind", "done", "note")
_TOP_KEYS = ("careermap", "person", "self_assessment", "vision", "goals", "custom_skills")
_DATE_KEYS = {"planned", "target", "done", "dropped", "due", "on", "from"}
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 2, 2), (3, 3, 0))


@dataclass
class _Yaml:
    """A parsed roadmap.yaml with how to write it back the way it was written."""

    doc: Any
    indent: tuple[int, int, int]
    bom: bool
    crlf: bool

    def dump(self) -> bytes:
        text = _dump_text(_yaml(self.indent), self.doc)
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")


def _yaml(indent: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000  # never re-wrap a long line
    mapping, sequence, offset = indent
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _dump_text(y: Any, doc: Any) -> str:
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


_INDENT_OF: dict[str, tuple[int, int, int]] = {}  # sha256 of a roadmap -> its indentation


def _parse_roadmap(data: bytes) -> _Yaml:
    """Parse with ruamel's round-trip loader, finding the indentation that rewrites the
    file unchanged (so an edit changes only the lines it means to)."""
    from ruamel.yaml import YAMLError

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EntryRejectedError(
            [Problem(_ROADMAP, "", "", "", "is not UTF-8 text; save it as UTF-8", "encoding")],
            "roadmap.yaml cannot be edited",
        ) from None
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    try:
        doc = _yaml(_INDENTS[0]).load(text)
    except (YAMLError, ValueError, TypeError) as exc:
        raise EntryRejectedError(
            [Problem(_ROADMAP, "", "", "", f"is not valid YAML: {exc}", "yaml")],
            "roadmap.yaml cannot be edited",
        ) from None
    key = hashlib.sha256(data).hexdigest()
    indent = _INDENT_OF.get(key)
    if indent is None:
        scores = []
        for candidate in _INDENTS:
            out = _dump_text(_yaml(candidate), doc).splitlines()
            lines = text.splitlines()
            changed = sum(a != b for a, b in zip(out, lines, strict=False))
            scores.append((changed + abs(len(out) - len(lines)), candidate))
            if scores[-1][0] == 0:
                break
        indent = min(scores, key=lambda sc: sc[0])[1]
    return _Yaml(doc, indent, data.startswith(codecs.BOM_UTF8), crlf)


def _edit_roadmap(
    folder: str | os.PathLike[str],
    op: str,
    edit: Callable[[Any], str],
    timeout: float,
) -> Change:
    root = _person_folder(folder)
    with _locked(root, timeout):
        path = root / _ROADMAP
        old = path.read_bytes()
        parsed = _parse_roadmap(old)
        summary = f"{_ROADMAP}: {edit(parsed.doc)}"
        new = parsed.dump()
        if new == old:
            return Change(op, _ROADMAP, f"{summary} (no change)")
        files = _roadmap_files(root, new)
        _, problems = _check_roadmap(root, files)
        if problems:
            _, before = _check_roadmap(root, _roadmap_files(root))
            seen = {(p.file, p.location, p.column, p.code) for p in before}
            fresh = [p for p in problems if (p.file, p.location, p.column, p.code) not in seen]
            if fresh:
                raise EntryRejectedError(
                    fresh, f"{summary} would make the map invalid; not written"
                )
        _commit(root, _ROADMAP, old, new, op=op, summary=summary)
        if len(_INDENT_OF) >= 64:
            _INDENT_OF.pop(next(iter(_INDENT_OF)))
        _INDENT_OF[hashlib.sha256(new).hexdigest()] = parsed.indent
    return Change(op, _ROADMAP, summary)


def _cm(pairs: Iterable[tuple[str, Any]], *, flow: bool) -> Any:
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap(pairs)
    if flow:
        out.fa.set_flow_style()
    return out


def _cs(items: Iterable[Any], *, flow: bool) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    out = CommentedSeq(items)
    if flow:
        out.fa.set_flow_style()
    return out


def _is_map(node: Any) -> bool:
    return isinstance(node, Mapping)


def _items(doc: Any) -> Iterator[tuple[str, Any, Any, Any]]:
    """(kind, node, goal, milestone) for every goal, milestone and action of the roadmap."""
    goals = doc.get("goals") if _is_map(doc) else None
    for goal in goals if isinstance(goals, list) else []:
        if not _is_map(goal):
            continue
        yield "goal", goal, goal, None
        milestones = goal.get("milestones")
        for ms in milestones if isinstance(milestones, list) else []:
            if not _is_map(ms):
                continue
            yield "milestone", ms, goal, ms
            actions = ms.get("actions")
            for action in actions if isinstance(actions, list) else []:
                if _is_map(action):
                    yield "action", action, goal, ms


def _find(doc: Any, item_id: str, kinds: tuple[str, ...]) -> tuple[str, Any, Any, Any]:
    ids = []
    for kind, node, goal, ms in _items(doc):
        if kind not in kinds:
            continue
        if str(node.get("id")) == str(item_id):
            return kind, node, goal, ms
        ids.append(str(node.get("id")))
    what = " or ".join(kinds)
    close = difflib.get_close_matches(str(item_id), ids, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise InvalidArgumentError(
        f"no {what} with id {item_id!r} in roadmap.yaml; {hint}known: {', '.join(ids) or 'none'}"
    )


def _set_key(node: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``node[key]``, inserting a new key where ``order`` puts it among the others."""
    if key in node:
        node[key] = value
        return
    later = set(order[order.index(key) + 1 :]) if key in order else set()
    keys = list(node)
    pos = next((i for i, k in enumerate(keys) if k in later), len(keys))
    if pos == len(keys) and keys and not _is_flow(node):
        moved = _take_tail(_tail_slot(node), keep_blanks=False)
        node.insert(pos, key, value)
        _put_tail(_tail_slot(node), moved)
    else:
        node.insert(pos, key, value)


def _is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _is_block(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return isinstance(node, CommentedMap | CommentedSeq) and not _is_flow(node)


# Comments after the last line of a block node (blank lines, then comment lines that
# introduce what comes next) are kept by ruamel on the node's deepest last item. Adding an
# item after it would put them above the new item; these helpers move them below it.


def _tail_slot(node: Any) -> tuple[Any, Any, str] | None:
    from ruamel.yaml.comments import CommentedSeq

    if not _is_block(node) or not node:
        return None
    if isinstance(node, CommentedSeq):
        if node.ca.end:
            return node, None, "end"
        key: Any = len(node) - 1
    else:
        key = list(node)[-1]
    child = node[key]
    if _is_block(child) and child:
        return _tail_slot(child)
    return node, key, "seq" if isinstance(node, CommentedSeq) else "map"


def _slot_text(slot: tuple[Any, Any, str]) -> str:
    node, key, kind = slot
    if kind == "end":
        return "".join(
            (" " * t.column if t.value.startswith("#") else "") + t.value for t in node.ca.end
        )
    entry = node.ca.items.get(key)
    token = entry[0 if kind == "seq" else 2] if entry else None
    return token.value if token is not None else "\n"


def _set_slot_text(slot: tuple[Any, Any, str], text: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    node, key, kind = slot
    if kind == "end":
        node.ca.end = [CommentToken(text, CommentMark(0), None)] if text else []
        return
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    i = 0 if kind == "seq" else 2
    if text in ("", "\n"):
        entry[i] = None
    elif entry[i] is not None:
        entry[i].value = text  # the same token keeps an end-of-line comment's column
    else:
        entry[i] = CommentToken(text, CommentMark(0), None)


def _split_tail(text: str, kind: str) -> tuple[str, str, str]:
    """(the node's own line end, blank lines after it, the rest)."""
    lines = text.splitlines(keepends=True)
    head = "" if kind == "end" else (lines.pop(0) if lines else "\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    return head, "".join(lines[:i]), "".join(lines[i:])


def _take_tail(slot: tuple[Any, Any, str] | None, *, keep_blanks: bool) -> str:
    """Cut the lines after a node's own line from ``slot``; return them."""
    if slot is None:
        return ""
    head, blanks, rest = _split_tail(_slot_text(slot), slot[2])
    _set_slot_text(slot, head + ((blanks or "\n") if keep_blanks else ""))
    return blanks + rest


def _put_tail(slot: tuple[Any, Any, str] | None, text: str) -> None:
    if slot is None or not text:
        return
    head = "" if slot[2] == "end" else _split_tail(_slot_text(slot), slot[2])[0]
    _set_slot_text(slot, head + text)


def _item_slot(seq: Any, index: int) -> tuple[Any, Any, str] | None:
    item = seq[index]
    if _is_block(item) and item:
        return _tail_slot(item)
    return seq, index, "seq"


def _append_item(seq: Any, item: Any) -> None:
    """Append to a YAML list, keeping the comments that followed its last item after it."""
    if not _is_block(seq) or not seq:
        seq.append(item)
        return
    # items separated by blank lines (as milestones often are) get one before the new item
    sep = len(seq) >= 2 and _blank_after(_item_slot(seq, len(seq) - 2))
    moved = _take_tail(_item_slot(seq, len(seq) - 1), keep_blanks=sep)
    seq.append(item)
    _put_tail(_item_slot(seq, len(seq) - 1), moved)


def _blank_after(slot: tuple[Any, Any, str] | None) -> bool:
    return slot is not None and bool(_split_tail(_slot_text(slot), slot[2])[1])


def _next_id(doc: Any, prefix: str, taken: Iterable[str] = ()) -> str:
    """The next free ``<prefix><n>`` after the highest one in use (ids are per person)."""
    used = {str(node.get("id")) for _, node, _, _ in _items(doc)} | set(taken)
    numbers = [int(m.group(1)) for u in used if (m := re.fullmatch(rf"{prefix}(\d+)", u))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _yaml_value(key: str, value: Any) -> Any:
    if key in _DATE_KEYS and value is not None:
        return _as_date(value, key)
    if isinstance(value, list | tuple):
        return _cs([_text(v) if not isinstance(v, str) else v for v in value], flow=True)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _fields(given: Mapping[str, Any], allowed: Sequence[str], what: str) -> dict[str, Any]:
    if not isinstance(given, Mapping):
        raise InvalidArgumentError(f"{what} must be a dict of keys; got {type(given).__name__}")
    unknown = [k for k in given if k not in allowed]
    if unknown:
        raise InvalidArgumentError(
            f"unknown {what} key{'s' * (len(unknown) > 1)} {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(allowed)}"
        )
    return {k: v for k, v in given.items() if v is not None}


def _open_milestone(doc: Any, milestone_id: str, doing: str) -> Any:
    """The milestone, if it is neither done nor dropped (``doing`` says what was refused)."""
    _, ms, _, _ = _find(doc, milestone_id, ("milestone",))
    if ms.get("done") is not None:
        raise InvalidArgumentError(f"{milestone_id} is already done ({ms.get('done')}); {doing}")
    if ms.get("dropped") is not None:
        raise InvalidArgumentError(f"{milestone_id} was dropped on {ms.get('dropped')}; {doing}")
    return ms


def mark_done(
    folder: str | os.PathLike[str],
    milestone_id: str,
    on: dt.date | str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Mark a milestone (or an action, given its id) done on a date (default: today).

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.mark_done(folder, "A19", "2026-11-16"))
    roadmap.yaml: A19 done on 2026-11-16
    """
    day = _as_date(on, "on", default_today=True)

    def edit(doc: Any) -> str:
        kind, node, _, _ = _find(doc, milestone_id, ("milestone", "action"))
        if kind == "milestone":
            _open_milestone(doc, milestone_id, "nothing to mark")
            _set_key(node, "done", day, _MILESTONE_KEYS)
        else:
            if node.get("done") is not None:
                raise InvalidArgumentError(f"{milestone_id} is already done ({node.get('done')})")
            _set_key(node, "done", day, _ACTION_KEYS)
        return f"{milestone_id} done on {day}"

    return _edit_roadmap(folder, "mark_done", edit, timeout)


def reschedule(
    folder: str | os.PathLike[str],
    milestone_id: str,
    new_target: dt.date | str,
    on: dt.date | str | None = None,
    reason: str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Move a milestone's target date, recording ``{on, from: old target, reason}``.

    The entry is added to the milestone's ``reschedules`` list, so slip charts can show how
    the target moved.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.reschedule(folder, "M9", "2027-01-31", "2026-11-16", "data access delayed"))
    roadmap.yaml: M9 target 2026-10-31 -> 2027-01-31 (data access delayed)
    """
    day = _as_date(on, "on", default_today=True)
    target = _as_date(new_target, "new_target")
    if reason is not None and not isinstance(reason, str):
        raise InvalidArgumentError(f"reason must be text; got {reason!r}")
    reason = (reason or "").strip() or None

    def edit(doc: Any) -> str:
        ms = _open_milestone(doc, milestone_id, "only open milestones are rescheduled")
        old = ms.get("target")
        try:
            old_day = _as_date(old, "target")
        except InvalidArgumentError:
            raise InvalidArgumentError(
                f"{milestone_id} has no valid target date ({old!r}) to move from"
            ) from None
        if old_day == target:
            raise InvalidArgumentError(f"{milestone_id}'s target is already {target}")
        entry = [("on", day), ("from", old_day)] + ([("reason", reason)] if reason else [])
        existing = ms.get("reschedules")
        if isinstance(existing, list) and existing:
            _append_item(existing, _cm(entry, flow=True))
        else:
            _set_key(ms, "reschedules", _cs([_cm(entry, flow=True)], flow=True), _MILESTONE_KEYS)
        ms["target"] = target
        why = f" ({reason})" if reason else ""
        return f"{milestone_id} target {old_day} -> {target}{why}"

    return _edit_roadmap(folder, "reschedule", edit, timeout)


def drop(
    folder: str | os.PathLike[str],
    milestone_id: str,
    on: dt.date | str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Drop a milestone from the plan on a date (default: today); it stays in the file.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.drop(folder, "M12", "2026-11-16"))
    roadmap.yaml: M12 dropped on 2026-11-16
    """
    day = _as_date(on, "on", default_today=True)

    def edit(doc: Any) -> str:
        ms = _open_milestone(doc, milestone_id, "only open milestones are dropped")
        _set_key(ms, "dropped", day, _MILESTONE_KEYS)
        return f"{milestone_id} dropped on {day}"

    return _edit_roadmap(folder, "drop", edit, timeout)


def add_milestone(
    folder: str | os.PathLike[str],
    goal_id: str,
    milestone: Mapping[str, Any],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Add a milestone at the end of a goal's milestones.

    Parameters
    ----------
    milestone
        Keys as in roadmap.yaml: ``title`` and ``target`` (required), ``id`` (default: the
        next free ``M<n>``), ``planned`` (default: today), ``effort_hours``, ``skills``,
        ``depends_on``, ``note``, and ``actions`` (a list of action dicts, ids default to
        the next free ``A<n>``).

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.add_milestone(folder, "G1", {"title": "Tableau certification",
    ...     "planned": "2026-11-16", "target": "2027-03-31", "effort_hours": 20,
    ...     "skills": ["Programming"]}))
    roadmap.yaml: added milestone M18 to G1
    """
    fields = _fields(
        milestone, [k for k in _MILESTONE_KEYS if k not in ("reschedules",)], "milestone"
    )

    def edit(doc: Any) -> str:
        _, goal, _, _ = _find(doc, goal_id, ("goal",))
        mid = str(fields.get("id") or _next_id(doc, "M"))
        values = {**fields, "id": mid}
        values.setdefault("planned", dt.date.today())
        actions = values.pop("actions", None) or []
        node = _cm(
            [(k, _yaml_value(k, values[k])) for k in _MILESTONE_KEYS if k in values], flow=False
        )
        if actions:
            items = _cs([], flow=False)
            for given in actions:
                a = _fields(given, _ACTION_KEYS, "action")
                a.setdefault("id", _next_id(doc, "A", (str(x["id"]) for x in items)))
                items.append(
                    _cm([(k, _yaml_value(k, a[k])) for k in _ACTION_KEYS if k in a], flow=True)
                )
            node["actions"] = items
        existing = goal.get("milestones")
        if isinstance(existing, list) and not _is_flow(existing):
            _append_item(existing, node)
        else:
            _set_key(goal, "milestones", _cs([node], flow=False), ("id", "milestones"))
        return f"added milestone {mid} to {goal_id}"

    return _edit_roadmap(folder, "add_milestone", edit, timeout)


def add_action(
    folder: str | os.PathLike[str],
    milestone_id: str,
    action: Mapping[str, Any],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Add an action step to a milestone.

    Parameters
    ----------
    action
        Keys as in roadmap.yaml: ``title`` (required), ``id`` (default: the next free
        ``A<n>``), ``due``, ``effort_hours``, ``kind`` (course, project, networking,
        application, mentoring, reading, other), ``done``, ``note``.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.add_action(folder, "M15", {"title": "Speech 3", "due": "2026-12-10",
    ...     "effort_hours": 4, "kind": "project"}))
    roadmap.yaml: added action A33 to M15
    """
    fields = _fields(action, _ACTION_KEYS, "action")

    def edit(doc: Any) -> str:
        _, ms, _, _ = _find(doc, milestone_id, ("milestone",))
        aid = str(fields.get("id") or _next_id(doc, "A"))
        values = {**fields, "id": aid}
        node = _cm([(k, _yaml_value(k, values[k])) for k in _ACTION_KEYS if k in values], flow=True)
        existing = ms.get("actions")
        if isinstance(existing, list) and existing:
            _append_item(existing, node)
        else:
            _set_key(ms, "actions", _cs([node], flow=False), _MILESTONE_KEYS)
        return f"added action {aid} to {milestone_id}"

    return _edit_roadmap(folder, "add_action", edit, timeout)


def set_self_assessment(
    folder: str | os.PathLike[str],
    *,
    values: Iterable[str] | None = None,
    strengths: Iterable[str] | None = None,
    passions: Iterable[str] | None = None,
    growth_areas: Iterable[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Change:
    """Replace the lists of the roadmap's ``self_assessment`` that are given.

    Lists not given (``None``) are left as they are; an empty list empties one.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import store
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> print(store.set_self_assessment(folder, passions=["data storytelling", "teaching"]))
    roadmap.yaml: self_assessment passions = data storytelling, teaching
    """
    given = {
        kind: lst
        for kind, lst in zip(
            SELF_ASSESSMENT_KINDS, (values, strengths, passions, growth_areas), strict=True
        )
        if lst is not None
    }
    if not given:
        raise InvalidArgumentError(
            f"give at least one of {', '.join(SELF_ASSESSMENT_KINDS)} (each a list of words)"
        )
    lists: dict[str, list[str]] = {}
    for kind, items in given.items():
        if isinstance(items, str) or not isinstance(items, Iterable):
            raise InvalidArgumentError(
                f"{kind} must be a list of words, e.g. ['learning', 'autonomy']; got {items!r}"
            )
        lists[kind] = [str(x).strip() for x in items if str(x).strip()]

    def edit(doc: Any) -> str:
        sa = doc.get("self_assessment")
        if not _is_map(sa):
            sa = _cm([], flow=False)
            _set_key(doc, "self_assessment", sa, _TOP_KEYS)
        for kind, items in lists.items():
            current = sa.get(kind)
            if isinstance(current, list):
                current.clear()
                current.extend(items)
            else:
                _set_key(sa, kind, _cs(items, flow=True), SELF_ASSESSMENT_KINDS)
        return "self_assessment " + "; ".join(
            f"{kind} = {', '.join(items) or '(none)'}" for kind, items in lists.items()
        )

    return _edit_roadmap(folder, "set_self_assessment", edit, timeout)


# -- a new map -------------------------------------------------------------------------


def init_map(
    folder: str | os.PathLike[str],
    *,
    person_id: str | None = None,
    name: str | None = None,
    start: dt.date | None = None,
) -> Path:
    """Create a valid, commented starter map in ``folder`` (created if needed).

    Writes ``roadmap.yaml`` and the four logs with their header lines. Refuses to touch a
    folder that already has a ``roadmap.yaml``.

    Parameters
    ----------
    folder
        Where to create the map; its name is the default person id.
    person_id, name
        The person's id (a slug) and display name.
    start
        The map's start date (default: today).

    Examples
    --------
    >>> import tempfile, careermap
    >>> from careermap.store import init_map
    >>> folder = init_map(tempfile.mkdtemp() + "/sam-lee", name="Sam Lee")
    >>> careermap.load(folder).people["name"].item()
    'Sam Lee'
    """
    out = Path(folder)
    pid = person_id or out.name.lower()
    if not SLUG_RE.match(pid):
        raise InvalidArgumentError(
            f"person id {pid!r} is not a slug (a-z, 0-9, '-' or '_', starting with a letter "
            "or digit); pass --id, e.g. --id sam-lee"
        )
    if (out / _ROADMAP).exists():
        raise StoreConflictError(
            f"{out / _ROADMAP} already exists; careermap init never overwrites a map"
        )
    start = start or dt.date.today()
    text = (
        resources.files("careermap.templates")
        .joinpath(_ROADMAP)
        .read_text(encoding="utf-8")
        .format(
            folder=out,
            person_id=pid,
            name=name or pid.replace("-", " ").title(),
            start=start.isoformat(),
            horizon=start.replace(year=start.year + 4).isoformat(),
            deadline=(start + dt.timedelta(days=365)).isoformat(),
            m1_target=(start + dt.timedelta(days=60)).isoformat(),
            a1_due=(start + dt.timedelta(days=30)).isoformat(),
            m2_target=(start + dt.timedelta(days=150)).isoformat(),
        )
    )
    out.mkdir(parents=True, exist_ok=True)
    with _locked(out, DEFAULT_TIMEOUT):
        if (out / _ROADMAP).exists():
            raise StoreConflictError(
                f"{out / _ROADMAP} already exists; careermap init never overwrites a map"
            )
        atomic_write(out / _ROADMAP, text.encode("utf-8"))
        for table, filename in LOG_FILES.items():
            f = out / filename
            if not f.exists():
                atomic_write(f, (",".join(LOG_COLUMNS[table]) + "\n").encode("utf-8"))
    return out
