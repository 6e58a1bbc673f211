"""The charts of ``metrics/_time.py``: where the time goes (allocation by period and its trend
per category, planned vs actual hours), the logging habit (calendar, streaks) and estimates
vs logged hours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from careermap._args import check_choice, check_columns, renamed_arguments
from careermap._vocab import TIME_CATEGORIES
from careermap.charts._core import (
    ABOVE_LEGEND_PX,
    DATE_FORMAT,
    NOTHING_YET,
    add_note,
    as_date,
    as_timestamps,
    chart_opening,
    dates_text,
    empty_figure,
    esc,
    new_figure,
    one_person,
    panel_spacing,
    place_labels,
    short,
    stack_panels,
)
from careermap.charts._theme import (
    BLUE,
    CATEGORY_COLORS,
    GREY,
    NEUTRAL,
    ORANGE,
    PALETTE,
    SEQUENTIAL,
    STATUS_COLORS,
    VERMILLION,
)
from careermap.errors import InvalidArgumentError

_FREQ_WORDS = {"D": "day", "W": "week", "M": "month"}
_BY_COLUMNS = {
    "category": ("category",),
    "goal": ("goal", "goal_id"),
    "milestone": ("milestone", "milestone_id"),
}
_NONE_LABEL = {"category": "(no category)", "goal": "(no goal)", "milestone": "(no milestone)"}


def _freq(frame: pd.DataFrame, column: str, freq: str | None) -> str:
    """The period length: as given, from ``frame.attrs["freq"]``, or from the spacing."""
    freq = freq or frame.attrs.get("freq")
    if freq is None:
        if isinstance(frame[column].dtype, pd.PeriodDtype):
            freq = frame[column].dt.freqstr[:1]
        else:
            days = pd.Series(sorted(as_timestamps(frame[column]).dropna().unique())).diff()
            step = days.dt.days.median() if len(days) > 1 else 7
            freq = "D" if step <= 1 else "W" if step <= 7 else "M"
    freq = str(freq)[:1].upper()
    check_choice("freq", freq, list(_FREQ_WORDS))
    return freq


def _by_column(frame: pd.DataFrame, by: str | None) -> tuple[str, str]:
    """(what, column): ``by`` as the user says it and the frame column that holds it."""
    if by is not None:
        check_choice("by", by, list(_BY_COLUMNS))
        for column in _BY_COLUMNS[by]:
            if column in frame.columns:
                return by, column
        raise InvalidArgumentError(
            f"time_allocation_chart(by={by!r}) needs a column {' or '.join(_BY_COLUMNS[by])}; "
            f"the frame has: {', '.join(map(str, frame.columns))}"
        )
    for what, columns in _BY_COLUMNS.items():
        for column in columns:
            if column in frame.columns:
                return what, column
    raise InvalidArgumentError(
        "time_allocation_chart needs a column category, goal or milestone to stack by; "
        f"the frame has: {', '.join(map(str, frame.columns))}"
    )


@renamed_arguments(frame="data")
@chart_opening(
    columns=["period", "hours"],
    keep=lambda rows: rows["hours"].fillna(0) > 0,
)
def time_allocation_chart(
    data: pd.DataFrame,
    *,
    by: Literal["category", "goal", "milestone"] | None = None,
    freq: Literal["D", "W", "M"] | None = None,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Hours per period as stacked bars, one colour per category, goal or milestone.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.time_allocation`: ``period``, ``hours`` and the
        column named by ``by`` (and ``person_id``).
    by : {"category", "goal", "milestone"}, optional
        What to stack by (default: the first of these the frame has).
    person_id : str, optional
        Whose hours; needed only when the frame holds several people.
    freq : {"D", "W", "M"}, optional
        The period length, for the axis title (read from ``frame.attrs["freq"]`` or the
        spacing of the periods when not given).
    labels : mapping, optional
        Display names for the stacked values, e.g. goal id -> goal title.
    title : str, optional
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``bar`` trace per stacked value, in the data's order.

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import time_allocation_chart
    >>> frame = pd.DataFrame({"period": pd.to_datetime(["2026-01-05"] * 2),
    ...     "category": ["learning", "practice"], "hours": [3.0, 1.5]})
    >>> [(t.name, t.y.tolist()) for t in time_allocation_chart(frame).data]
    [('learning', [3.0]), ('practice', [1.5])]
    """
    what, column = _by_column(data, by)
    title = title or f"Time allocation by {what}"
    if data.empty:
        return empty_figure(NOTHING_YET["time"], title=title)
    unit = _FREQ_WORDS[_freq(data, "period", freq)]
    data["period"] = as_timestamps(data["period"])
    data["_key"] = data[column].astype("object").where(data[column].notna(), _NONE_LABEL[what])
    totals = data.groupby(["_key", "period"], sort=False, observed=True)["hours"].sum()
    if what == "category":
        known = [c for c in TIME_CATEGORIES if c in totals.index.get_level_values(0)]
        keys = known + [k for k in totals.index.get_level_values(0).unique() if k not in known]
    else:
        keys = sorted(
            totals.index.get_level_values(0).unique(), key=lambda k: (k.startswith("("), k)
        )
    names = dict(labels or {})
    fig = new_figure(title=title, height=440)
    for i, key in enumerate(keys):
        part = totals.loc[key].sort_index()
        color = (
            CATEGORY_COLORS.get(key, GREY)
            if what == "category"
            else GREY
            if key.startswith("(")
            else PALETTE[i % (len(PALETTE) - 2)]
        )
        if key in names and what != "category":
            name = f"{key} {esc(short(names[key], 34))}"
        else:
            name = esc(short(names.get(key, key), 40))
        fig.add_bar(
            x=dates_text(part.index.to_series()),
            y=part.to_numpy(),
            name=name,
            marker={"color": color},
            hovertemplate=(
                f"{unit} of %{{x|%Y-%m-%d}}: %{{y:.3~g}} hours on {name}<extra></extra>"
            ),
        )
    fig.update_layout(
        barmode="stack", bargap=0.15, legend={"title": {"text": what}, "traceorder": "normal"}
    )
    fig.update_xaxes(title_text=unit, type="date")
    fig.update_yaxes(title_text=f"hours per {unit}", rangemode="tozero")
    return fig


