"""Reading the raw files of a map folder: YAML safely, CSV with exact line numbers.

Nothing here interprets the content; it turns bytes into Python values and says plainly what
is wrong with a file that cannot be read at all (empty, binary, not UTF-8, YAML syntax,
wrong delimiter, missing header columns, ragged rows).
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careermap.errors import Problem, format_value
from careermap.io._yaml import parse_yaml


@dataclass
class FileResult:
    """What reading one file gave: a value (or None) and the problems found."""

    value: Any = None
    problems: list[Problem] = field(default_factory=list)


def _read_text(
    path: Path, shown: str, what: str, inside: Sequence[Path]
) -> tuple[str | None, list[Problem]]:
    data, problems = read_map_file(path, shown, inside=inside)
    if data is None:
        return None, problems
    return decode(data, shown, what)


MAX_FILE_BYTES = 256 * 2**20
"""The largest file careermap reads (256 MiB), checked before reading: a map's files and the
exports an import reads are far smaller; a cohort that size is stored as Parquet."""

_NOT_A_FILE = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class FileVersion:
    """Which version of a map file was read, to tell later whether it is still that one.

    ``path`` is the file read (where a link inside the map points); ``device``, ``inode``,
    ``size`` and ``mtime_ns`` change with any write to it, in place or by replacing it;
    ``mode`` is its permission bits; ``steady`` is False when the file changed while it was
    being read (another program writing it).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "reviews.csv"
    >>> _ = path.write_bytes(b"date\\n")
    >>> _, first, _ = read_map_file_version(path, "reviews.csv")
    >>> _ = path.write_bytes(b"date,note\\n")
    >>> _, second, _ = read_map_file_version(path, "reviews.csv")
    >>> first.same_file(first), first.same_file(second), second.size
    (True, False, 10)
    """

    path: Path
    device: int
    inode: int
    size: int
    mtime_ns: int
    mode: int
    steady: bool = True

    def same_file(self, other: FileVersion | None) -> bool:
        """Whether ``other`` is this version: same file, size and modification time."""
        return other is not None and (
            self.path,
            self.device,
            self.inode,
            self.size,
            self.mtime_ns,
        ) == (other.path, other.device, other.inode, other.size, other.mtime_ns)


def read_map_file(
    path: Path, shown: str, *, inside: Sequence[Path] = ()
) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file of a map, or None and why it is not read.

    Only a regular file is read, and only one inside the map: a link is followed only when
    it ends inside one of the folders ``inside`` (default: the file's own folder), and a
    named pipe, device or socket is refused without being opened for long (reading a pipe
    would wait forever, a device may never end). Nothing of a refused file's content is
    read, so no message can show it.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> os.mkfifo(folder / "time_log.csv")
    >>> data, (problem,) = read_map_file(folder / "time_log.csv", "time_log.csv")
    >>> print(problem)
    time_log.csv -> is a named pipe (FIFO), not a file; careermap reads only regular files
    """
    data, _, problems = read_map_file_version(path, shown, inside=inside)
    return data, problems


