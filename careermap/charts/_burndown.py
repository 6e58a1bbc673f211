"""The chart of ``metrics/_burndown.py``: the burndown (or burnup) of a person's milestones,
with the forecast fan of ``metrics/_forecast.py``."""

from __future__ import annotations

import textwrap
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from careermap import _format as fmt
from careermap._args import check_choice, check_columns, renamed_arguments
from careermap.charts._core import (
    DATE_FORMAT,
    NOTE_LINE_PX,
    NOTHING_YET,
    add_note,
    as_date,
    as_timestamps,
    chart_opening,
    dates_text,
    empty_figure,
    esc,
    legend_above,
    new_figure,
    one_person,
)
from careermap.charts._theme import (
    NEUTRAL,
    STATUS_COLORS,
)
from careermap.metrics import goal_at_risk

_BY_UNITS = {
    "count": ("milestones", "milestones"),
    "effort": ("effort (hours)", "hours"),
}


def _burndown_unit(frame: pd.DataFrame, by: str | None) -> str:
    if by is None:
        by = frame.attrs.get("by")
        if by is None and "by" in frame.columns and frame["by"].nunique() == 1:
            by = frame["by"].iloc[0]
        by = by or "count"
    check_choice("by", by, list(_BY_UNITS))
    return str(by)


@renamed_arguments(burndown_frame="data", forecast_frame="forecast")
@chart_opening(
    columns=["date", "scope", "done", "remaining", "ideal"],
)
def burndown_chart(
    data: pd.DataFrame,
    forecast: pd.DataFrame | None = None,
    *,
    person_id: str | None = None,
    by: Literal["count", "effort"] | None = None,
    kind: Literal["burndown", "burnup"] = "burndown",
    title: str | None = None,
) -> go.Figure:
    """Remaining (burndown) or done (burnup) work over time, with scope, ideal and forecast.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.burndown`: ``date``, ``scope``, ``done``,
        ``remaining``, ``ideal`` (and ``person_id``).
    forecast : DataFrame, optional
        From :func:`careermap.metrics.forecast`: the ``level == "person"`` row's ``p50``,
        ``p85`` and ``p95`` dates are drawn as a fan from today's remaining work down to
        zero, with a shaded P50-P95 band. Its ``reason`` is shown when there are no dates.
    person_id : str, optional
        Whose burndown; needed only when the frames hold several people.
    by : {"count", "effort"}, optional
        What the numbers count (milestones or effort hours), for the axis title; read
        from ``data.attrs["by"]`` or a ``by`` column when not given.
    kind : {"burndown", "burnup"}
        Burndown draws remaining work falling to zero; burnup draws done work rising to
        the scope line.
    title : str, optional
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import burndown_chart
    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2026-01-01", "2026-02-01"]),
    ...     "scope": [4, 4], "done": [0, 1], "remaining": [4, 3], "ideal": [4.0, 3.5]})
    >>> [t.name for t in burndown_chart(frame).data]
    ['scope', 'ideal', 'remaining']
    """
    check_choice("kind", kind, ("burndown", "burnup"))
    unit = _burndown_unit(data, by)
    what, short_unit = _BY_UNITS[unit]
    title = title or ("Burndown: work remaining" if kind == "burndown" else "Burnup: work done")
    if data.empty or not (data["scope"].fillna(0) > 0).any():
        return empty_figure(_nothing_planned_yet(data, person_id), title=title)
    data["date"] = as_timestamps(data["date"])
    data = data.sort_values("date")
    if data["date"].nunique() < 2:
        # one point is not a line: a new map's first period would draw a lone dot on an axis
        # whose ticks are fractions of a millisecond
        last = data.iloc[-1]
        return empty_figure(
            f"too early for a {kind}: {fmt.count(last['scope'], short_unit.removesuffix('s'))} "
            f"in the plan, {fmt.number(last['done'], digits=0 if unit == 'count' else 1)} "
            "done so far; the chart draws from the second period on",
            title=title,
        )
    actual = data.loc[data["remaining"].notna()]
    x = dates_text(data["date"])
    fig = new_figure(title=title, height=460)
    fig.add_scatter(
        x=x,
        y=data["scope"],
        name="scope",
        mode="lines",
        line={"color": "#8A96A3", "shape": "hv", "width": 2, "dash": "dot"},
        hovertemplate=f"%{{x|%Y-%m-%d}}: scope %{{y:.4~g}} {short_unit} in the plan<extra></extra>",
    )
    start_ideal = data["ideal"].dropna().iloc[0] if data["ideal"].notna().any() else np.nan
    ideal = data["ideal"] if kind == "burndown" else start_ideal - data["ideal"]
    fig.add_scatter(
        x=x,
        y=ideal,
        name="ideal",
        mode="lines",
        line={"color": "#8A96A3", "width": 1.5, "dash": "dash"},
        hovertemplate=(
            f"%{{x|%Y-%m-%d}}: an even pace would have %{{y:.4~g}} {short_unit} "
            f"{'left' if kind == 'burndown' else 'done'}<extra></extra>"
        ),
    )
    y_col = "remaining" if kind == "burndown" else "done"
    fig.add_scatter(
        x=dates_text(actual["date"]),
        y=actual[y_col],
        name=y_col,
        mode="lines",
        line={"color": STATUS_COLORS["on track"], "width": 3, "shape": "hv"},
        hovertemplate=f"%{{x|%Y-%m-%d}}: %{{y:.4~g}} {short_unit} {y_col}<extra></extra>",
    )
    if forecast is not None and not actual.empty:
        _add_forecast(fig, forecast, actual, person_id, kind, short_unit)
    label = f"{what} {'remaining' if kind == 'burndown' else 'done'}"
    fig.update_xaxes(title_text="date", type="date")
    fig.update_yaxes(title_text=label, rangemode="tozero")
    fig.update_layout(
        hovermode="closest",
    )
    return fig