@renamed_arguments(frame="data")
@chart_opening(
    columns=["period", "capacity_hours", "actual_hours", "moving_average"],
    title="Planned vs actual hours",
    nothing="time",
    empty=lambda rows: not (rows["actual_hours"].fillna(0) > 0).any(),
)
def planned_vs_actual_chart(
    data: pd.DataFrame,
    *,
    freq: Literal["D", "W", "M"] | None = None,
    window: int | None = None,
    title: str,
) -> go.Figure:
    """Actual hours per period (bars) against capacity, planned effort and a moving average.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.planned_vs_actual`: ``period``, ``capacity_hours``,
        ``actual_hours``, ``moving_average`` (and ``person_id``); ``planned_hours`` (the
        milestones' effort estimates spread over their planned span) is drawn when present.
    person_id : str, optional
        Whose hours; needed only when the frame holds several people.
    freq : {"D", "W", "M"}, optional
        The period length, for the axis title (inferred when not given).
    window : int, optional
        The moving average's window in periods, for the legend (read from
        ``data.attrs["window"]`` when not given).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces ``actual`` (bar), ``moving average`` and ``capacity`` (lines), then
        ``planned effort`` when the frame has ``planned_hours``.

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import planned_vs_actual_chart
    >>> frame = pd.DataFrame({"period": pd.to_datetime(["2026-01-05", "2026-01-12"]),
    ...     "capacity_hours": [6.0, 6.0], "actual_hours": [4.0, 7.0],
    ...     "moving_average": [4.0, 5.5]})
    >>> [t.name for t in planned_vs_actual_chart(frame).data]
    ['actual', 'moving average', 'capacity']
    """
    window = window or data.attrs.get("window")  # the metric's own (picking rows keeps it)
    unit = _FREQ_WORDS[_freq(data, "period", freq)]
    data["period"] = as_timestamps(data["period"])
    data = data.sort_values("period")
    x = dates_text(data["period"])
    fig = new_figure(title=title, height=420)
    fig.add_bar(
        x=x,
        y=data["actual_hours"].to_numpy(),
        name="actual",
        marker={"color": "#9CC7E6"},
        hovertemplate=f"{unit} of %{{x|%Y-%m-%d}}: %{{y:.3~g}} hours logged<extra></extra>",
    )
    ma_name = "moving average" if not window else f"moving average ({window} {unit}s)"
    fig.add_scatter(
        x=x,
        y=data["moving_average"].to_numpy(),
        name="moving average",
        legendgrouptitle=None,
        mode="lines",
        line={"color": "#0072B2", "width": 3},
        hovertemplate=f"{unit} of %{{x|%Y-%m-%d}}: {ma_name} %{{y:.3~g}} hours<extra></extra>",
    )
    fig.add_scatter(
        x=x,
        y=data["capacity_hours"].to_numpy(),
        name="capacity",
        mode="lines",
        line={"color": "#D55E00", "width": 2, "dash": "dash", "shape": "hv"},
        hovertemplate=(
            f"{unit} of %{{x|%Y-%m-%d}}: capacity %{{y:.3~g}} hours "
            "(weekly_hours in roadmap.yaml)<extra></extra>"
        ),
    )
    if "planned_hours" in data.columns and data["planned_hours"].notna().any():
        fig.add_scatter(
            x=x,
            y=data["planned_hours"].to_numpy(),
            name="planned effort",
            mode="lines",
            line={"color": "#E69F00", "width": 2, "dash": "dot"},
            hovertemplate=(
                f"{unit} of %{{x|%Y-%m-%d}}: %{{y:.3~g}} hours of milestone effort planned "
                "(estimates spread from planned to target)<extra></extra>"
            ),
        )
    if window:
        fig.data[1].name = ma_name
    fig.update_layout(
        bargap=0.15,
    )
    fig.update_xaxes(title_text=unit, type="date")
    fig.update_yaxes(title_text=f"hours per {unit}", rangemode="tozero")
    return fig