def read_given_file(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file named on the command line (an export to import, a rules file),
    or None and why it is not read: as :func:`read_map_file` (only a regular file, at most
    :data:`MAX_FILE_BYTES`, a pipe or device refused without waiting on it), but a link is
    followed wherever it points, since the user named the file.

    Examples
    --------
    >>> print(read_given_file(Path("/dev/zero"), "/dev/zero")[1][0])
    /dev/zero -> is a device, not a file; careermap reads only regular files
    """
    data, _, problems = read_map_file_version(path, shown, inside=None)
    return data, problems


def read_map_file_version(
    path: Path, shown: str, *, inside: Sequence[Path] | None = ()
) -> tuple[bytes | None, FileVersion | None, list[Problem]]:
    """:func:`read_map_file`, and which version of the file was read (:class:`FileVersion`).

    The same files are refused for the same reasons. The version comes from the descriptor
    the bytes were read from, so it is the version of those bytes: a writer (the store)
    compares it with the file just before replacing it, to never overwrite another
    program's change, and writes a link's target (``FileVersion.path``) in its place.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "time_log.csv"
    >>> _ = path.write_bytes(b"date,hours\\n")
    >>> data, version, problems = read_map_file_version(path, "time_log.csv")
    >>> data, version.size, version.steady, problems
    (b'date,hours\\n', 11, True, [])
    """
    roots = [Path(p) for p in inside or ()] or [path.parent]
    try:
        target = path.resolve()
        if inside is not None and not any(target.is_relative_to(r.resolve()) for r in roots):
            rule = (
                f"is a link to {target}, outside the map folder; careermap reads only files "
                "inside it: copy the file into the map folder instead"
            )
            return None, None, [Problem(shown, "", "", "", rule, "outside_map")]
        kind = _not_a_file(os.stat(path).st_mode)
        if kind is None:
            # (opened without waiting, then checked again: the file may have been swapped)
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
            with os.fdopen(fd, "rb") as fh:
                before = os.fstat(fd)
                kind = _not_a_file(before.st_mode)
                if kind is None and before.st_size > MAX_FILE_BYTES:
                    return None, None, [_too_large(shown, before.st_size)]
                if kind is None:
                    # (one byte past the size seen: a file growing meanwhile is not steady)
                    data = fh.read(before.st_size + 1)
                    after = os.fstat(fd)
                    steady = (before.st_size, before.st_mtime_ns) == (
                        after.st_size,
                        after.st_mtime_ns,
                    ) and len(data) == after.st_size
                    version = FileVersion(
                        target,
                        after.st_dev,
                        after.st_ino,
                        after.st_size,
                        after.st_mtime_ns,
                        stat.S_IMODE(after.st_mode),
                        steady,
                    )
                    return data, version, []
    except (OSError, RuntimeError) as exc:  # (RuntimeError: a loop of links)
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, None, [Problem(shown, "", "", "", f"cannot be read: {why}", "unreadable")]
    rule = f"is {kind}, not a file; careermap reads only regular files"
    return None, None, [Problem(shown, "", "", "", rule, "not_a_file")]


PARQUET_MAGIC = b"PAR1"


def parquet_problem(
    data_or_path: bytes | Path, shown: str, *, inside: Path | None = None
) -> Problem | None:
    """Why a file of a Parquet cohort is not one careermap hands to an engine, or None.

    A Parquet file starts and ends with ``PAR1``; anything else (a text file named
    ``people.parquet``, a file cut short) is refused before an engine reads it, since some
    engines abort the whole process on such a file. Given a path, it must also be a regular
    file inside ``inside`` (a link out of the cohort is refused, as in a map folder); only
    its first and last four bytes are read.

    Examples
    --------
    >>> print(parquet_problem(b"date,hours\\n", "people.parquet"))
    people.parquet -> is not a Parquet file (it does not start and end with PAR1): written by careermap convert, or cut short?
    """  # noqa: E501
    rule = (
        f"is not a Parquet file (it does not start and end with {PARQUET_MAGIC.decode()}): "
        "written by careermap convert, or cut short?"
    )
    if isinstance(data_or_path, bytes):
        data = data_or_path
        ok = len(data) >= 12 and data[:4] == PARQUET_MAGIC and data[-4:] == PARQUET_MAGIC
        return None if ok else Problem(shown, "", "", "", rule, "not_parquet")
    path = data_or_path
    try:
        target = path.resolve()
        root = (inside or path.parent).resolve()
        if not target.is_relative_to(root):
            why = (
                f"is a link to {target}, outside the cohort folder; careermap reads only "
                "files inside it"
            )
            return Problem(shown, "", "", "", why, "outside_map")
        kind = _not_a_file(os.stat(path).st_mode)
        if kind is not None:
            why = f"is {kind}, not a file; careermap reads only regular files"
            return Problem(shown, "", "", "", why, "not_a_file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            size = os.fstat(fd).st_size
            head = os.pread(fd, 4, 0)
            tail = os.pread(fd, 4, max(size - 4, 0))
        finally:
            os.close(fd)
    except (OSError, RuntimeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Problem(shown, "", "", "", f"cannot be read: {why}", "unreadable")
    ok = size >= 12 and head == PARQUET_MAGIC and tail == PARQUET_MAGIC
    return None if ok else Problem(shown, "", "", "", rule, "not_parquet")


def _too_large(shown: str, size: int) -> Problem:
    rule = (
        f"is {size:,} bytes; careermap reads files of at most {MAX_FILE_BYTES:,} bytes "
        "(a larger cohort belongs in Parquet: careermap convert)"
    )
    return Problem(shown, "", "", "", rule, "too_large")


def output_problem(path: Path, shown: str) -> Problem | None:
    """Why careermap must not write ``path`` (an ``--out`` file, a file of a map), or None.

    Only a regular file is replaced, or a new one created. A device, named pipe, socket or
    folder is refused (replacing it with a file would destroy it: ``--out /dev/sda``), and so
    is a link, which a replace would turn into a file of its own: give the file itself.

    Examples
    --------
    >>> print(output_problem(Path("/dev/null"), "--out /dev/null"))
    --out /dev/null -> is a device, not a file; careermap writes only regular files (a new file, or one to replace)
    >>> output_problem(Path("/no/such/file.csv"), "--out") is None
    True
    """  # noqa: E501
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Problem(shown, "", "", "", f"cannot be written: {exc.strerror}", "unwritable")
    if stat.S_ISLNK(mode):
        rule = (
            f"is a link (to {os.readlink(path)}); careermap writes only regular files: "
            "give the file itself"
        )
        return Problem(shown, "", "", "", rule, "link")
    kind = _not_a_file(mode)
    if kind is None:
        return None
    rule = (
        f"is {kind}, not a file; careermap writes only regular files (a new file, or one "
        "to replace)"
    )
    return Problem(shown, "", "", "", rule, "not_a_file")


def _not_a_file(mode: int) -> str | None:
    for test, kind in _NOT_A_FILE:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def decode(data: bytes, shown: str, what: str) -> tuple[str | None, list[Problem]]:
    """A file's bytes as text (UTF-8, with or without BOM), or the problem that stops it."""
    wide = _utf16_or_32(data)
    if wide:
        how = (
            "in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'"
            if what == "CSV"
            else "in your editor, choose the encoding UTF-8 when saving"
        )
        rule = (
            f"is {wide} text (what Excel calls 'Unicode Text'); careermap reads UTF-8: "
            f"save it again as UTF-8 ({how})"
        )
        return None, [Problem(shown, "", "", "", rule, "encoding")]
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                f"line {line}",
                "",
                "",
                f"holds a NUL character: a binary file, not {what} text",
                "binary_file",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                f"line {line}",
                "",
                format_value(data[exc.start : exc.start + 4]),
                "is not UTF-8 text; save the file as UTF-8 (in Excel: 'CSV UTF-8')",
                "encoding",
            )
        ]
    return text, []


