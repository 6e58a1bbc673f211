"""Reading the raw files of a map folder: YAML safely, CSV with exact line numbers.

Nothing here interprets the content; it turns bytes into Python values and says plainly what
is wrong with a file that cannot be read at all (empty, binary, not UTF-8, YAML syntax,
wrong delimiter, missing header columns, ragged rows).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from careermap.errors import Problem, format_value

try:  # libyaml is ~10x faster; the pure-Python loader is the same grammar
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels ship libyaml
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader (no Python objects) with YAML 1.2 booleans and dates left as text.

    YAML 1.1 reads ``on``, ``off``, ``yes``, ``no`` as booleans, which would turn the
    ``on:`` key of a reschedule into ``True``; only ``true``/``false`` are booleans here.
    Dates stay strings so that an impossible date (2025-02-30) is reported by the loader
    with its YAML path instead of failing the whole file.
    """


_DROPPED_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for key, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class FileResult:
    """What reading one file gave: a value (or None) and the problems found."""

    value: Any = None
    problems: list[Problem] = field(default_factory=list)


def _read_text(path: Path, shown: str, what: str) -> tuple[str | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, "", "", "", f"cannot be read: {exc.strerror}", "unreadable")]
    return decode(data, shown, what)


def decode(data: bytes, shown: str, what: str) -> tuple[str | None, list[Problem]]:
    """A file's bytes as text (UTF-8, with or without BOM), or the problem that stops it."""
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


def read_yaml(path: Path, shown: str) -> FileResult:
    """Read a YAML file safely; syntax errors name the line and column."""
    text, problems = _read_text(path, shown, "YAML")
    if text is None:
        return FileResult(None, problems)
    if not text.strip():
        return FileResult(None, [Problem(shown, "", "", "", "is empty", "empty_file")])
    try:
        value = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return FileResult(
            None, [Problem(shown, where, "", "", f"is not valid YAML: {what}", "yaml_syntax")]
        )
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return FileResult(None, [Problem(shown, "", "", "", f"is not valid YAML: {exc}", "yaml")])
    return FileResult(value, [])


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
    """A CSV file as strings: header, rows (stripped, "" -> None) and their line numbers."""

    header: list[str]
    rows: list[list[str | None]]
    lines: list[int]


_DELIMS = {";": "semicolons", "\t": "tabs", "|": "pipes"}


def read_csv(
    path: Path, shown: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> FileResult:
    """Read a log CSV into a :class:`CsvTable`, or explain why it cannot be read.

    ``required`` columns must be in the header unless listed in ``optional``; missing optional
    columns are added empty. Extra columns are kept. A row with a different number of fields
    than the header is a problem naming its line.
    """
    text, problems = _read_text(path, shown, "CSV")
    if text is None:
        return FileResult(None, problems)
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
    line = reader.line_num + 1
    try:
        for record in reader:
            if not record or (len(record) == 1 and not record[0].strip()):
                line = reader.line_num + 1
                continue  # blank line
            if len(record) != width:
                problems.append(
                    Problem(
                        shown,
                        f"line {line}",
                        "",
                        format_value(",".join(record)),
                        f"has {len(record)} fields, the header has {width}; "
                        "quote values that contain commas",
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
    return FileResult(CsvTable(header, rows, lines), problems)


def _csv_error(shown: str, line: int, exc: csv.Error) -> Problem:
    """A CSV error (reading stops there); a cell over the csv module's size limit says so."""
    if "field larger than field limit" in str(exc):
        rule = (
            f"holds a value longer than {csv.field_size_limit():,} characters, the most a "
            "cell can hold; shorten it (the rest of the file is not read)"
        )
        return Problem(shown, f"line {line}", "", "", rule, "too_long")
    return Problem(shown, f"line {line}", "", "", f"bad CSV: {exc}", "csv")
