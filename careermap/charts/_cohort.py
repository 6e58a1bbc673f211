"""Cohort charts: who needs attention and why, KPI distributions, groups, the time mix.

Every chart takes a tidy frame first (``metrics.cohort_summary``, ``metrics.kpi_medians`` or
``metrics.time_mix``), computes nothing from it, and shows people by their stable pseudonym
(:func:`careermap.share.privacy.pseudonym`) unless ``names=True`` is passed explicitly. Text a
person wrote (names, goal ids) is HTML-escaped before plotly sees it, because plotly renders
a subset of HTML in labels.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from careermap._args import check_columns, renamed_arguments
from careermap.charts._core import (
    empty_figure,
    esc,
    new_figure,
)
from careermap.charts._theme import (
    CATEGORY_COLORS,
    NEUTRAL,
    PALETTE,
    STATUS_COLORS,
    TEMPLATE,
)
from careermap.errors import InvalidArgumentError
from careermap.share.privacy import pseudonym

__all__ = [
    "KPI_LABELS",
    "attention_table",
    "group_comparison",
    "kpi_distributions",
    "move_thresholds",
    "time_mix_chart",
]

KPI_LABELS = {
    "progress_pct": "Progress (% of milestones in scope done)",
    "on_time_rate": "On-time rate (share of done milestones)",
    "hours_per_week_4w": "Hours per week, last 4 weeks (h)",
    "capacity_ratio": "Hours per week ÷ capacity, last 4 weeks (ratio)",
    "days_since_last_log": "Days since the last time log (days)",
    "overdue_milestones": "Overdue milestones (count)",
    "pace_hours_per_week": "Pace, last 12 weeks (h/week)",
    "gap_now": "Weighted skill gap to the top target role with requirements (gap points)",
    "gap_closure_per_month": "Gap closed per month (gap points/month)",
    "gap_coverage": "Share of that role's requirement weight assessed (coverage)",
    "match_score": "Match to the top target role with requirements (0-1)",
    "last_review_score": "Last review score (1-5)",
    "review_trend": "Review trend over the last 3 reviews (points)",
    "needs_attention": "Needing attention (% of people)",
}
_SHORT = {
    "progress_pct": "progress %",
    "on_time_rate": "on-time rate",
    "hours_per_week_4w": "h/week (4 weeks)",
    "capacity_ratio": "h/week ÷ capacity",
    "days_since_last_log": "days since last log",
    "overdue_milestones": "overdue milestones",
    "pace_hours_per_week": "pace h/week",
    "gap_now": "weighted gap",
    "gap_closure_per_month": "gap closed/month",
    "gap_coverage": "gap coverage",
    "match_score": "match",
    "last_review_score": "last review",
    "review_trend": "review trend",
    "needs_attention": "% needing attention",
}
_NO_GROUP = "(no group)"


def person_labels(frame: pd.DataFrame, names: bool) -> pd.Series:
    """One display label per row, escaped: the pseudonym, or the name when ``names`` is set."""
    if names and "name" in frame.columns:
        shown = frame["name"].astype("object").where(frame["name"].notna(), frame["person_id"])
        return shown.map(esc)
    return frame["person_id"].astype("str").map(pseudonym).map(esc)


def _groups(frame: pd.DataFrame, by: str) -> pd.Series:
    """Group labels as plotly may show them: a coach's text, escaped ("(no group)" if none)."""
    named = frame[by].astype("object").where(frame[by].notna(), None)
    return named.map(lambda g: _NO_GROUP if g is None else esc(g)).astype("str")


def _group_order(values: pd.Series) -> list[str]:
    return sorted(set(values), key=lambda g: (g == _NO_GROUP, g))


def _numbers(values: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in values]


def _fmt(value: Any, spec: str = ".1f", missing: str = "—") -> str:
    return missing if value is None or pd.isna(value) else format(float(value), spec)