def _add_forecast(
    fig: go.Figure,
    forecast_frame: pd.DataFrame,
    actual: pd.DataFrame,
    person_id: str | None,
    kind: str,
    unit: str,
) -> None:
    check_columns(forecast_frame, ["p50", "p85", "p95"], "burndown_chart (forecast)")
    everyone = one_person(forecast_frame, person_id, "burndown_chart")
    rows = everyone
    if "level" in rows.columns:
        rows = rows.loc[rows["level"] == "person"]
    if rows.empty:
        return
    row = rows.iloc[0]
    last = actual.iloc[-1]
    now = last["date"]
    start_y = last["remaining"] if kind == "burndown" else last["done"]
    end_y = 0.0 if kind == "burndown" else last["scope"]
    every = {p: as_date(row[p]) for p in ("p50", "p85", "p95")}
    # a quantile the forecast leaves empty (further than it dates) is not drawn; the ones it
    # gives are, so the chart shows every date the headline shows
    dates = {p: d for p, d in every.items() if d is not None}
    partial = None
    if len(dates) < len(every):
        reason = row.get("reason") if "reason" in rows.columns else None
        reason = "no forecast" if reason is None or pd.isna(reason) else str(reason)
        if not dates:
            _note(fig, f"forecast: {reason}", kind, color=NEUTRAL)
            return
        partial = f"forecast: {reason}"
    fan = "#E69F00"
    now_text = now.strftime(DATE_FORMAT)
    p50 = min(dates.values()).strftime(DATE_FORMAT)
    p95 = max(dates.values()).strftime(DATE_FORMAT)
    fig.add_scatter(
        x=[now_text, p50, p95, now_text],
        y=[start_y, end_y, end_y, start_y],
        fill="toself",
        fillcolor="rgba(230,159,0,0.18)",
        line={"width": 0},
        mode="lines",
        name="forecast P50-P95",
        hoverinfo="skip",
    )
    styles = {"p50": "solid", "p85": "dash", "p95": "dot"}
    for level, (p, when) in enumerate(dates.items()):
        label = p.upper()
        text = when.strftime(DATE_FORMAT)
        fig.add_scatter(
            x=[now_text, text],
            y=[start_y, end_y],
            mode="lines+markers",
            name=f"forecast {label}",
            line={"color": fan, "dash": styles[p], "width": 2},
            marker={
                "size": [0, 9],
                "symbol": "line-ns-open",
                "color": fan,
                "line": {"width": 2, "color": fan},
            },
            hovertemplate=(
                f"{label}: {int(p[1:])}% likely to be all done by {text}<extra></extra>"
            ),
        )
        fig.add_annotation(
            x=text,
            y=end_y,
            text=f"{label}<br>{when:%b %Y}",
            showarrow=False,
            yanchor="bottom" if kind == "burndown" else "top",
            # one step each, so that three dates a few days apart never share a place
            yshift=(6 + 30 * level) if kind == "burndown" else -(6 + 30 * level),
            font={"size": 11, "color": "#9A6A00"},
        )
    notes = [n for n in (_chance_headline(everyone, row), partial) if n]
    if notes:
        # above the plot, under the legend: inside it, the fan's date labels can reach any
        # corner (a P50 close to today sits at the bottom left)
        lines = [line for note in notes for line in textwrap.wrap(note, 80)]
        legend_above(fig, room_px=len(lines) * NOTE_LINE_PX + 8)
        add_note(fig, "<br>".join(lines), color="#9A6A00")


