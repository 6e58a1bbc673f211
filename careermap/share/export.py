"""The cohort's KPI table as a spreadsheet (CSV or XLSX), safe to open in Excel or Sheets.

One table serves the coach's dashboard, its download buttons and ``careermap export``:
:func:`kpi_table` turns a :func:`careermap.metrics.cohort_summary` into columns a coach reads
(progress in %, hours per week, days since the last log, the reasons in words), people under
their stable pseudonym unless ``names=True`` (through :func:`careermap.share.privacy.share_frame`),
and coach notes only when they are passed in.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as
a formula by spreadsheet programs (CSV injection); :func:`neutralise` prefixes such text with a
single quote, as the OWASP guidance recommends. Both writers call it, cell by cell, on text
only: numbers stay numbers.

Examples
--------
>>> import careermap
>>> from careermap.metrics import cohort_summary
>>> from careermap.share.export import kpi_table
>>> table = kpi_table(cohort_summary(careermap.load(careermap.cohort_path()), as_of="2026-11-15"))
>>> list(table.columns[:4])
['person', 'group', 'needs attention', 'reasons']
>>> int(table.loc[table["person"] == "Hazel Yak a1", "days since last log"].item())
75
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from careermap._args import check_columns
from careermap.errors import InvalidArgumentError
from careermap.share.privacy import share_frame

__all__ = [
    "EXPORT_FORMATS",
    "FORMULA_STARTS",
    "KPI_COLUMNS",
    "kpi_table",
    "neutralise",
    "table_bytes",
    "write_table",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection")."""

EXPORT_FORMATS = ("csv", "xlsx")

# summary column -> (heading, how the value is shown); the order is the table's
KPI_COLUMNS: dict[str, str] = {
    "progress_pct": "progress %",
    "hours_per_week_4w": "hours per week (last 4 weeks)",
    "weekly_hours": "planned hours per week",
    "days_since_last_log": "days since last log",
    "overdue_milestones": "overdue milestones",
    "on_time_rate": "on-time %",
    "last_review_score": "last review (1-5)",
    "gap_now": "skill gap (weighted)",
    "gap_coverage": "skill gap: % of the role's requirements assessed",
    "projected_finish": "projected finish",
}
"""The KPI columns of :func:`kpi_table`: the summary's column and the heading it gets."""


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, made plain text; anything else unchanged.

    Parameters
    ----------
    value : Any
        A cell. Only ``str`` is changed: each line of it (a cell may hold line breaks, and
        some programs split them into rows) that starts with a tab or a carriage return, or
        whose first character after any spaces is ``=``, ``+``, ``-`` or ``@`` (also their
        full-width and small forms, ``＝``, which spreadsheets read the same) gets a leading
        single quote.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("-2 overdue"), neutralise("Rustic Lark 94"), neutralise(-2.5)
    ("'-2 overdue", 'Rustic Lark 94', -2.5)
    >>> neutralise(" =1+1"), neutralise("＝1+1"), neutralise("ok\\n@SUM(A1)")
    ("' =1+1", "'＝1+1", "ok\\n'@SUM(A1)")
    """
    if not isinstance(value, str):
        return value
    lines = value.split("\n")
    out = ["'" + line if _runs_as_formula(line) else line for line in lines]
    return "\n".join(out)


def _runs_as_formula(line: str) -> bool:
    if line.startswith(("\t", "\r")):
        return True
    text = line.lstrip()
    return bool(text) and unicodedata.normalize("NFKC", text[0]) in ("=", "+", "-", "@")


def kpi_table(
    data: pd.DataFrame,
    *,
    names: bool = False,
    notes: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The cohort's KPIs as a coach reads them: one row per person, most reasons first.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`careermap.metrics.cohort_summary` (or :func:`careermap.metrics.reflag`) output.
    names : bool, default False
        A ``name`` column with real names; by default ``person`` holds the pseudonym.
    notes : mapping of person id to text, optional
        Coach notes to add as a last ``coach note`` column (left out when None).

    Returns
    -------
    pandas.DataFrame
        ``person`` (or ``name``), ``person id`` (with names only), ``group``,
        ``needs attention`` ("yes"/"no"), ``reasons`` (joined with "; "), then the
        :data:`KPI_COLUMNS` in their units: percentages 0-100 rounded to 1 decimal, hours to
        2 decimals, days and counts as integers (empty when unknown), dates as YYYY-MM-DD.
        ``data`` is not changed.

    Examples
    --------
    >>> import careermap
    >>> from careermap.metrics import cohort_summary
    >>> s = cohort_summary(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> t = kpi_table(s, names=True)
    >>> t.iloc[0][["name", "reasons"]].tolist()[0]
    'Fatima Kim'
    >>> int((t["needs attention"] == "yes").sum()) == int(s["needs_attention"].sum())
    True
    """
    check_columns(data, ["person_id", "needs_attention", "reasons", *KPI_COLUMNS], "kpi_table")
    shared = share_frame(data, names=names)
    who = "name" if names else "person"
    label = (
        shared["name"].astype("object").where(shared["name"].notna(), shared["person_id"])
        if "name" in shared.columns
        else share_frame(data[["person_id"]].assign(name=""))["name"]
    )
    out = pd.DataFrame({who: label.astype("str").to_numpy()}, index=data.index)
    if names:
        out["person id"] = data["person_id"].astype("str")
    group = data["group"] if "group" in data.columns else pd.Series(pd.NA, index=data.index)
    out["group"] = group.astype("object").where(group.notna(), "")
    out["needs attention"] = data["needs_attention"].map({True: "yes", False: "no"})
    out["reasons"] = data["reasons"].map(lambda rs: "; ".join(str(r) for r in rs))
    for column, heading in KPI_COLUMNS.items():
        out[heading] = _shown(data[column], column)
    if notes is not None:
        out["coach note"] = data["person_id"].map(lambda p: notes.get(p, "")).astype("str")
    order = (
        pd.DataFrame(
            {
                "n": -data["reasons"].map(len),
                "days": -data["days_since_last_log"].astype("float64").fillna(1e9),
                "who": out[who],
            }
        )
        .sort_values(["n", "days", "who"], kind="stable")
        .index
    )
    return out.loc[order].reset_index(drop=True)


