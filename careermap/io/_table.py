"""A raw table of one frame, with where each row came from, so any rule can name the file,
the CSV line or YAML path, and the column of a bad value.

Both the loader (a whole cohort) and the store (the rows it is about to add) build these, so
a problem is located and worded the same way whoever finds it.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import ChainMap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from careermap._vocab import LOG_FILES, LOG_RENAMES
from careermap.errors import Problem, format_value
from careermap.io._files import CsvTable
from careermap.io._roadmap import YAML_KEYS, Rows
from careermap.model import FRAME_NAMES
from careermap.schemas import FRAME_COLUMNS, LOG_COLUMNS

# Frames flattened from roadmap.yaml and roles/*.yaml, in the order they are validated;
# custom_roles is no frame of the map (the loader folds it into target_roles).
YAML_FRAMES = (*(name for name in FRAME_NAMES if name not in LOG_FILES), "custom_roles")

MAX_PER_RULE = 50
"""Problems listed one by one per file, column and rule; the rest of them are counted in one
problem (``... and 12,345 more``), so that a huge broken file is reported in bounded time and
memory. (The command line shows 200 problems in all by default.)"""

# Frame columns and their order (extra CSV columns follow these): the schemas' (one source,
# read on first use), and the custom roles, which are no frame of the map and have no schema.
COLUMNS: ChainMap[str, Sequence[str]] = ChainMap(
    {"custom_roles": ("person_id", "role_id", "title", "based_on")}, FRAME_COLUMNS
)


@dataclass
class Table:
    """A raw frame (positional index) plus where each row came from."""

    name: str
    frame: pd.DataFrame
    files: np.ndarray
    wheres: np.ndarray  # YAML path of the item, or the CSV line number
    kind: Literal["yaml", "csv"]
    # Rows listed one by one per file and rule (None: all); the store's check of the rows it
    # adds lists them all, since they are few and each must be reported.
    listed: int | None = MAX_PER_RULE

    def location(self, i: int, column: str) -> tuple[str, str, str]:
        """(file, location, key) of a cell, in the words of the file."""
        file = str(self.files[i])
        if self.kind == "csv":
            key = {v: k for k, v in LOG_RENAMES[self.name].items()}.get(column, column)
            return file, f"line {self.wheres[i]}", key
        where = str(self.wheres[i])
        if self.name == "target_roles" and column == "role_id":
            key = str(self.frame.at[i, "kind"])
        else:
            key = YAML_KEYS.get(self.name, {}).get(column, column)
        if self.name == "self_assessment" and column == "date":  # the entry's date
            return file, where.rsplit(".", 1)[0] + ".date", "date"
        if self.name in ("milestone_skills", "dependencies", "self_assessment"):
            return file, where, ""  # the row is one list item
        return file, f"{where}.{key}" if where else key, key.rsplit(".", 1)[-1]

    def problem(
        self,
        i: int,
        column: str,
        rule: str,
        code: str,
        *,
        value: Any = None,
        severity: Literal["error", "warning"] = "error",
    ) -> Problem:
        file, loc, key = self.location(i, column)
        if value is None and column in self.frame.columns:
            value = self.frame.at[i, column]
        pid = self.frame.at[i, "person_id"] if "person_id" in self.frame.columns else ""
        return Problem(file, loc, key, format_value(value), rule, code, severity, str(pid or ""))

    def report(
        self,
        rows: Sequence[int] | np.ndarray,
        column: str,
        code: str,
        rule: str | Callable[[int], str],
        *,
        general: str | None = None,
        value: Callable[[int], Any] | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> list[Problem]:
        """Problems of ``rows`` (positions) that break one rule in one column.

        Each file gets the first ``listed`` (:data:`MAX_PER_RULE`) of its rows as problems,
        then one problem counting the others. A rule that depends on the row (a hint, say) is a
        function of the position, called for the listed rows only; ``general`` is the rule as
        the count says it (default: ``rule`` when it is text). ``value`` gives the value shown
        for a row (default: the cell's).
        """
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return []
        rule_of = rule if callable(rule) else (lambda _i: rule)
        listed, more = _listed_rows(self.files[rows], rows, self.listed)
        problems = [
            self.problem(
                int(i),
                column,
                rule_of(int(i)),
                code,
                value=None if value is None else value(int(i)),
                severity=severity,
            )
            for i in listed
        ]
        for extra in more:
            file, _, key = self.location(int(extra[0]), column)
            where = ""
            if self.kind == "csv":
                where = f"lines {self.wheres[extra[0]]}-{self.wheres[extra[-1]]}"
            said = general if general is not None else (rule if isinstance(rule, str) else "")
            pid = self.frame.at[int(extra[0]), "person_id"] if "person_id" in self.frame else ""
            problems.append(
                Problem(
                    file,
                    where,
                    key,
                    "",
                    f"... and {len(extra):,} more like this, not listed one by one"
                    + (f": {said}" if said else ""),
                    code,
                    severity,
                    str(pid or ""),
                )
            )
        return problems

    def take(self, rows: Sequence[int] | np.ndarray) -> Table:
        """The table of some rows (positions), renumbered from 0 as every table is."""
        rows = np.asarray(rows, dtype=np.int64)
        frame = self.frame.iloc[rows].reset_index(drop=True)
        return Table(self.name, frame, self.files[rows], self.wheres[rows], self.kind, self.listed)


def _listed_rows(
    files: np.ndarray, rows: np.ndarray, most: int | None
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The rows listed one by one (the first ``most`` of each file) and, per file with more,
    the rows only counted."""
    if most is None or len(rows) <= most:  # (the usual case: no file can have more)
        return rows, []
    order = np.argsort(rows, kind="stable")
    rows, files = rows[order], files[order]
    nth = pd.Series(files).groupby(files, sort=False).cumcount().to_numpy()
    over = nth >= most
    counted = pd.Series(rows[over]).groupby(files[over], sort=False)
    return rows[~over], [group.to_numpy() for _, group in counted]


def yaml_table(name: str, rows: Rows) -> Table:
    """The raw table of one frame flattened from YAML documents."""
    frame = (
        pd.DataFrame.from_records(rows.records, columns=COLUMNS[name])
        if rows.records
        else pd.DataFrame(columns=COLUMNS[name])
    )
    return Table(
        name,
        frame.astype(object),
        np.array(rows.files, dtype=object),
        np.array(rows.wheres, dtype=object),
        "yaml",
    )


def log_table(name: str, parts: Sequence[tuple[str, str, CsvTable]]) -> Table:
    """The raw table of one log from the files read: ``(person_id, shown file, CsvTable)``.

    Files with the same header make one frame; the plain files among them (rows kept as
    text, see :func:`careermap.io._files.read_csv`) are read in one pass of pandas' C reader
    for all people, their rows numbered from line 2 of each file.
    """
    frames, files, lines = [], [], []
    # Group files with the same header so each distinct layout becomes one frame.
    by_header: dict[tuple[str, ...], list[tuple[str, str, CsvTable]]] = {}
    for pid, shown, t in parts:
        by_header.setdefault(tuple(t.header), []).append((pid, shown, t))
    for header, group in by_header.items():
        counts = [t.count if t.body is not None else len(t.rows) for _, _, t in group]
        frames.append(_header_frame(list(header), group))
        pids = np.array([pid for pid, _, _ in group], dtype=object)
        frames[-1].insert(
            0, "person_id", pd.Series(np.repeat(pids, counts), index=frames[-1].index, dtype=object)
        )
        files.append(np.repeat(np.array([s for _, s, _ in group], dtype=object), counts))
        lines.append(
            np.concatenate(
                [
                    np.arange(2, t.count + 2, dtype=np.int64)
                    if t.body is not None
                    else np.asarray(t.lines, dtype=np.int64)
                    for _, _, t in group
                ]
            )
        )
    frame = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["person_id", *LOG_COLUMNS[name]], dtype=object)
    )
    frame = frame.rename(columns=LOG_RENAMES[name])
    if "skill_id" in COLUMNS[name] and "skill_id" not in frame.columns:
        frame["skill_id"] = None
    ordered = [col for col in COLUMNS[name] if col in frame.columns]
    frame = frame[ordered + [col for col in frame.columns if col not in ordered]]
    return Table(
        name,
        frame.astype(object),
        np.concatenate(files) if files else np.array([], dtype=object),
        np.concatenate(lines) if lines else np.array([], dtype=np.int64),
        "csv",
    )


