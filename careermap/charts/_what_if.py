"""What-if scenarios side by side: each scenario's finish range (P50 to P85) and the deadlines."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_columns
from careermap.charts._core import (
    DATE_FORMAT,
    add_date_line,
    add_note,
    empty_figure,
    esc,
    new_figure,
    one_person,
)
from careermap.charts._theme import BLUE, NEUTRAL, ORANGE, VERMILLION


def what_if_chart(
    data: pd.DataFrame,
    *,
    goals: pd.DataFrame | None = None,
    person_id: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """When the plan is likely finished in each scenario, beside the goals' deadlines.

    Parameters
    ----------
    data : DataFrame
        ``metrics.what_if(...).scenarios``: ``scenario, changes, p50, p85``.
    goals : DataFrame, optional
        ``metrics.what_if(...).goals``: draws each goal's deadline (a moved one too) as a
        dashed line, labelled with the goal ids.
    person_id : str, optional
        Needed only when the frames hold several people.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        One row per scenario (today's plan first, on top): a bar from the P50 date (even
        odds) to the P85 date (85% likely), the P50 marked. A scenario without a date (no
        pace, no hours) says why in its hover text and is listed in a note.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> w = metrics.what_if(m, hours_per_week=10, as_of="2026-11-15")
    >>> fig = charts.what_if_chart(w.scenarios, goals=w.goals)
    >>> list(fig.data[0].y)
    ["today's plan", 'what if']
    """
    check_columns(data, ["scenario", "changes", "p50", "p85"], "what_if_chart")
    title = title or "What if: when the plan is likely finished"
    rows = one_person(data, person_id, "what_if_chart") if "person_id" in data else data
    if rows.empty:
        return empty_figure("no scenarios to compare", title=title)
    rows = rows.reset_index(drop=True)
    names = rows["scenario"].astype("str").tolist()
    fig = new_figure(title=title, height=max(260, 120 + 46 * len(rows)))
    dated = rows["p50"].notna() & rows["p85"].notna()
    p50 = pd.to_datetime(rows["p50"])
    p85 = pd.to_datetime(rows["p85"])
    hover = [
        f"<b>{esc(r.scenario)}</b> ({esc(r.changes)})<br>P50 {d50:%d %b %Y}, P85 {d85:%d %b %Y}"
        if ok
        else f"<b>{esc(r.scenario)}</b> ({esc(r.changes)})<br>no finish date"
        for r, d50, d85, ok in zip(rows.itertuples(index=False), p50, p85, dated, strict=True)
    ]
    width_ms = (p85 - p50).dt.total_seconds().fillna(0) * 1000
    fig.add_trace(
        go.Bar(
            y=names,
            x=width_ms.where(dated, 0).tolist(),
            base=[
                d.strftime(DATE_FORMAT) if ok else None for d, ok in zip(p50, dated, strict=True)
            ],
            orientation="h",
            marker={"color": [ORANGE if i else BLUE for i in range(len(rows))], "opacity": 0.55},
            name="P50 to P85",
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=[n for n, ok in zip(names, dated, strict=True) if ok],
            x=[d.strftime(DATE_FORMAT) for d, ok in zip(p50, dated, strict=True) if ok],
            mode="markers",
            marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": NEUTRAL}},
            name="P50 (even odds)",
            hoverinfo="skip",
        )
    )
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(type="date", title="finish date (P50 to P85)")
    if goals is not None and not goals.empty:
        check_columns(goals, ["goal_id", "deadline"], "what_if_chart")
        lines = goals[["goal_id", "deadline"]].dropna().drop_duplicates()
        for deadline, group in lines.groupby("deadline", sort=True):
            label = ", ".join(sorted(group["goal_id"].astype("str").unique()))
            add_date_line(fig, pd.Timestamp(deadline), label, color=VERMILLION)
        if len(lines):  # the lines' labels are goal ids only (deadlines sit close together)
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="lines",
                    line={"color": VERMILLION, "dash": "dash"},
                    name="goal deadline",
                )
            )
    missing = [n for n, ok in zip(names, dated, strict=True) if not ok]
    if missing:
        add_note(fig, "no finish date: " + ", ".join(esc(n) for n in missing))
    fig.update_layout(showlegend=True, barmode="overlay")
    return fig