@renamed_arguments(summary="data")
def attention_table(
    data: pd.DataFrame,
    *,
    names: bool = False,
    only_flagged: bool = True,
    max_rows: int | None = None,
) -> go.Figure:
    """A table of the people who need attention, with the reasons, most reasons first.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`careermap.metrics.cohort_summary` output.
    names : bool, default False
        Show real names instead of pseudonyms (only when the coach asks for them).
    only_flagged : bool, default True
        Leave out the people with no flag.
    max_rows : int, optional
        Show at most this many rows (the title says how many were left out).

    Examples
    --------
    >>> import careermap
    >>> from careermap.metrics import cohort_summary
    >>> from careermap.charts import attention_table
    >>> s = cohort_summary(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> fig = attention_table(s)
    >>> fig.data[0].type, len(fig.data[0].cells.values[0]) == int(s["needs_attention"].sum())
    ('table', True)
    """
    check_columns(
        data,
        ["person_id", "needs_attention", "reasons", "progress_pct", "days_since_last_log"],
        "attention_table",
    )
    rows = data.loc[data["needs_attention"]] if only_flagged else data
    title = "Who needs attention, and why"
    if rows.empty:
        return empty_figure("Nobody needs attention on these thresholds", title=title)
    rows = rows.assign(
        _label=person_labels(rows, names),
        _n=rows["reasons"].map(len),
        _days=rows["days_since_last_log"].astype("float64").fillna(np.inf),
    ).sort_values(["_n", "_days", "_label"], ascending=[False, False, True], kind="stable")
    total = len(rows)
    if max_rows is not None and total > max_rows:
        rows = rows.head(max_rows)
        title += f" (first {max_rows} of {total})"
    group = _groups(rows, "group").tolist() if "group" in rows.columns else [""] * len(rows)
    hours = [
        f"{_fmt(h)} of {_fmt(w, 'g')}"
        for h, w in zip(
            rows.get("hours_per_week_4w", pd.Series(np.nan, index=rows.index)),
            rows.get("weekly_hours", pd.Series(np.nan, index=rows.index)),
            strict=True,
        )
    ]
    reasons = ["<br>".join(esc(r) for r in rs) or "—" for rs in rows["reasons"]]
    header = [
        "person" if not names else "name",
        "group",
        "progress %",
        "h/week (4 weeks) of capacity",
        "days since last log",
        "reasons",
    ]
    cells = [
        rows["_label"].tolist(),
        group,
        [_fmt(v, ".0f") for v in rows["progress_pct"]],
        hours,
        [_fmt(v, ".0f") for v in rows["days_since_last_log"]],
        reasons,
    ]
    line_counts = [max(1, len(rs)) for rs in rows["reasons"]]
    fig = new_figure(title=title, height=min(180 + 24 * sum(line_counts) + 6 * len(rows), 2400))
    fig.add_trace(
        go.Table(
            columnwidth=[150, 70, 70, 110, 80, 470],
            header={
                "values": [f"<b>{h}</b>" for h in header],
                "fill_color": "#ECEEF1",
                "align": "left",
                "font": {"size": 13},
            },
            cells={
                "values": cells,
                "align": ["left", "left", "right", "right", "right", "left"],
                "fill_color": [["white", "#F7F8FA"] * (len(rows) // 2 + 1)],
                "font": {"size": 12},
                "height": 24,
            },
        )
    )
    fig.update_layout(margin={"l": 20, "r": 20, "t": 70, "b": 20})
    return fig


@renamed_arguments(summary="data")
def kpi_distributions(
    data: pd.DataFrame,
    *,
    columns: Sequence[str] = (
        "progress_pct",
        "capacity_ratio",
        "days_since_last_log",
        "on_time_rate",
    ),
    by: str | None = "group",
    names: bool = False,
    thresholds: Mapping[str, float] | None = None,
    groups: Sequence[Any] | None = None,
) -> go.Figure:
    """How KPIs spread over the cohort: a box with every person as a dot, per group.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`careermap.metrics.cohort_summary` output.
    columns : sequence of str
        Numeric KPI columns, one panel each (see ``KPI_LABELS`` for the axis titles).
    by : str or None, default "group"
        Split each panel by this column; ``None`` shows the whole cohort as one box.
    names : bool, default False
        Hover shows real names instead of pseudonyms.
    thresholds : mapping of column to number, optional
        Where a flag starts on a panel's scale (e.g. ``{"days_since_last_log": 30}``): drawn
        as a dashed red line labelled "threshold".
    groups : sequence, optional
        Every group of the cohort, so a group keeps its colour when the frame holds only
        some groups (a filtered summary); default: the groups in ``data``.

    Examples
    --------
    >>> import careermap
    >>> from careermap.metrics import cohort_summary
    >>> from careermap.charts import kpi_distributions
    >>> s = cohort_summary(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> fig = kpi_distributions(s, columns=["progress_pct"], by=None)
    >>> fig.data[0].type, len(fig.data[0].x) == len(s)
    ('box', True)
    """
    columns = list(columns)
    if not columns:
        raise InvalidArgumentError("kpi_distributions needs at least one column in `columns`")
    check_columns(data, ["person_id", *columns, *([by] if by else [])], "kpi_distributions")
    title = "How the cohort is doing: KPI distributions"
    if data.empty:
        return empty_figure("No people in this cohort", title=title)
    frame = data.assign(_label=person_labels(data, names))
    shown = _groups(frame, by) if by else pd.Series("everyone", index=frame.index)
    order = _group_order(shown) if by else ["everyone"]
    colours = group_colours(groups if groups is not None and by else order)
    lines = dict(thresholds or {})
    height = 130 + len(columns) * (60 + 32 * len(order))
    fig = make_subplots(
        rows=len(columns),
        cols=1,
        subplot_titles=[KPI_LABELS.get(c, c) for c in columns],
        # 75 px between panels: a title never sits on the tick labels of the panel above
        vertical_spacing=min(75 / height, 0.9 / max(len(columns) - 1, 1)),
    )
    shapes: list[dict] = []
    notes: list[dict] = []
    many = len(frame) > 300
    for row, column in enumerate(columns, start=1):
        if data[column].isna().all():
            fig.add_annotation(
                text="no data for anyone shown", showarrow=False, x=0.5, y=0.5,
                xref=f"x{row if row > 1 else ''} domain", yref=f"y{row if row > 1 else ''} domain",
                font={"color": NEUTRAL},
            )  # fmt: skip
        for group in order:
            part = frame.loc[shown == group]
            fig.add_trace(
                go.Box(
                    # arrays, not lists: plotly checks a list item by item (seconds at 1,000)
                    x=part[column].astype("float64").to_numpy(),
                    y=np.full(len(part), group, dtype=object),
                    name=group,
                    orientation="h",
                    # every person a dot up to a few hundred; past that the box and outliers
                    boxpoints="outliers" if many else "all",
                    jitter=0.4,
                    pointpos=0,
                    marker={"color": colours.get(group, NEUTRAL), "size": 7, "opacity": 0.8},
                    line={"width": 1.5},
                    fillcolor="rgba(0,0,0,0)",
                    customdata=part["_label"].to_numpy(dtype=object),
                    hovertemplate=f"%{{customdata}}<br>{_SHORT.get(column, column)}: %{{x}}"
                    "<extra>%{y}</extra>",
                    legendgroup=group,
                    showlegend=False,
                ),
                row=row,
                col=1,
            )
        # lines as plain layout shapes, added at once below: add_vline re-scans the whole
        # figure for each line, seconds at 1,000 people
        axis = "" if row == 1 else str(row)
        if column == "capacity_ratio":
            shapes.append(_vline(1.0, axis, {"color": NEUTRAL, "dash": "dash", "width": 1}))
        if column in lines and lines[column] is not None:
            # an invisible point at the threshold: the axis range always includes the line
            fig.add_trace(
                go.Scatter(
                    x=[float(lines[column])], y=[order[0]], mode="markers",
                    marker={"opacity": 0}, hoverinfo="skip", showlegend=False,
                    name="threshold",
                ),
                row=row, col=1,
            )  # fmt: skip
            red = STATUS_COLORS["overdue"]
            x = float(lines[column])
            shapes.append(_vline(x, axis, {"color": red, "dash": "dash", "width": 2}))
            notes.append(
                {"text": "threshold", "font": {"color": red}, "showarrow": False, "x": x,
                 "xanchor": "left", "xref": f"x{axis}", "y": 1, "yanchor": "top",
                 "yref": f"y{axis} domain"}
            )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title},
        height=height,
        boxmode="overlay",
        shapes=[*fig.layout.shapes, *shapes],
        annotations=[*fig.layout.annotations, *notes],
    )
    titles = {KPI_LABELS.get(c, c) for c in columns}
    fig.for_each_annotation(
        lambda a: a.update(font={"size": 14}, xanchor="left", x=0) if a.text in titles else None
    )
    return fig