def _header_frame(header: list[str], group: list[tuple[str, str, CsvTable]]) -> pd.DataFrame:
    """The rows of files with one header, in the order of the files: each run of plain files
    read in one pass, each run of the others from their rows."""
    pieces: list[pd.DataFrame] = []
    for plain, run in itertools.groupby((t for _, _, t in group), key=lambda t: t.body is not None):
        if plain:
            pieces.append(_read_bodies(header, list(run)))
        else:
            records = [r for t in run for r in t.rows]
            pieces.append(pd.DataFrame(records, columns=header, dtype=object))
    if len(pieces) == 1:
        return pieces[0]
    return pd.concat(pieces, ignore_index=True)


def _read_bodies(header: list[str], tables: list[CsvTable]) -> pd.DataFrame:
    """The rows of plain files as strings, "" as None (as :func:`parse_csv` gives them), with
    the optional columns a file lacks (past its ``width``) empty."""
    width = tables[0].width
    text = "".join(t.body if t.body.endswith("\n") or not t.body else t.body + "\n" for t in tables)
    n = sum(t.count for t in tables)
    if n:
        read = pd.read_csv(
            io.StringIO(text),
            header=None,
            names=list(range(width)),
            dtype=object,
            na_filter=False,
            quoting=csv.QUOTE_NONE,
            skip_blank_lines=False,
            engine="c",
        )
        assert len(read) == n, (len(read), n)
        columns = [read[i].to_numpy(dtype=object, copy=True) for i in range(width)]
    else:
        columns = [np.empty(0, dtype=object) for _ in range(width)]
    data = {}
    for col, values in zip(header, columns, strict=False):
        values[values == ""] = None
        data[col] = values
    for col in header[width:]:
        data[col] = np.full(n, None, dtype=object)
    return pd.DataFrame(data, columns=header, dtype=object, copy=False)