def _nothing_planned_yet(data: pd.DataFrame, person_id: str | None) -> str:
    """Why there is no work to draw: none planned, or (before the plan starts) from when."""
    later = data.attrs.get("later") or {}
    if person_id is None and len(later) == 1:
        person_id = next(iter(later))
    coming = later.get(person_id) if person_id is not None else None
    if not coming:
        return NOTHING_YET["milestones"]
    n = coming["milestones"]
    start = f" (the map starts on {coming['start']})" if coming["start"] != coming["first"] else ""
    return (
        f"nothing in the plan yet on this date: {fmt.count(n, 'milestone')} "
        f"{'starts' if n == 1 else 'start'} on {coming['first']}{start}; "
        "look from that date on to see the chart"
    )


def _chance_headline(rows: pd.DataFrame, person_row: pd.Series) -> str | None:
    """The goal most at risk and its chance (the loosest deadline would flatter the plan)."""
    if "prob_by_deadline" not in rows.columns:
        return None
    if {"goal_id", "deadline", "level"} <= set(rows.columns):
        risk = goal_at_risk(rows)
        if len(risk):
            r = risk.iloc[0]
            return (
                f"goal most at risk: {esc(r['goal_id'])}, "
                f"{fmt.percent(r['prob_by_deadline'])} chance to finish by its deadline "
                f"{fmt.date(r['deadline'])}"
            )
    if pd.isna(person_row["prob_by_deadline"]):
        return None
    deadline = ""
    if "deadline" in person_row.index and pd.notna(person_row["deadline"]):
        deadline = f" ({fmt.date(person_row['deadline'])})"
    return (
        f"chance to finish everything by the last deadline{deadline}: "
        f"{fmt.percent(person_row['prob_by_deadline'])}"
    )


def _note(fig: go.Figure, text: str, kind: str, *, color: str) -> None:
    """A note in the corner the lines leave empty (bottom left; bottom right for a burnup)."""
    fig.add_annotation(
        text=text,
        x=0.01 if kind == "burndown" else 0.99,
        y=0.02,
        xref="paper",
        yref="paper",
        xanchor="left" if kind == "burndown" else "right",
        yanchor="bottom",
        showarrow=False,
        align="left",
        bgcolor="rgba(255,255,255,0.85)",
        font={"size": 12, "color": color},
    )