def _vline(x: float, axis: str, line: dict) -> dict:
    """A vertical line across panel ``axis`` ("" for the first), as ``add_vline`` draws it."""
    return {"type": "line", "x0": x, "x1": x, "xref": f"x{axis}", "y0": 0, "y1": 1,
            "yref": f"y{axis} domain", "line": line}  # fmt: skip


def move_thresholds(
    fig: go.Figure, thresholds: Mapping[str, float], columns: Sequence[str]
) -> go.Figure:
    """Move the threshold lines of a :func:`kpi_distributions` figure, in place.

    ``columns`` are the figure's panels, in order (as passed to ``kpi_distributions``);
    the people's dots stay as they are, so a threshold move does not redraw them.

    Examples
    --------
    >>> import careermap
    >>> from careermap.metrics import cohort_summary
    >>> from careermap.charts import kpi_distributions, move_thresholds
    >>> s = cohort_summary(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> cols = ["days_since_last_log"]
    >>> fig = kpi_distributions(s, columns=cols, thresholds={"days_since_last_log": 30})
    >>> move_thresholds(fig, {"days_since_last_log": 45}, cols).layout.shapes[0].x0
    45.0
    """
    red = STATUS_COLORS["overdue"]
    for row, column in enumerate(columns, start=1):
        if column not in thresholds or thresholds[column] is None:
            continue
        x, axis = float(thresholds[column]), "x" if row == 1 else f"x{row}"
        for shape in fig.layout.shapes:
            if shape.xref == axis and shape.line.color == red:
                shape.x0 = shape.x1 = x
        for note in fig.layout.annotations:
            if note.xref == axis and note.text == "threshold":
                note.x = x
        for trace in fig.data:
            if trace.name == "threshold" and (trace.xaxis or "x") == axis:
                trace.x = [x]
    return fig