_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@renamed_arguments(frame="data")
@chart_opening(
    columns=["date"],
    title="Logging calendar",
)
def logging_calendar(
    data: pd.DataFrame,
    *,
    start: Any = None,
    end: Any = None,
    title: str,
) -> go.Figure:
    """A calendar heatmap of logging days: weeks across, weekdays down.

    Parameters
    ----------
    data : DataFrame
        Either the time log (``date``, ``hours``: a cell's colour is the day's hours) or
        :func:`careermap.metrics.habit` (``date``, ``logged``: logged or not, with
        ``strength`` in the hover text when present).
    person_id : str, optional
        Whose calendar; needed only when the frame holds several people.
    start, end : date-like, optional
        The days to show (default: the frame's first to last date).

    Returns
    -------
    plotly.graph_objects.Figure
        One ``heatmap`` trace; ``x`` holds each week's Monday, ``y`` the weekday names.

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import logging_calendar
    >>> log = pd.DataFrame({"date": pd.to_datetime(["2026-03-02", "2026-03-04"]),
    ...                     "hours": [1.5, 2.0]})
    >>> heat = logging_calendar(log).data[0]
    >>> heat.type, heat.y[:3]
    ('heatmap', ('Mon', 'Tue', 'Wed'))
    """
    if "hours" not in data.columns and "logged" not in data.columns:
        raise InvalidArgumentError(
            "logging_calendar needs a column hours (a time log) or logged (metrics.habit); "
            f"the frame has: {', '.join(map(str, data.columns))}"
        )
    data["date"] = as_timestamps(data["date"]).dt.normalize()
    first, last = as_date(start), as_date(end)
    if first is not None:
        data = data.loc[data["date"] >= first]
    if last is not None:
        data = data.loc[data["date"] <= last]
    use_hours = "hours" in data.columns
    value_col = "hours" if use_hours else "logged"
    by_day = data.groupby("date")[value_col]
    values = by_day.sum() if use_hours else by_day.max().astype(float)
    if values.empty or (values.fillna(0) <= 0).all():
        nothing = NOTHING_YET["time"] if first is None and last is None else "time_period"
        return empty_figure(NOTHING_YET.get(nothing, nothing), title=title)
    first = first if first is not None else values.index.min()
    last = last if last is not None else values.index.max()
    days = pd.date_range(first, last, freq="D")
    values = values.reindex(days, fill_value=0.0).fillna(0.0)
    strength = None
    if "strength" in data.columns:
        strength = data.groupby("date")["strength"].last().reindex(days)
    weeks = days - pd.to_timedelta(days.day_of_week, unit="D")
    week_starts = pd.DatetimeIndex(sorted(set(weeks)))
    col = {w: i for i, w in enumerate(week_starts)}
    z = np.full((7, len(week_starts)), np.nan)
    text = np.full((7, len(week_starts)), "", dtype=object)
    for i, day in enumerate(days):
        r, c = day.day_of_week, col[weeks[i]]
        value = float(values.iloc[i])
        z[r, c] = value
        what = (
            (f"{value:.3g} hours logged" if value > 0 else "no time logged")
            if use_hours
            else ("logged" if value > 0 else "nothing logged")
        )
        extra = ""
        if strength is not None and pd.notna(strength.iloc[i]):
            extra = f"<br>habit strength {strength.iloc[i]:.2f} (0-1)"
        text[r, c] = f"{day:%a %Y-%m-%d}: {what}{extra}"
    # cap the colour scale at a busy day (95th percentile) so ordinary days are not all pale
    positive = values[values > 0]
    zmax = max(float(positive.quantile(0.95)), 1.0) if use_hours else 1.0
    fig = new_figure(title=title, height=300)
    fig.add_heatmap(
        x=dates_text(week_starts.to_series()),
        y=_WEEKDAYS,
        z=z,
        zmin=0,
        zmax=zmax,
        colorscale=SEQUENTIAL,
        xgap=2,
        ygap=2,
        text=text,
        hovertemplate="%{text}<extra></extra>",
        hoverongaps=False,
        showscale=use_hours,
        colorbar={"title": {"text": "hours<br>per day"}, "thickness": 12, "ticksuffix": " h"},
    )
    fig.update_xaxes(title_text="week", type="date", tickformat="%b %Y", showgrid=False)
    fig.update_yaxes(
        title_text="",
        autorange="reversed",
        showgrid=False,
        categoryorder="array",
        categoryarray=_WEEKDAYS,
    )
    fig.update_layout(plot_bgcolor="white", margin={"l": 50, "t": 60})
    if not use_hours:
        fig.add_annotation(
            text="blue: a day with time logged",
            x=1,
            y=1,
            xref="paper",
            yref="paper",
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font={"size": 12, "color": NEUTRAL},
        )
    return fig


