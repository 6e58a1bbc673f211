"""The charts of ``metrics/_goals.py``: goal progress against the pace each goal needs, and
planned vs logged hours per goal."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_columns
from careermap.charts._core import (
    ABOVE_LEGEND_PX,
    DATE_FORMAT,
    DATE_LABEL_PX,
    add_date_line,
    add_note,
    as_date,
    chart_opening,
    empty_figure,
    esc,
    new_figure,
    one_person,
    plot_height_px,
    short,
)
from careermap.charts._theme import (
    BLUE,
    GREY,
    PALETTE,
)


def _number(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") if pd.notna(x) else "—"


@chart_opening(
    columns=[
        "goal_id",
        "title",
        "baseline",
        "target",
        "start",
        "deadline",
        "value",
        "progress",
        "status",
    ],
    title="Goals: progress against the pace to the deadline",
)
def goal_pace_chart(
    data: pd.DataFrame,
    *,
    trajectory: pd.DataFrame | None = None,
    person_id: str | None = None,
    as_of: object = None,
    title: str,
) -> go.Figure:
    """Each goal's measured progress (% of the way from baseline to target) against its line.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.goal_pace`: ``goal_id``, ``title``, ``metric``,
        ``baseline``, ``target``, ``start``, ``deadline``, ``value``, ``progress``,
        ``required_per_month``, ``status``.
    trajectory : DataFrame, optional
        From :func:`careermap.metrics.goal_trajectory`: every measurement (``goal_id``,
        ``date``, ``value``, ``progress``), drawn as a line per goal.
    person_id : str, optional
        Whose goals; needed only when the frames hold several people.
    as_of : date-like, optional
        Draws a dashed line on that day.

    Returns
    -------
    plotly.graph_objects.Figure
        Per measurable goal, a dotted line from 0% on the start to 100% on the deadline (the
        pace needed), the measurements as a line with markers, and a label at the latest
        one: the progress, the status and the pace needed per month. Goals without a metric,
        baseline, target and deadline are named in a note.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = charts.goal_pace_chart(metrics.goal_pace(m, as_of="2026-11-15"),
    ...     trajectory=metrics.goal_trajectory(m, as_of="2026-11-15"), as_of="2026-11-15")
    >>> for trace in fig.data[1::2]:
    ...     print(trace.name.replace("<b>", "").replace("</b>", "").split(";")[0])
    G1 Move into a BI analyst role: 50% of the way, behind
    G2 Deepen statistics for healthcare analyt…: 50% of the way, behind
    """
    goals = data
    unmeasurable = goals.loc[goals["status"].astype(str) == "no target", "goal_id"].tolist()
    goals = goals[goals["status"].astype(str) != "no target"]
    if goals.empty:
        return empty_figure(
            "no goal to measure: give a goal a metric, baseline, target and deadline, "
            "and log values in goal_progress.csv",
            title=title,
        )
    points = pd.DataFrame(columns=["goal_id", "date", "value", "progress"])
    if trajectory is not None:
        check_columns(trajectory, ["goal_id", "date", "value", "progress"], "goal_pace_chart")
        points = one_person(trajectory, person_id, "goal_pace_chart")
    fig = new_figure(title=title, height=420 + 30 * len(goals))  # the legend under it, a row a goal
    for i, (_, g) in enumerate(goals.iterrows()):
        color = PALETTE[i % len(PALETTE)]
        gid = esc(g["goal_id"])
        unit = esc(g.get("metric")) if isinstance(g.get("metric"), str) else "value"
        fig.add_scatter(
            x=[g["start"].strftime(DATE_FORMAT), g["deadline"].strftime(DATE_FORMAT)],
            y=[0, 100],
            mode="lines",
            name=f"{gid} needed pace",
            legendgroup=gid,
            line={"color": color, "dash": "dot", "width": 1.5},
            hovertext=[
                f"{gid} starts at {_number(g['baseline'])} {unit}",
                f"{gid} target {_number(g['target'])} {unit} by "
                f"{g['deadline'].strftime(DATE_FORMAT)}",
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
        mine = points[points["goal_id"] == g["goal_id"]].sort_values("date")
        status = str(g["status"])
        required = g.get("required_per_month")
        need = (
            f"; needs {_number(required)} {unit} a month" if pd.notna(required) else ""
        )  # fmt: skip
        label = (
            f"{gid} {esc(short(g['title'], 40))}: <b>{g['progress']:.0%}</b> of the way, "
            f"<b>{status}</b>{need}"
            if pd.notna(g["progress"])
            else f"{gid}: {status}"
        )
        x = [d.strftime(DATE_FORMAT) for d in pd.to_datetime(mine["date"])]
        y = (mine["progress"] * 100).tolist()
        if not x:  # nothing measured yet: the baseline on the start
            x, y = [g["start"].strftime(DATE_FORMAT)], [0.0]
        hover = [
            f"{gid} on {d}: {_number(v)} {unit} ({p:.0f}% of the way)"
            for d, v, p in zip(x, mine["value"].tolist() or [g["baseline"]], y, strict=True)
        ]
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines+markers",
            name=label,
            legendgroup=gid,
            line={"color": color, "width": 2.5, "shape": "hv"},
            marker={"size": 7},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_layout(margin={"b": 60 + 24 * len(goals)})
    # the legend under the date tick labels (about 34 px): a fraction of the plot's
    # height put it on them when many goals made the bottom margin tall
    fig.update_layout(
        legend={
            "orientation": "v",
            "xref": "paper",
            "yref": "paper",
            "y": -34 / plot_height_px(fig),
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
        },
    )
    when = as_date(as_of)
    if when is not None:
        add_date_line(fig, when, f"as of {when.strftime(DATE_FORMAT)}")
    fig.update_yaxes(title_text="% of the way from baseline to target", ticksuffix="%",
                     rangemode="tozero")  # fmt: skip
    fig.update_xaxes(title_text=None)
    note = "dotted: the straight line from baseline on the start to target on the deadline"
    if unmeasurable:
        note += "; not measurable (no metric, baseline, target or deadline): " + ", ".join(
            esc(u) for u in unmeasurable
        )
    # over the "as of" label when there is one
    add_note(fig, note, yshift=8 + DATE_LABEL_PX if when is not None else 8)
    return fig


@chart_opening(
    columns=["goal_id", "planned_hours", "logged_hours"],
    title="Planned vs logged hours per goal",
)
def goal_hours_chart(data: pd.DataFrame, *, title: str) -> go.Figure:
    """Planned vs logged hours per goal.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.goal_hours`: ``goal_id``, ``title``,
        ``planned_hours``, ``logged_hours``, ``done_planned``, ``done_logged``,
        ``unlinked_hours``.

    Returns
    -------
    plotly.graph_objects.Figure
        Per goal, bars of hours planned (all milestones not dropped) and logged; a note gives
        the hours logged to no goal.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = charts.goal_hours_chart(metrics.goal_hours(m, as_of="2026-11-15"))
    >>> [t.name for t in fig.data], list(fig.data[0].x)
    (['planned', 'logged'], ['G1', 'G2', 'G3'])
    """
    goals = data[data["goal_id"].notna()]
    if goals.empty:
        return empty_figure("no goals yet: add goals: to roadmap.yaml", title=title)
    names = [esc(g) for g in goals["goal_id"]]
    titles = goals["title"] if "title" in goals else goals["goal_id"]
    fig = new_figure(title=title, height=400)
    for name, col, color in (("planned", "planned_hours", GREY), ("logged", "logged_hours", BLUE)):
        fig.add_bar(
            x=names,
            y=goals[col].fillna(0).tolist(),
            name=name,
            marker={"color": color},
            text=[f"{v:,.0f} h" if pd.notna(v) else "" for v in goals[col]],
            textposition="outside",
            hovertext=[f"{esc(g)} {esc(short(t, 40))}: {name} {v:,.1f} h" for g, t, v in
                       zip(goals["goal_id"], titles, goals[col].fillna(0), strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="hours")
    unlinked = data["unlinked_hours"].dropna().sum() if "unlinked_hours" in data else 0.0
    add_note(fig, f"planned: effort_hours of milestones not dropped; {unlinked:,.1f} h logged "
               "to no goal", yshift=ABOVE_LEGEND_PX)  # fmt: skip
    return fig