def _shown(values: pd.Series, column: str) -> pd.Series:
    if column == "projected_finish":
        dates = pd.to_datetime(values)
        return dates.dt.strftime("%Y-%m-%d").astype("object").where(dates.notna(), "")
    if column in ("days_since_last_log", "overdue_milestones"):
        return values.astype("Int64")
    numbers = values.astype("float64")
    if column in ("on_time_rate", "gap_coverage"):
        numbers = numbers * 100
    decimals = 2 if column in ("hours_per_week_4w", "gap_now", "weekly_hours") else 1
    return numbers.round(decimals)


def _cells(table: pd.DataFrame) -> list[list[Any]]:
    """Rows of plain Python cells: text neutralised, missing values empty, numbers as numbers."""
    rows = []
    for record in table.itertuples(index=False, name=None):
        row = []
        for value in record:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                row.append(None)
            elif isinstance(value, str):
                row.append(neutralise(value))
            elif hasattr(value, "item"):  # numpy / pandas scalars
                row.append(value.item())
            else:
                row.append(value)
        rows.append(row)
    return rows


def table_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    """A table as a file's bytes: ``"csv"`` (UTF-8 with a BOM, for Excel) or ``"xlsx"``.

    Text cells go through :func:`neutralise` in both formats; the headings too.

    Examples
    --------
    >>> import pandas as pd
    >>> table_bytes(pd.DataFrame({"group": ["=1+1"], "hours": [2.5]}), "csv")
    b"\\xef\\xbb\\xbfgroup,hours\\r\\n'=1+1,2.5\\r\\n"
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidArgumentError(f"format must be one of csv, xlsx; got {fmt!r}")
    header = [neutralise(str(c)) for c in table.columns]
    rows = _cells(table)
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "KPIs"
    sheet.append([_xlsx_text(v) for v in header])
    for row in rows:
        sheet.append([_xlsx_text(v) for v in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_text(value: Any) -> Any:
    """A cell XLSX can hold: control characters (which the format cannot store) as U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def write_table(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``table`` to ``path``; the format comes from its suffix (``.csv`` or ``.xlsx``).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> out = write_table(pd.DataFrame({"a": [1]}), tempfile.mkdtemp() + "/kpis.xlsx")
    >>> out.suffix
    '.xlsx'
    """
    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise InvalidArgumentError(
            f"cannot write {out}: the file name must end in .csv or .xlsx; got {out.suffix!r}"
        )
    if not out.parent.is_dir():
        raise InvalidArgumentError(f"cannot write {out}: the folder {out.parent} does not exist")
    from careermap.store import atomic_write

    # (the store's atomic write: only a regular file is replaced, no .tmp left on a failure)
    atomic_write(out, table_bytes(table, fmt))
    return out