def group_colours(groups: Sequence[Any]) -> dict[str, str]:
    """One colour per group, fixed by the sorted list of every group ("(no group)" grey).

    Pass every group of the cohort: a group then keeps its colour in every chart, whatever
    filter narrows the rows shown.

    Examples
    --------
    >>> group_colours(["ops", "data", None])
    {'data': '#0072B2', 'ops': '#E69F00', '(no group)': '#5F6B7A'}
    """
    labels = [_NO_GROUP if g is None or g == "" or (not isinstance(g, str) and pd.isna(g))
              else esc(g) for g in groups]  # fmt: skip
    order = _group_order(pd.Series(labels, dtype="object"))
    named = [g for g in order if g not in (_NO_GROUP, "everyone")]
    out = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(named)}
    if _NO_GROUP in order:
        out[_NO_GROUP] = NEUTRAL
    if "everyone" in order:
        out["everyone"] = PALETTE[0]
    return out


@renamed_arguments(summary="data")
def group_comparison(
    data: pd.DataFrame,
    *,
    by: str = "group",
    columns: Sequence[str] | None = None,
) -> go.Figure:
    """Groups side by side: the median of each KPI and the share of people needing attention.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`careermap.metrics.kpi_medians` output with ``by=`` the group column: one row
        per group with ``people``, ``needs_attention_pct`` and the KPI medians. (A
        :func:`careermap.metrics.cohort_summary` is still accepted for a release, with a
        ``DeprecationWarning``; its medians are then taken by ``kpi_medians``.)
    by : str, default "group"
        The column of ``data`` that names the groups (a missing group is shown as
        "(no group)").
    columns : sequence of str, optional
        The KPI medians to show, one panel each (default: every KPI column of ``data``); a
        last panel shows the % of each group's people who need attention.

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal ``bar`` trace per panel, named after its column.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> from careermap.charts import group_comparison
    >>> s = metrics.cohort_summary(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> fig = group_comparison(metrics.kpi_medians(s, by="group"))
    >>> [t.type for t in fig.data][-1], fig.data[-1].name
    ('bar', 'needs_attention')
    """
    if isinstance(data, pd.DataFrame) and "person_id" in data.columns:
        data = _medians_of_summary(data, by, columns)
    check_columns(data, [by, "people", "needs_attention_pct"], "group_comparison")
    if columns is None:
        columns = [c for c in data.columns if c not in (by, *_COUNT_COLUMNS)]
    columns = list(columns)
    check_columns(data, columns, "group_comparison")
    title = f"Groups compared: medians by {esc(by)}"
    if data.empty:
        return empty_figure("No people in this cohort", title=title)
    groups = _groups(data, by).tolist()
    panels = [*columns, "needs_attention"]
    fig = make_subplots(
        rows=1,
        cols=len(panels),
        shared_yaxes=True,
        subplot_titles=[_SHORT.get(c, c) for c in panels],
        horizontal_spacing=0.03,
    )
    for col, column in enumerate(panels, start=1):
        attention = column == "needs_attention"
        values = data["needs_attention_pct" if attention else column]
        fig.add_trace(
            go.Bar(
                x=[0.0 if v is None else v for v in _numbers(values)],
                y=groups,
                orientation="h",
                name=column,
                marker={"color": STATUS_COLORS["overdue"] if attention else PALETTE[0]},
                # a 0 bar has no length: its "0" is written beside it, "no data" where unknown
                text=[_fmt(v, ".0f" if attention else ".2g", missing="no data") for v in values],
                textposition="outside",
                cliponaxis=False,
                customdata=data["people"].tolist(),
                hovertemplate=(
                    "%{y}: %{x:.1f}% of %{customdata} people need attention<extra></extra>"
                    if attention
                    else f"%{{y}}: median {_SHORT.get(column, column)} %{{x:.2f}}"
                    "<br>%{customdata} people<extra></extra>"
                ),
                showlegend=False,
            ),
            row=1,
            col=col,
        )
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title},
        height=200 + 45 * len(groups),
        margin={"t": 110},
    )
    fig.update_annotations(font={"size": 13})
    return fig