def _utf16_or_32(data: bytes) -> str:
    """ "UTF-16" or "UTF-32" when the bytes look like it (a byte-order mark, or every other
    byte NUL as in ASCII text saved as UTF-16 without one), else ""."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[:4096]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        for side, other in ((0, 1), (1, 0)):  # big- or little-endian: NULs on one side
            nuls, text = head[side::2], head[other::2]
            if nuls.count(0) * 10 >= len(nuls) * 9 and text.count(0) * 10 <= len(text):
                return "UTF-16"
    return ""


def read_yaml(path: Path, shown: str, *, inside: Sequence[Path] = ()) -> FileResult:
    """Read a YAML file safely (see :mod:`careermap.io._yaml`); problems name the lines."""
    text, problems = _read_text(path, shown, "YAML", inside)
    if text is None:
        return FileResult(None, problems)
    if not text.strip():
        return FileResult(None, [Problem(shown, "", "", "", "is empty", "empty_file")])
    value, problems = parse_yaml(text, shown)
    return FileResult(value, problems)


def check_yaml(data: bytes, file: str) -> list[Problem]:
    """The problems that stop :func:`careermap.load` reading a YAML file's bytes: encoding,
    syntax, aliases that repeat too much, keys written twice. The store refuses to edit a
    file with any of them, in the loader's words.

    Examples
    --------
    >>> for problem in check_yaml(b"id: x\\ntitle: A\\nid: y\\n", "roles/x.yaml"):
    ...     print(problem.location, problem.code)
    id duplicate_key
    """
    text, problems = decode(data, file, "YAML")
    if text is None:
        return problems
    return parse_yaml(text, file)[1]


def count_lines(text: str) -> int:
    """The number of lines in ``text`` as the CSV reader counts them for line numbers.

    A line ends with ``\\n``, ``\\r\\n`` or a lone ``\\r`` (old Mac files), inside quotes too;
    an unterminated last line counts.

    Examples
    --------
    >>> count_lines("date,hours\\r\\n2025-01-07,1\\r\\n"), count_lines('a,"x\\ry"\\nb')
    (2, 3)
    """
    return sum(1 for _ in io.StringIO(text, newline=""))


@dataclass
class CsvTable:
    """A CSV file as strings: header, rows (stripped, "" -> None) and their line numbers, and
    the lines of blank rows (skipped).

    Or, from :func:`read_csv`, a plain file's rows still as text: ``body`` holds the lines
    after the header, each one row of ``width`` fields that read as written (see
    :func:`plain_body`), for the loader to read every person's rows of a log in one pass;
    ``rows`` and ``lines`` are empty then.
    """

    header: list[str]
    rows: list[list[str | None]]
    lines: list[int]
    blank: list[int] = field(default_factory=list)
    body: str | None = None
    width: int = 0
    count: int = 0  # rows in body


# Anything but printable ASCII and newlines: quotes, carriage returns, tabs, other spaces.
_NOT_PLAIN = re.compile("[^\\x20\\x21\\x23-\\x7e\\n]")
# Beyond ASCII (a second pattern: the ASCII one is ~30 % faster on the files most people
# write), a plain file may hold any character but those ``str.strip`` removes (Unicode
# whitespace: a field edged by one reads differently once stripped), C1 controls, line and
# paragraph separators and surrogates (tests/io/test_csv_reading.py derives the same set).
_NOT_PLAIN_WIDE = re.compile(
    "[^\\x20\\x21\\x23-\\x7e\\n\\xa1-\\u167f\\u1681-\\u1fff\\u200b-\\u2027\\u202a-\\u202e"
    "\\u2030-\\u205e\\u2060-\\u2fff\\u3001-\\ud7ff\\ue000-\\U0010ffff]"
)
_SPACED = (" ,", ", ", " \n", "\n ")  # a space next to a comma or at either end of a line


def plain_body(text: str) -> tuple[str, str, list[str]] | None:
    """``(header line, body, body lines)`` when every field of ``text`` reads as written.

    That is when the csv module would give each line as one row of its comma-separated
    fields, unstripped, and a blank row is an empty line: no quotes, no carriage returns, no
    tabs, control characters or other whitespace than the space (``str.strip`` would remove
    it; letters and signs of any script are plain), no space around a field, no field over
    the csv module's size limit. Any other text is read by :func:`parse_csv` alone.

    Examples
    --------
    >>> plain_body("date,hours\\n2025-01-07,1\\n")
    ('date,hours', '2025-01-07,1\\n', ['2025-01-07,1'])
    >>> plain_body('date,note\\n2025-01-07,"a, b"\\n') is None
    True
    >>> plain_body("date,note\\n2025-01-07,café\\n")[2]
    ['2025-01-07,café']
    >>> plain_body("date,note\\n2025-01-07,\\xa0x\\n") is None  # strip() removes \\xa0
    True
    """
    if (
        len(text) > csv.field_size_limit()
        or (_NOT_PLAIN if text.isascii() else _NOT_PLAIN_WIDE).search(text)
        or text.startswith(" ")
        or text.endswith(" ")
        or any(spaced in text for spaced in _SPACED)
    ):
        return None
    head, _, body = text.partition("\n")
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()
    return head, body, lines


_DELIMS = {";": "semicolons", "\t": "tabs", "|": "pipes"}


def read_csv(
    path: Path,
    shown: str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    *,
    inside: Sequence[Path] = (),
) -> FileResult:
    """Read a log CSV into a :class:`CsvTable`, or explain why it cannot be read.

    As :func:`parse_csv` reads the file's text; a plain file (:func:`plain_body`) with no
    blank or ragged row keeps its rows as text in ``CsvTable.body`` (the loader reads them
    with every other person's, see :func:`careermap.io._table.log_table`).

    ``required`` columns must be in the header unless listed in ``optional``; missing optional
    columns are added empty. Extra columns are kept. A row with a different number of fields
    than the header is a problem naming its line.
    """
    text, problems = _read_text(path, shown, "CSV", inside)
    if text is None:
        return FileResult(None, problems)
    plain = plain_body(text)
    if plain is not None:
        head, body, lines = plain
        width = head.count(",") + 1
        commas = set(map(str.count, lines, itertools.repeat(",")))
        if head and commas <= {width - 1} and "," * (width - 1) not in lines:
            # (no blank row, no ragged row: only the header can have a problem)
            read = parse_csv(head, shown, required, optional)
            if read.value is not None:
                read.value.body, read.value.width, read.value.count = body, width, len(lines)
            return read
    return parse_csv(text, shown, required, optional)


def parse_csv(
    text: str, shown: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> FileResult:
    """:func:`read_csv` of a file's text: the one reading of a log, for the loader and the store.

    ``FileResult.value`` is None when the file cannot be read at all (its header); a row that
    cannot be read is a problem naming its line, and a CSV error stops the reading there.
    """
    problems: list[Problem] = []
    if not text.strip():
        # An empty file loads as an empty log, but say so: a header line is expected.
        return FileResult(
            CsvTable(list(required), [], []),
            [
                Problem(
                    shown,
                    "",
                    "",
                    "",
                    f"is empty; it should start with the header line {','.join(required)}",
                    "empty_file",
                    "warning",
                )
            ],
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:  # a header cell over the size limit
        return FileResult(None, [_csv_error(shown, 1, exc)])
    missing = [c for c in required if c not in header and c not in optional]
    if missing:
        raw = ",".join(header)
        for delim, name in _DELIMS.items():
            if delim in raw and len(header) < len(required):
                rule = (
                    f"looks separated by {name}; careermap reads comma-separated files "
                    f"with the header {','.join(required)}"
                )
                return FileResult(
                    None, [Problem(shown, "line 1", "", format_value(raw), rule, "delimiter")]
                )
        if not set(header) & set(required):
            rule = f"has no header line; the first line must be {','.join(required)}"
            return FileResult(
                None, [Problem(shown, "line 1", "", format_value(raw), rule, "missing_header")]
            )
        rule = (
            f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)}; "
            f"the header needs {','.join(required)}"
        )
        return FileResult(
            None, [Problem(shown, "line 1", "", format_value(raw), rule, "missing_column")]
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        rule = f"the header repeats the column {', '.join(dupes)}; each column once"
        return FileResult(
            None, [Problem(shown, "line 1", "", format_value(",".join(header)), rule, "header")]
        )
    width = len(header)
    rows: list[list[str | None]] = []
    lines: list[int] = []
    blank: list[int] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            if not any(v.strip() for v in record):
                blank.append(line)
                line = reader.line_num + 1
                continue  # blank line (a spreadsheet writes an empty row as ",,,,,,")
            if len(record) != width:
                problems.append(
                    Problem(
                        shown,
                        f"line {line}",
                        "",
                        format_value(",".join(record)),
                        f"has {len(record)} fields, the header has {width}; "
                        f"quote values that contain commas{_decimal_comma_hint(record, width)}",
                        "ragged_row",
                    )
                )
            else:
                rows.append([(v.strip() or None) for v in record])
                lines.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(_csv_error(shown, line, exc))
    for col in optional:
        if col not in header:
            header.append(col)
            for r in rows:
                r.append(None)
    return FileResult(CsvTable(header, rows, lines, blank), problems)


def _decimal_comma_hint(record: list[str], width: int) -> str:
    """A hint when a row too long may hold a number with a decimal comma (2,5)."""
    if len(record) <= width:
        return ""
    for a, b in itertools.pairwise(record):
        a, b = a.strip(), b.strip()
        if a.lstrip("+-").isdigit() and b.isdigit():
            return f"; if {a},{b} is one number, write it with a decimal point: {a}.{b}"
    return ""


def _csv_error(shown: str, line: int, exc: csv.Error) -> Problem:
    """A CSV error (reading stops there); a cell over the csv module's size limit says so."""
    if "field larger than field limit" in str(exc):
        rule = (
            f"holds a value longer than {csv.field_size_limit():,} characters, the most a "
            "cell can hold; shorten it (the rest of the file is not read)"
        )
        return Problem(shown, f"line {line}", "", "", rule, "too_long")
    return Problem(shown, f"line {line}", "", "", f"bad CSV: {exc}", "csv")
