"""Appending rows to a person's logs: the rows are written as CSV text in the file's own
layout, and checked, in the file as it would be after the write, by the loader's own reading
and rules (:func:`careermap.io.check_log`); anything the loader would refuse is not written."""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from careermap._vocab import LOG_FILES, LOG_RENAMES
from careermap.errors import (
    ConcurrentEditError,
    EntryRejectedError,
    InvalidArgumentError,
    Problem,
    format_value,
)
from careermap.io import check_log, count_lines
from careermap.model import CareerMap
from careermap.schemas import LOG_COLUMNS
from careermap.store._files import (
    DEFAULT_TIMEOUT,
    changed_error,
    keep_rejected,
    locked,
    person_folder,
    snapshot,
)
from careermap.store._journal import Change, commit, settled
from careermap.store._roadmap_check import loaded_roadmap


def append(
    folder: str | os.PathLike[str],
    table: str,
    rows: Mapping[str, Any] | Iterable[Mapping[str, Any]] | pd.DataFrame,
    *,
    add_columns: Sequence[str] = (),
    dry_run: bool = False,
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
    add_columns
        Extra columns to add to the log's header if it does not have them yet (such as an
        import's ``source`` and ``source_id``); the rows already there get empty cells, in
        the same atomic write, and undo restores the file as it was. A key that is no column
        of the log and not named here is refused, so that a typo is not a new column.
    dry_run
        Check the rows exactly as for a write, against the files as they are, and return the
        change that would be made; nothing is written, journaled or locked.
    timeout
        Seconds to wait for another writer of the same folder.

    Returns
    -------
    Change
        What was written (with ``dry_run``, what would be); ``rows`` holds the rows as
        written, indexed by line number.

    Raises
    ------
    EntryRejectedError
        If loading the folder afterwards would report a problem in a new row: a type, range
        or vocabulary, a reference to a goal, milestone or action not in roadmap.yaml, a skill
        that is neither O*NET nor custom, or a day's hours adding up to more than 24 with the
        rows already logged. Nothing is written.
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
    >>> row = {"date": "2026-11-16", "hours": 1, "category": "learning", "source": "toggl"}
    >>> print(store.append(folder, "time_log", row, add_columns=["source"], dry_run=True))
    time_log.csv: would add line 314
    """
    root = person_folder(folder, writing=not dry_run)
    if table not in LOG_FILES:
        raise InvalidArgumentError(f"table must be one of {', '.join(LOG_FILES)}; got {table!r}")
    records = _records(rows)
    extra = _column_names(add_columns)
    filename = LOG_FILES[table]
    cells, odd = _cells(table, records)
    # a dry run writes nothing, so it takes no lock (and leaves no lock file): every file it
    # reads is whole, old or new, since every write replaces a file atomically
    with contextlib.nullcontext() if dry_run else locked(root, timeout):
        roadmap = loaded_roadmap(root)
        what = f"{filename}: {_rows_text(len(cells))} not written"
        try:
            snap = snapshot(root, filename) if dry_run else settled(root, filename, timeout)
        except ConcurrentEditError as exc:  # another program kept saving the log
            fresh = _LogFile.parse(None, table, filename)
            rows_text = fresh.with_rows(fresh.encode(cells)[1])
            raise keep_rejected(root, filename, rows_text, what, exc) from None
        old = snap.data
        parsed = _LogFile.parse(old, table, filename)
        torn = _torn(old, filename, len(parsed.header))
        log = parsed.with_columns(extra)
        lines, payload = log.encode(cells)
        new = log.with_rows(payload)
        rejected = (",".join(log.header) + log.eol).encode("utf-8") + payload
        if torn is not None:
            exc = changed_error(filename, torn)
            raise exc if dry_run else keep_rejected(root, filename, rejected, what, exc)
        found = check_log(new, table, roadmap, file=filename, lines=lines)
        whole_file = [p for p in found if _line_number(p) not in lines]
        if whole_file:
            raise EntryRejectedError(whole_file, _unreadable(table, filename, old, roadmap, cells))
        problems = [p for key in odd for p in log.column_problem(key, lines)]
        problems += [_as_given(p, table, records, cells, lines) for p in found]
        problems += log.missing_columns(cells, lines)
        if problems:
            order = {c: i for i, c in enumerate(log.header)}
            raise EntryRejectedError(
                sorted(problems, key=lambda p: (_line_number(p), order.get(p.column, 99))), what
            )
        first, last = lines[0], lines[-1]
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        summary = f"{filename}: {'would add' if dry_run else 'added'} {where}"
        if not dry_run:
            commit(root, snap, new, op="append", summary=summary, rejected=rejected, what=what)
    written = pd.DataFrame(
        [[c.get(h, "") for h in log.header] for c in cells],
        columns=log.header,
        index=pd.Index(lines, name="line"),
    )
    return Change("append", filename, summary, written)


_COLUMN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _column_names(names: Sequence[str]) -> list[str]:
    """``add_columns`` as a list, each a plain name (it becomes a header cell as it is)."""
    if isinstance(names, str):
        names = [names]
    out = []
    for name in names:
        if not isinstance(name, str) or not _COLUMN_NAME.match(name):
            raise InvalidArgumentError(
                "add_columns must be column names of letters, digits and _ (not starting "
                f"with a digit), such as 'source_id'; got {name!r}"
            )
        out.append(name)
    return out


def _torn(old: bytes | None, filename: str, width: int) -> Problem | None:
    """The problem of a log that ends in the middle of a row, or None.

    A last line without a line end is whole when it has the header's number of fields and
    no quote left open; then the store ends it and appends (a file saved without a final
    line end). Anything else is a save cut short, or one still going on: appending would
    seal half a row into the file.
    """
    if not old or old.endswith((b"\n", b"\r")):
        return None
    text = old.decode("utf-8-sig", errors="replace")
    start = max(text.rfind("\n"), text.rfind("\r")) + 1
    tail = text[start:]
    if '"' not in tail:
        fields = next(csv.reader([tail]), [])
        open_quote = False
    else:
        records = list(csv.reader(io.StringIO(text, newline="")))
        fields = records[-1] if records else []
        open_quote = text.count('"') % 2 == 1
    if not open_quote and len(fields) == width:
        return None
    why = "a quoted value is not closed" if open_quote else f"{len(fields)} of {width} fields"
    rule = (
        f"ends in the middle of a row ({why}, and no line end): a save cut short, or one "
        "still going on in another program; finish or remove that row, end it with a line "
        "end, then try again"
    )
    line = f"line {count_lines(text)}"
    return Problem(filename, line, "", format_value(tail), rule, "torn_file")


def _rows_text(n: int) -> str:
    return "the new row was" if n == 1 else f"the {n} new rows were"


def _line_number(p: Problem) -> int:
    m = re.match(r"line (\d+)", p.location)
    return int(m.group(1)) if m else 0


def _unreadable(
    table: str,
    filename: str,
    old: bytes | None,
    roadmap: CareerMap,
    cells: list[dict[str, str]],
) -> str:
    """What to say when the file as it would be cannot be read at all: the file as it is,
    or (when it reads) the new rows, such as a NUL character in a note."""
    if old is not None and check_log(old, table, roadmap, file=filename, lines=()):
        return (
            f"{filename} cannot be read as it is (the header line must name the columns "
            f"{','.join(LOG_COLUMNS[table])} once each, in UTF-8); fix it before adding rows"
        )
    return f"{filename}: {_rows_text(len(cells))} not written, the file would not load"


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


def cell_text(value: Any) -> str:
    """A value as the CSV text the store writes (dates ISO, empty for missing)."""
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
    text = str(value).strip()
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # (lone surrogates: bytes that were not UTF-8, decoded)
            shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise InvalidArgumentError(
                f"{shown!r} holds bytes that are not UTF-8 text (Latin-1 from a terminal or "
                "a file?); write it as UTF-8 (a UTF-8 locale: LANG=C.UTF-8)"
            ) from None
    return text


def _cells(table: str, records: list[dict[str, Any]]) -> tuple[list[dict[str, str]], list[str]]:
    """Rows as CSV text keyed by CSV column; also the keys that are no column of the log."""
    aliases = {v: k for k, v in LOG_RENAMES[table].items()}
    out: list[dict[str, str]] = []
    odd: list[str] = []
    for record in records:
        row: dict[str, str] = {}
        for key, value in record.items():
            name = aliases.get(str(key), str(key))
            try:
                text = cell_text(value)
            except InvalidArgumentError as exc:
                raise InvalidArgumentError(f"{name}: {exc}") from None
            if name in row and row[name] != text:
                raise InvalidArgumentError(
                    f"a row gives {name!r} twice (as {name!r} and {LOG_RENAMES[table][name]!r})"
                )
            row[name] = text
            if name not in LOG_COLUMNS[table] and name not in odd:
                odd.append(name)
        out.append(row)
    return out, odd


def _as_given(
    p: Problem,
    table: str,
    records: list[dict[str, Any]],
    cells: list[dict[str, str]],
    lines: list[int],
) -> Problem:
    """The problem with the bad value as the caller gave it (30, not '30')."""
    i = lines.index(_line_number(p))
    if p.value != format_value(cells[i].get(p.column) or None):
        return p  # not the cell's value (a day's total, say)
    for key in (p.column, LOG_RENAMES[table].get(p.column)):
        if key is not None and key in records[i] and not isinstance(records[i][key], str):
            return dataclasses.replace(p, value=format_value(records[i][key]))
    return p


@dataclass
class _LogFile:
    """How an existing log (or none) is laid out: header, line ending, line count."""

    table: str
    filename: str
    old: bytes | None
    header: list[str]
    eol: str
    n_lines: int  # lines as the loader counts them, once a missing final line end is added
    needs_eol: bool

    @classmethod
    def parse(cls, old: bytes | None, table: str, filename: str) -> _LogFile:
        # Whether the file can be read at all is the loader's to say (check_log); this only
        # learns the layout to write in, so undecodable bytes are replaced, not refused.
        if old is None or not old.strip():
            return cls(table, filename, None, list(LOG_COLUMNS[table]), "\n", 1, False)
        text = old.decode("utf-8-sig", errors="replace")
        first = io.StringIO(text, newline="").readline()
        line = first.rstrip("\r\n")
        eol = first[len(line) :] or "\n"
        header = [h.strip() for h in next(csv.reader([line]), [])]
        needs_eol = not text.endswith(("\n", "\r"))
        return cls(table, filename, old, header, eol, count_lines(text), needs_eol)

    def with_columns(self, names: Sequence[str]) -> _LogFile:
        """The log with ``names`` added to its header and an empty cell for each to every row.

        Only the header line and the end of each row change; quoting, line ends, blank lines
        and the byte order mark stay as they are. Line numbers do not change.
        """
        extra = [name for name in names if name not in self.header]
        if not extra:
            return self
        header = [*self.header, *extra]
        if self.old is None:
            return dataclasses.replace(self, header=header)
        try:
            text = self.old.decode("utf-8-sig")
        except UnicodeDecodeError:
            return self  # the file cannot be read as it is: check_log says so, nothing is written
        # the reader's line_num counts the physical lines a row spans (quoted line breaks
        # included), the same lines readlines() gives: a row ends on line line_num
        lines = io.StringIO(text, newline="").readlines()
        reader = csv.reader(io.StringIO(text, newline=""))
        ends = []
        try:
            for record in reader:
                if any(cell.strip() for cell in record):
                    ends.append(reader.line_num - 1)
        except csv.Error:
            return self  # an unclosed quote: check_log reports it, nothing is written
        for i, end in enumerate(ends):
            body = lines[end].rstrip("\r\n")
            cells = "," + ",".join(extra) if i == 0 else "," * len(extra)
            lines[end] = body + cells + lines[end][len(body) :]
        bom = codecs.BOM_UTF8 if self.old.startswith(codecs.BOM_UTF8) else b""
        return dataclasses.replace(self, old=bom + "".join(lines).encode("utf-8"), header=header)

    def encode(self, cells: list[dict[str, str]]) -> tuple[list[int], bytes]:
        """Line numbers the rows will have, and their bytes (after the header if new)."""
        # csv quotes a value holding a character of the line terminator; with "\n" alone a
        # lone "\r" in a note would go unquoted and split the row: write with "\r\n", then
        # end each row as the file does.
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        lines, texts = [], []
        line = self.n_lines + 1
        for row in cells:
            buf.seek(0)
            buf.truncate()
            writer.writerow([row.get(h, "") for h in self.header])
            text = buf.getvalue()[:-2] + self.eol
            texts.append(text)
            lines.append(line)
            line += count_lines(text)
        return lines, "".join(texts).encode("utf-8")

    def with_rows(self, payload: bytes) -> bytes:
        if self.old is None:
            return (",".join(self.header) + self.eol).encode("utf-8") + payload
        return self.old + (self.eol.encode() if self.needs_eol else b"") + payload

    def column_problem(self, key: str, lines: list[int]) -> list[Problem]:
        if key in self.header:
            return []  # an extra column of the file: written like any other
        rule = f"not a column of {self.filename}; its columns are {', '.join(self.header)}"
        return [Problem(self.filename, f"line {lines[0]}", key, "", rule, "unknown_column")]

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
