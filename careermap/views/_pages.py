"""One page of a table of people: searched, sorted and cut on the kernel's side.

A table of 1,000 people is never sent to a page whole: the page shows ``size`` rows, and the
search, the sort and the page number are applied here, the same way for every view that lists
people (the coach's dashboard's tables, and any notebook).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from careermap import _format
from careermap.errors import InvalidArgumentError

__all__ = ["PeoplePage", "people_page"]


@dataclass(frozen=True)
class PeoplePage:
    """What one page of a table of people shows. Build it with :func:`people_page`.

    Attributes
    ----------
    rows : pandas.DataFrame
        The rows on this page, in the order asked for.
    page, pages : int
        This page's number (from 1) and how many pages the matching rows fill (at least 1).
    matching, total : int
        Rows that match the search, and rows in the whole table.
    size : int
        Rows per page.
    """

    rows: pd.DataFrame = field(repr=False)
    page: int
    pages: int
    matching: int
    total: int
    size: int

    @property
    def text(self) -> str:
        """``"21-40 of 512 people (search matched 512 of 1,000)"``, or what is empty."""
        if self.matching == 0:
            return "No one matches" + ("" if self.total == 0 else f" (of {self.total:,})")
        first = (self.page - 1) * self.size + 1
        last = first + len(self.rows) - 1
        said = f"{first:,}-{last:,} of {_format.count(self.matching, 'person')}"
        if self.matching != self.total:
            said += f" (search matched {self.matching:,} of {self.total:,})"
        return said + f", page {self.page} of {self.pages}"


def people_page(
    table: pd.DataFrame,
    *,
    search: str = "",
    search_in: Sequence[str] | None = None,
    sort_by: str | None = None,
    descending: bool = False,
    page: int = 1,
    size: int = 25,
) -> PeoplePage:
    """One page of ``table``: rows matching ``search``, sorted by ``sort_by``.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per person (e.g. :func:`careermap.share.export.kpi_table`).
    search : str
        Keep the rows where any ``search_in`` column contains it (case-insensitive, spaces
        around it ignored); empty keeps every row.
    search_in : sequence of str, optional
        The columns searched (default: every text column).
    sort_by : str, optional
        A column of ``table``; missing values last whichever the direction; ties keep the
        table's order. ``None`` keeps the table's order.
    descending : bool, default False
    page : int, default 1
        Clipped to the pages there are (a page past the end shows the last one).
    size : int, default 25
        Rows per page (>= 1).

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.views import people_page
    >>> days = [5, 1, None, 9, 2, 7, 3]
    >>> t = pd.DataFrame({"person": [f"p{i}" for i in range(1, 8)], "days": days})
    >>> p = people_page(t, sort_by="days", descending=True, page=2, size=3)
    >>> p.rows["person"].tolist(), p.text
    (['p7', 'p5', 'p2'], '4-6 of 7 people, page 2 of 3')
    >>> people_page(t, search="P1").rows["person"].tolist()
    ['p1']
    """
    if size < 1:
        raise InvalidArgumentError(f"people_page(size=...) must be at least 1; got {size}")
    if sort_by is not None and sort_by not in table.columns:
        raise InvalidArgumentError(
            f"people_page cannot sort by {sort_by!r}; the table's columns are "
            + ", ".join(map(repr, table.columns))
        )
    rows = table
    text = search.strip().casefold()
    if text:
        columns = list(search_in) if search_in is not None else [
            c for c in table.columns
            if pd.api.types.is_string_dtype(table[c]) or table[c].dtype == object
        ]  # fmt: skip
        hit = pd.Series(False, index=table.index)
        for column in columns:
            values = table[column].astype("str").str.casefold()
            hit |= values.str.contains(text, regex=False) & table[column].notna()
        rows = table.loc[hit]
    if sort_by is not None:
        rows = rows.sort_values(
            sort_by, ascending=not descending, na_position="last", kind="stable"
        )
    matching = len(rows)
    pages = max(1, math.ceil(matching / size))
    page = min(max(1, int(page)), pages)
    start = (page - 1) * size
    return PeoplePage(
        rows=rows.iloc[start : start + size].reset_index(drop=True),
        page=page,
        pages=pages,
        matching=matching,
        total=len(table),
        size=size,
    )
