"""The dashboard's HTML pieces: the sortable needs-attention table and download links.

The table is plain HTML (no plotly table clipped to a fixed height): every cell is escaped,
numbers carry their raw value in ``data-sort`` so a click on a heading sorts them as numbers,
and missing values sort last. The sorting is a few lines of inline JavaScript on the headings,
so it works offline and needs no extension. Downloads are ``data:`` URI links: they work in
Voila and in JupyterLab without a server round trip.
"""

from __future__ import annotations

import base64
import html
from typing import Any

import pandas as pd

from careermap.share.export import table_bytes

MIME = {
    "csv": "text/csv;charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html;charset=utf-8",
}

# A click sorts the rows by that column; a second click reverses. Empty cells stay last.
_SORT_JS = (
    "(function(th){var t=th.closest('table'),b=t.tBodies[0],i=th.cellIndex,"
    "d=th.dataset.dir==='asc'?'desc':'asc';"
    "[].forEach.call(t.tHead.rows[0].cells,function(c){c.dataset.dir='';c.removeAttribute('aria-sort')});"
    "th.dataset.dir=d;th.setAttribute('aria-sort',d==='asc'?'ascending':'descending');"
    "var r=[].slice.call(b.rows),n=th.dataset.type==='number';"
    "r.sort(function(x,y){var a=x.cells[i].dataset.sort,c=y.cells[i].dataset.sort;"
    "if(a===''&&c==='')return 0;if(a==='')return 1;if(c==='')return -1;"
    "var v=n?(parseFloat(a)-parseFloat(c)):a.localeCompare(c);return d==='asc'?v:-v});"
    "r.forEach(function(x){b.appendChild(x)})})(this)"
)

_CSS = """
<style>
.cm-table{border-collapse:collapse;width:100%;font-size:13px;font-family:inherit}
.cm-table th,.cm-table td{border:1px solid #E5E9EF;padding:4px 8px;text-align:left;
vertical-align:top}
.cm-table th{background:#ECEEF1;cursor:pointer;user-select:none;white-space:nowrap}
.cm-table th[aria-sort=ascending]::after{content:' \\25B2'}
.cm-table th[aria-sort=descending]::after{content:' \\25BC'}
.cm-table td.num{text-align:right;white-space:nowrap}
.cm-table tbody tr:nth-child(even){background:#F7F8FA}
.cm-table ul{margin:0;padding-left:16px}
.cm-table td,.cm-table li{line-height:1.35}
.cm-links a{margin-right:16px;padding:4px 10px;border:1px solid #0072B2;border-radius:4px;
text-decoration:none;color:#0072B2}
.cm-warnings li{color:#8a4b00}
</style>
"""


def _cell(value: Any, *, spec: str | None, suffix: str = "") -> tuple[str, str]:
    """(what is shown, what it sorts by) for one cell."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—", ""
    if spec is None:
        text = str(value)
        return html.escape(text), html.escape(text.lower(), quote=True)
    number = float(value)
    return f"{number:{spec}}{suffix}", repr(number)


# heading in export.kpi_table -> (format, suffix, shown as a number)
_FORMATS: dict[str, tuple[str | None, str]] = {
    "progress %": (".0f", "%"),
    "hours per week (last 4 weeks)": (".1f", " h"),
    "planned hours per week": (".0f", " h"),
    "days since last log": (".0f", " days"),
    "overdue milestones": (".0f", ""),
    "on-time %": (".0f", "%"),
    "last review (1-5)": (".1f", ""),
    "skill gap (weighted)": (".2f", ""),
}


def attention_html(table: pd.DataFrame, *, columns: list[str], click_sort: bool = True) -> str:
    """The rows of ``table`` (from :func:`careermap.share.export.kpi_table`) as a sortable table.

    ``reasons`` are shown as a list, one reason a line; ``columns`` chooses and orders the
    columns. ``click_sort=False`` leaves the headings inert: a page of a longer table is
    sorted in the kernel (:class:`~careermap.widgets._people_table.PeopleTable`), since a
    click could only sort the rows on the page.
    """
    if table.empty:
        return _CSS + "<p><b>Nobody needs attention on these thresholds.</b></p>"
    head = "".join(
        f'<th data-type="{"number" if c in _FORMATS else "text"}" '
        + (
            f'onclick="{html.escape(_SORT_JS, quote=True)}" title="sort by {html.escape(c)}"'
            if click_sort
            else ""
        )
        + f">{html.escape(c)}</th>"
        for c in columns
    )
    rows = []
    for record in table[columns].itertuples(index=False, name=None):
        cells = []
        for column, value in zip(columns, record, strict=True):
            if column == "reasons":
                items = [r for r in str(value).split("; ") if r]
                shown = "<ul>" + "".join(f"<li>{html.escape(r)}</li>" for r in items) + "</ul>"
                cells.append(f'<td data-sort="{len(items):03d}">{shown}</td>')
                continue
            spec, suffix = _FORMATS.get(column, (None, ""))
            shown, key = _cell(value, spec=spec, suffix=suffix)
            klass = ' class="num"' if spec else ""
            cells.append(f'<td{klass} data-sort="{key}">{shown}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        _CSS
        + '<table class="cm-table" data-careermap="attention"><thead><tr>'
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def data_uri(data: bytes, kind: str) -> str:
    """``data:`` URI of ``data`` with the MIME type of ``kind`` (csv, xlsx or html)."""
    return f"data:{MIME[kind]};base64,{base64.b64encode(data).decode('ascii')}"


def download_link(data: bytes, kind: str, filename: str, label: str) -> str:
    """An ``<a download>`` link that saves ``data`` as ``filename``."""
    return (
        f'<a download="{html.escape(filename, quote=True)}" href="{data_uri(data, kind)}" '
        f'data-careermap-download="{kind}">{html.escape(label)}</a>'
    )


def table_links(table: pd.DataFrame, stem: str) -> str:
    """Download links for ``table`` as CSV and as XLSX (text neutralised in both)."""
    return (
        _CSS
        + '<div class="cm-links">'
        + download_link(table_bytes(table, "csv"), "csv", f"{stem}.csv", "Download table (CSV)")
        + download_link(
            table_bytes(table, "xlsx"), "xlsx", f"{stem}.xlsx", "Download table (Excel)"
        )
        + "</div>"
    )


def warnings_html(lines: list[str]) -> str:
    """Load-time warnings as a list in words ("" when there are none)."""
    if not lines:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return (
        _CSS
        + f"<details class='cm-warnings'><summary>{len(lines)} warning"
        + ("s" if len(lines) != 1 else "")
        + f" while loading (click to read)</summary><ul>{items}</ul></details>"
    )