_COUNT_COLUMNS = ("people", "needs_attention", "needs_attention_pct")


def _medians_of_summary(
    summary: pd.DataFrame, by: str, columns: Sequence[str] | None
) -> pd.DataFrame:
    # the old call, group_comparison(summary): the medians come from the metric, not from here
    from careermap.metrics import KPI_MEDIAN_COLUMNS, kpi_medians

    warnings.warn(
        "group_comparison(summary) is deprecated; pass "
        "metrics.kpi_medians(summary, by=...) instead",
        DeprecationWarning,
        stacklevel=3,
    )
    return kpi_medians(summary, by=by, columns=KPI_MEDIAN_COLUMNS if columns is None else columns)


@renamed_arguments(allocation="data")
def time_mix_chart(
    data: pd.DataFrame,
    *,
    names: bool = False,
    people: pd.DataFrame | None = None,
    by_group: bool | None = None,
    since: Any = None,
    roster: pd.DataFrame | None = None,
) -> go.Figure:
    """Where the cohort's time goes: each category's share of the hours, per group or person.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`careermap.metrics.time_mix` output: ``group`` (one bar per group) or
        ``person_id`` (one bar per person, with ``name`` for ``names=True``), ``category``,
        ``hours``, ``total_hours``, ``share_pct``.
    names : bool, default False
        Per-person bars labelled with real names instead of pseudonyms.
    roster : pandas.DataFrame, optional
        Everyone the chart is about (``person_id`` and, for ``names=True``, ``name``; e.g.
        ``m.people``), for the per-person chart: people who logged no hours get a row that
        says so, and the title counts them (without it, they cannot be told apart from
        people not in the cohort).
    people, by_group, since
        Deprecated: the old call ``time_mix(allocation, people=..., by_group=...,
        since=...)`` with a :func:`careermap.metrics.time_allocation` frame still works for a
        release, with a ``DeprecationWarning``; its shares are then computed by
        ``metrics.time_mix``.

    Returns
    -------
    plotly.graph_objects.Figure
        A stacked horizontal ``bar`` trace per category, x in % of the row's hours.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> from careermap.charts import time_mix_chart
    >>> m = careermap.load(careermap.cohort_path())
    >>> alloc = metrics.time_allocation(m, as_of="2026-11-15")
    >>> fig = time_mix_chart(metrics.time_mix(alloc, people=m.people))
    >>> fig.data[0].name, fig.layout.barmode
    ('learning', 'stack')
    """
    if isinstance(data, pd.DataFrame) and "period" in data.columns:
        data = _mix_of_allocation(data, people, by_group, since)
    elif people is not None or by_group is not None or since is not None:
        raise InvalidArgumentError(
            "time_mix_chart takes people=, by_group= and since= only with a time_allocation frame "
            "(deprecated); pass them to metrics.time_mix instead"
        )
    by_group = isinstance(data, pd.DataFrame) and "group" in data.columns
    key = "group" if by_group else "person_id"
    check_columns(data, [key, "category", "hours", "total_hours", "share_pct"], "time_mix_chart")
    title = "Time mix: share of hours by activity" + (" per group" if by_group else " per person")
    data = data.loc[data["hours"] > 0]
    idle: list[str] = []
    if roster is not None and not by_group:
        check_columns(roster, ["person_id"], "time_mix_chart(roster=...)")
        missing = roster.loc[~roster["person_id"].isin(data["person_id"])]
        idle = sorted(person_labels(missing, names).unique())
        if idle:
            everyone = len(roster["person_id"].unique())
            title += f" ({len(idle)} of {everyone} logged no hours)"
    if data.empty:
        return empty_figure("No hours logged in this period", title=title)
    if by_group:
        rows = _groups(data, "group")
        order = _group_order(rows)
    else:
        rows = person_labels(data, names)
        order = sorted(rows.unique())
    frame = data.assign(_row=rows.to_numpy(), category=data["category"].astype("str"))
    # the metric's numbers laid out as a grid: rows x categories (0 where nothing was logged)
    hours = frame.pivot_table(
        index="_row", columns="category", values="hours", aggfunc="first", fill_value=0.0
    ).reindex(order)
    shares = frame.pivot_table(
        index="_row", columns="category", values="share_pct", aggfunc="first", fill_value=0.0
    ).reindex(order)
    totals = frame.groupby("_row")["total_hours"].first().reindex(order)
    categories = [c for c in CATEGORY_COLORS if c in hours.columns] + sorted(
        set(hours.columns) - set(CATEGORY_COLORS)
    )
    fig = new_figure(title=title, height=min(200 + 34 * (len(order) + len(idle)), 2400))
    if idle:  # one row each, with the words, below the people with hours
        fig.add_trace(
            go.Bar(
                x=[0] * len(idle), y=idle, orientation="h", name="no hours logged",
                text=["no hours logged"] * len(idle), textposition="outside",
                textfont={"color": NEUTRAL}, cliponaxis=False, marker={"color": NEUTRAL},
                hovertemplate="%{y}: no hours logged in this period<extra></extra>",
                showlegend=False,
            )
        )  # fmt: skip
    for category in categories:
        fig.add_trace(
            go.Bar(
                x=[round(float(v), 2) for v in shares[category]],
                y=order,
                orientation="h",
                name=category.replace("_", " "),
                marker={"color": CATEGORY_COLORS.get(category, NEUTRAL)},
                customdata=np.column_stack([hours[category].round(2), totals.round(2)]).tolist(),
                hovertemplate=f"%{{y}}: {category.replace('_', ' ')} %{{x:.1f}}% "
                "(%{customdata[0]:.1f} of %{customdata[1]:.1f} h)<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(title_text="share of logged hours (%)", range=[0, 100])
    fig.update_yaxes(
        autorange="reversed",
        title_text="group" if by_group else "person",
        categoryorder="array",
        categoryarray=[*order, *idle],
    )
    return fig


def _mix_of_allocation(
    allocation: pd.DataFrame, people: pd.DataFrame | None, by_group: bool | None, since: Any
) -> pd.DataFrame:
    # the old call, time_mix_chart(allocation, ...): the shares come from the metric, not from here
    from careermap.metrics import time_mix as mix

    warnings.warn(
        "time_mix_chart(allocation, people=..., by_group=..., since=...) is deprecated; pass "
        "metrics.time_mix(allocation, people=..., by=..., since=...) instead",
        DeprecationWarning,
        stacklevel=3,
    )
    by = "group" if by_group is None or by_group else "person"
    return mix(allocation, people=people, by=by, since=since)
