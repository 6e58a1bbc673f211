"""The careermap exception hierarchy.

Every error careermap raises on purpose is a :class:`CareermapError`. Errors about what a
person wrote carry :class:`Problem` records that name the file, the location (CSV line or
YAML path), the column or key, the bad value and the rule, so a report can list them all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pandas is imported where a frame is made: the CLI's start needs none
    import pandas as pd

__all__ = [
    "CareermapError",
    "ConcurrentEditError",
    "EntryRejectedError",
    "ImportRejectedError",
    "InvalidArgumentError",
    "MapValidationError",
    "Problem",
    "StoreConflictError",
    "UnknownOccupationError",
    "UnknownSkillError",
]

Severity = Literal["error", "warning"]


class CareermapError(Exception):
    """Base class of every error careermap raises on purpose."""


class InvalidArgumentError(CareermapError, ValueError):
    """A function was called with an argument outside what it accepts."""


class UnknownOccupationError(CareermapError, KeyError):
    """An O*NET-SOC code or role id that the reference data does not know."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class UnknownSkillError(CareermapError, KeyError):
    """A skill name or id that is neither an O*NET element nor a custom skill."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class StoreConflictError(CareermapError):
    """A write to a map folder could not be done safely (lock, concurrent change)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a person's map.

    Attributes
    ----------
    file : path of the file: the path that was loaded joined with the file's place in it
    location : ``"line 12"`` for CSV rows, a YAML path naming the entry's id such as
        ``"goals[0].milestones[2] (M3).done"``, ``"lines 52-90"`` for a count of problems
        not listed one by one
    column : the CSV column or YAML key concerned ("" when the whole row or file is concerned)
    value : the offending value as written (``repr``-like text)
    rule : what is accepted, in plain words
    code : a short machine-readable reason code, e.g. ``"unknown_reference"``
    severity : ``"error"`` (the map does not load) or ``"warning"`` (loads, worth knowing)
    person_id : the person whose map it is, when known
    """

    file: str
    location: str
    column: str
    value: str
    rule: str
    code: str = "invalid"
    severity: Severity = "error"
    person_id: str = ""

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.location:
            where += f", {self.location}"
        if self.column and not self.location.endswith(self.column):
            where += f", {self.column!s}"
        value = f": {self.value}" if self.value != "" else ""
        return f"{where}{value} -> {self.rule}"


def format_value(value: Any, limit: int = 60) -> str:
    """Render a bad value for a message: quoted strings, short, never multi-line."""
    if value is None:
        return "(empty)"
    if isinstance(value, bool):  # as YAML writes it
        return str(value).lower()
    import pandas as pd

    try:
        if pd.isna(value):
            return "(empty)"
    except (TypeError, ValueError):
        pass
    text = repr(value) if isinstance(value, str) else str(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class MapValidationError(CareermapError):
    """A map (or cohort of maps) has problems; ``problems`` lists every one of them."""

    problems: Sequence[Problem] = field(default_factory=list)
    warnings: Sequence[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.report())

    def __str__(self) -> str:
        return self.report()

    def report(self, *, limit: int | None = 200) -> str:
        """All problems as text, grouped by file, errors first."""
        return format_report(self.problems, self.warnings, limit=limit)

    def to_frame(self) -> pd.DataFrame:
        """The problems (and warnings) as a tidy frame, one row per problem."""
        return problems_frame([*self.problems, *self.warnings])

    def to_json(self) -> str:
        return json.dumps(
            {
                "errors": [asdict(p) for p in self.problems],
                "warnings": [asdict(p) for p in self.warnings],
            },
            indent=2,
            ensure_ascii=False,
        )


class EntryRejectedError(CareermapError):
    """What someone entered was not written because it is invalid; ``problems`` says why.

    Raised by :mod:`careermap.store`. Each :class:`Problem` names the file (relative to the
    map folder), the line the row would have had (or the YAML path), the column, the value and
    the rule; ``what`` says what was not written.

    Examples
    --------
    >>> err = EntryRejectedError(
    ...     [Problem("reviews.csv", "line 16", "satisfaction", "9", "a whole number from 1 to 5")],
    ...     "reviews.csv: the new row was not written",
    ... )
    >>> print(err)
    reviews.csv: the new row was not written:
    1 problem in 1 file:
      reviews.csv
        line 16, satisfaction: 9 -> a whole number from 1 to 5
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


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a frame with the :class:`Problem` fields as columns."""
    import pandas as pd

    cols = ["person_id", "severity", "file", "location", "column", "value", "rule", "code"]
    rows = [asdict(p) for p in problems]
    return pd.DataFrame(rows, columns=cols).astype("string")


def format_report(
    problems: Sequence[Problem], warnings: Sequence[Problem] = (), *, limit: int | None = 200
) -> str:
    """Human-readable multi-line report of problems, grouped by file."""
    lines: list[str] = []
    if problems:
        n_files = len({p.file for p in problems})
        lines.append(
            f"{len(problems)} problem{'s' * (len(problems) != 1)} in "
            f"{n_files} file{'s' * (n_files != 1)}:"
        )
        lines.extend(_grouped(problems, limit))
    if warnings:
        lines.append(f"{len(warnings)} warning{'s' * (len(warnings) != 1)}:")
        lines.extend(_grouped(warnings, limit))
    return "\n".join(lines) if lines else "no problems"


_LINE = re.compile(r"lines? (\d+)")


def _line_of(location: str) -> float:
    """The line a problem is on (``"line 12"``, ``"lines 52-90"``), inf for a YAML path."""
    found = _LINE.match(location)
    return float(found.group(1)) if found else float("inf")


def _grouped(problems: Sequence[Problem], limit: int | None) -> list[str]:
    lines: list[str] = []
    current = None
    # one heading per file, files in the order first seen; in a file, problems by line (a
    # count "lines 52-90" at its first line), then those located by YAML path in their order
    order = {f: i for i, f in reversed(list(enumerate(p.file for p in problems)))}
    ordered = sorted(problems, key=lambda p: (order[p.file], _line_of(p.location)))
    shown = ordered if limit is None else ordered[:limit]
    for p in shown:
        if p.file != current:
            current = p.file
            lines.append(f"  {p.file}")
        loc = p.location
        if p.column and not p.location.endswith(p.column):
            loc = f"{loc}, {p.column}" if loc else p.column
        value = f" {p.value}" if p.value != "" else ""
        lines.append(
            f"    {loc}:{value} -> {p.rule}" if loc else f"    {value.strip()} -> {p.rule}"
        )
    if limit is not None and len(problems) > limit:
        lines.append(f"  ... and {len(problems) - limit} more (use --format json for all)")
    return lines


class ConcurrentEditError(EntryRejectedError, StoreConflictError):
    """A file of the map was being changed by another program, so the store wrote nothing.

    Raised by :mod:`careermap.store` when the file ends in the middle of a row (a save cut
    short, or one still going on), changed while it was read, or changed between the read
    and the write (an editor saving it in place). The file is left exactly as the other
    program left it; what the store would have written is kept in ``saved_to`` (a file in
    ``.careermap/rejected/``, named in the message), so neither is lost. Both an
    :class:`EntryRejectedError` (``problems`` say what was found) and a
    :class:`StoreConflictError` (trying again later may work).

    Examples
    --------
    >>> err = ConcurrentEditError(
    ...     [Problem("time_log.csv", "line 9", "", "'2025-01-0'", "ends in the middle of a row")],
    ...     "time_log.csv: the new row was not written",
    ...     saved_to=".careermap/rejected/20261130T051500Z-time_log.csv",
    ... )
    >>> print(err.report().splitlines()[-1])
        line 9: '2025-01-0' -> ends in the middle of a row
    >>> isinstance(err, StoreConflictError)
    True
    """

    def __init__(
        self, problems: Sequence[Problem], what: str = "nothing was written", *, saved_to: Any
    ) -> None:
        self.saved_to = saved_to
        super().__init__(problems, what)


class ImportRejectedError(EntryRejectedError):
    """Time exports (or the rules that map them) were not imported; ``problems`` says why.

    Raised by :mod:`careermap.timeimport`. Each :class:`Problem` names the export or rules
    file, the line (or YAML path), the column or key, the value as written and what is
    accepted. Nothing was written to the map. An :class:`EntryRejectedError`, so whatever
    shows a refused entry shows a refused import the same way.

    Examples
    --------
    >>> err = ImportRejectedError(
    ...     [Problem("toggl.csv", "line 4", "Duration", "'1h30'", "a duration like 01:30:00")]
    ... )
    >>> print(err)
    nothing was imported:
    1 problem in 1 file:
      toggl.csv
        line 4, Duration: '1h30' -> a duration like 01:30:00
    """

    def __init__(self, problems: Sequence[Problem], what: str = "nothing was imported") -> None:
        super().__init__(problems, what)