@chart_opening(
    columns=["milestone_id", "status", "effort_hours", "logged_hours"],
    title="Estimated vs logged hours per milestone",
    keep=lambda rows: rows["effort_hours"].notna() & (rows["effort_hours"] > 0),
    nothing="no milestone has an effort_hours estimate to compare with",
)
def estimation_chart(data: pd.DataFrame, *, title: str) -> go.Figure:
    """Estimated vs logged hours per milestone, against the line where they are equal.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.estimation_accuracy`: ``milestone_id``, ``status``,
        ``effort_hours``, ``logged_hours``, ``ratio``.

    Returns
    -------
    plotly.graph_objects.Figure
        A dot per milestone with an estimate (x: estimated, y: logged), one trace per
        status; above the dotted diagonal took longer than estimated.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = charts.estimation_chart(metrics.estimation_accuracy(m, as_of="2026-11-15"))
    >>> [t.name for t in fig.data]
    ['estimate = logged', 'done', 'open', 'dropped']
    """
    top = float(max(data["effort_hours"].max(), data["logged_hours"].max())) * 1.1
    fig = new_figure(title=title, height=450)
    fig.add_scatter(
        x=[0, top],
        y=[0, top],
        mode="lines",
        name="estimate = logged",
        line={"color": GREY, "dash": "dot"},
        hoverinfo="skip",
    )
    colors = {"done": STATUS_COLORS["done"], "open": BLUE, "dropped": GREY}
    # one label per place: milestones with the same estimate and hours drew their ids on one
    # another (the rest keep their hover)
    ordered = pd.concat(
        [data[data["status"].astype(str) == s] for s in ("done", "open", "dropped")]
    )
    positions, texts = place_labels(
        ordered["effort_hours"], ordered["logged_hours"],
        [esc(x) for x in ordered["milestone_id"]], x_range=(0, top), y_range=(0, top),
    )  # fmt: skip
    labels, at = {}, 0
    for status in ("done", "open", "dropped"):
        n = int((data["status"].astype(str) == status).sum())
        labels[status] = (positions[at : at + n], texts[at : at + n])
        at += n
    for status in ("done", "open", "dropped"):
        part = data[data["status"].astype(str) == status]
        if part.empty:
            continue
        ratio = part["logged_hours"] / part["effort_hours"]
        fig.add_scatter(
            x=part["effort_hours"].tolist(),
            y=part["logged_hours"].tolist(),
            mode="markers+text",
            name=status,
            text=labels[status][1],
            textposition=labels[status][0],
            marker={"size": 10, "color": colors[status]},
            hovertext=[
                f"{esc(mid)} ({status}): estimated {e:g} h, logged {lg:g} h ({r:.0%})"
                for mid, e, lg, r in zip(
                    part["milestone_id"],
                    part["effort_hours"],
                    part["logged_hours"],
                    ratio,
                    strict=True,
                )
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_xaxes(title_text="estimated hours (effort_hours)", range=[0, top])
    fig.update_yaxes(title_text="hours logged", range=[0, top])
    done = data[data["status"].astype(str) == "done"]
    if len(done):
        total = done["logged_hours"].sum() / done["effort_hours"].sum()
        add_note(fig, f"finished milestones took {total:.0%} of their estimates in all",
              yshift=ABOVE_LEGEND_PX)  # fmt: skip
    return fig


@chart_opening(
    columns=["date", "streak"],
    title="Logging streaks",
    nothing="no logged days yet: log time to start a streak",
    empty=lambda rows: not (rows["streak"] > 0).any(),
)
def streak_chart(
    data: pd.DataFrame,
    *,
    summary: pd.DataFrame | None = None,
    person_id: str | None = None,
    title: str,
) -> go.Figure:
    """Logging streaks: the run of consecutive logged days on each day, longest marked.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.habit`: ``date``, ``logged``, ``streak``.
    summary : DataFrame, optional
        From :func:`careermap.metrics.habit_summary`: its ``current_streak`` (a streak
        still alive when today is not logged yet) is named in a note.

    Returns
    -------
    plotly.graph_objects.Figure
        Bars of the streak length per day, the longest marked; the current streak in a note
        when ``summary`` is given.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = charts.streak_chart(metrics.habit(m, as_of="2026-11-15"))
    >>> fig.data[0].name
    'streak (days in a row)'
    """
    rows = data.sort_values("date", kind="stable")
    fig = new_figure(title=title, height=360)
    fig.add_bar(
        x=dates_text(rows["date"]),
        y=rows["streak"].tolist(),
        name="streak (days in a row)",
        marker={"color": ORANGE, "line": {"width": 0}},
        hovertext=[f"{d}: day {s} in a row" if s else f"{d}: not logged"
                   for d, s in zip(dates_text(rows["date"]), rows["streak"], strict=True)],
        hovertemplate="%{hovertext}<extra></extra>",
    )  # fmt: skip
    best = rows.loc[rows["streak"].idxmax()]
    fig.add_annotation(
        x=pd.Timestamp(best["date"]).strftime(DATE_FORMAT),
        y=int(best["streak"]),
        text=f"longest: {int(best['streak'])} days",
        showarrow=True,
        arrowhead=2,
        ay=-30,
        font={"size": 12, "color": VERMILLION},
    )
    if summary is not None:
        check_columns(summary, ["current_streak"], "streak_chart")
        current = int(one_person(summary, person_id, "streak_chart")["current_streak"].iloc[0])
        add_note(fig, f"current streak: {current} day{'s' if current != 1 else ''}")
    fig.update_layout(bargap=0)
    fig.update_yaxes(title_text="days in a row", rangemode="tozero")
    return fig


@chart_opening(
    columns=["period", "category", "hours"],
    title="Hours per period, by category",
)
def category_trend_chart(data: pd.DataFrame, *, title: str) -> go.Figure:
    """Hours per period of each time category, one small panel per category.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.time_allocation` with ``by="category"``: ``period``,
        ``category``, ``hours``.

    Returns
    -------
    plotly.graph_objects.Figure
        One panel per category with any hours (shared date axis), bars of its hours per
        period, so the trend of each activity shows on its own scale.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> a = metrics.time_allocation(m, by="category", freq="M", as_of="2026-11-15")
    >>> [t.name for t in charts.category_trend_chart(a).data][:3]
    ['learning', 'practice', 'networking']
    """
    used = data.groupby("category", observed=True, sort=False)["hours"].sum()
    cats = [c for c in used.index if used[c] > 0]
    if not cats:
        return empty_figure("no time logged yet", title=title)
    order = list(CATEGORY_COLORS)
    cats = sorted(cats, key=lambda c: order.index(c) if c in order else len(order))
    # each panel's name above it, in a gap of its own (a fraction of the figure's height
    # put the names on the bars of the panel above)
    spacing = panel_spacing([1] * len(cats), row_px=72, gap_px=26)
    fig = make_subplots(rows=len(cats), cols=1, shared_xaxes=True, vertical_spacing=spacing)
    fig.update_layout(template=new_figure(title=title).layout.template, title={"text": title},
                      showlegend=False)  # fmt: skip
    for i, cat in enumerate(cats, start=1):
        part = data[data["category"].astype(str) == str(cat)].sort_values("period")
        fig.add_bar(
            x=dates_text(part["period"]),
            y=part["hours"].tolist(),
            name=str(cat),
            marker={"color": CATEGORY_COLORS.get(str(cat), NEUTRAL)},
            hovertext=[f"{esc(cat)}, {d}: {h:,.1f} h"
                       for d, h in zip(dates_text(part["period"]), part["hours"], strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
            row=i,
            col=1,
        )  # fmt: skip
        fig.update_yaxes(title_text="h", row=i, col=1, rangemode="tozero")
    stack_panels(fig, [esc(c) for c in cats], [1] * len(cats), row_px=72, gap_px=26,
                 bottom_px=60)  # fmt: skip
    for ann in fig.layout.annotations:
        ann.update(font={"size": 12, "color": NEUTRAL})
    return fig
