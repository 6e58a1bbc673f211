"""A table of people that stays light at 1,000 rows: searched, sorted and paged in the kernel.

Only the visible page is rendered (as the dashboard's HTML table); the search box, the sort
menu and the page buttons ask :func:`careermap.views.people_page` for another page.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import pandas as pd

from careermap import views
from careermap.widgets._common import button
from careermap.widgets._kpi_html import attention_html

__all__ = ["PeopleTable"]

_KEEP = ""  # the sort menu's "as listed" choice


class PeopleTable(widgets.VBox):
    """One page of a table of people, with a search box, a sort menu and page buttons.

    Attributes
    ----------
    search : text searched in the ``search_in`` columns
    sort : the column to sort by (``""``: the table's own order); ``descending`` the order
    previous, next : page buttons; ``page_text`` says which rows are shown (``status``)
    table : the page's rows as HTML; ``page`` the :class:`careermap.views.PeoplePage` shown

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.widgets._people_table import PeopleTable
    >>> t = PeopleTable(columns=["person", "days"], sortable=["days"], size=2)
    >>> t.set_rows(pd.DataFrame({"person": ["a", "b", "c"], "days": [3, 1, 2]}))
    >>> t.next.click()
    >>> t.page.rows["person"].tolist(), t.page_text
    (['c'], '3-3 of 3 people, page 2 of 2')
    """

    def __init__(
        self,
        *,
        columns: Sequence[str],
        sortable: Sequence[str],
        search_in: Sequence[str] | None = None,
        size: int = 25,
        empty: str = "Nobody to list.",
    ) -> None:
        self.columns = list(columns)
        self.search_in = list(search_in) if search_in is not None else None
        self.size = size
        self.empty = empty
        self.rows = pd.DataFrame(columns=self.columns)
        self.page = views.people_page(self.rows, size=size)
        self.page_text = ""
        self.search = widgets.Text(
            placeholder="search people, groups, reasons",
            description="Search",
            layout=widgets.Layout(width="320px"),
        )
        self.sort = widgets.Dropdown(
            options=[("as listed (most reasons first)", _KEEP), *((c, c) for c in sortable)],
            value=_KEEP,
            description="Sort by",
            layout=widgets.Layout(width="340px"),
        )
        self.descending = widgets.Checkbox(value=False, description="largest first", indent=False)
        self.previous = button("◀ Previous")
        self.next = button("Next ▶")
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.search.observe(lambda _: self.show(page=1), names="value")
        self.sort.observe(lambda _: self.show(page=1), names="value")
        self.descending.observe(lambda _: self.show(page=1), names="value")
        self.previous.on_click(lambda _: self.show(page=self.page.page - 1))
        self.next.on_click(lambda _: self.show(page=self.page.page + 1))
        super().__init__(
            [
                widgets.HBox([self.search, self.sort, self.descending]),
                widgets.HBox([self.previous, self.next, self.status]),
                self.table,
            ]
        )

    def set_rows(self, rows: pd.DataFrame, *, columns: Sequence[str] | None = None) -> None:
        """Show ``rows`` (the whole table, in its own order) from the first page."""
        self.rows = rows
        if columns is not None:
            self.columns = list(columns)
        self.show(page=1)

    def show(self, *, page: int) -> None:
        """Render page ``page`` of the searched, sorted rows (only that page)."""
        self.page = views.people_page(
            self.rows,
            search=self.search.value,
            search_in=[c for c in self.search_in or self.columns if c in self.rows.columns],
            sort_by=self.sort.value or None,
            descending=self.descending.value,
            page=page,
            size=self.size,
        )
        self.page_text = self.page.text
        self.status.value = f"<span style='margin-left:12px'>{self.page_text}</span>"
        self.previous.disabled = self.page.page <= 1
        self.next.disabled = self.page.page >= self.page.pages
        if self.rows.empty:
            self.table.value = f"<p><b>{self.empty}</b></p>"
            return
        shown = [c for c in self.columns if c in self.page.rows.columns]
        # a click on a heading sorts the rows in the page: right only when the page is everyone
        whole = self.page.pages == 1 and self.page.matching == self.page.total
        self.table.value = attention_html(self.page.rows, columns=shown, click_sort=whole)
