"""The chart of ``metrics/_slip.py``: how each milestone's target date moved, from its first
target to the one in force."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_columns
from careermap.charts._core import (
    DATE_FORMAT,
    add_note,
    chart_opening,
    empty_figure,
    esc,
    new_figure,
    one_person,
    short,
)
from careermap.charts._theme import (
    NEUTRAL,
    STATUS_COLORS,
)


@chart_opening(
    columns=["milestone_id", "original_target", "target", "slip_days", "status"],
    title="Target slips: how each milestone's target moved",
)
def slip_chart(
    data: pd.DataFrame,
    *,
    reschedules: pd.DataFrame | None = None,
    person_id: str | None = None,
    title: str,
) -> go.Figure:
    """How each milestone's target date moved: from its first target to the one in force.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.slip`: ``milestone_id``, ``original_target``,
        ``target``, ``slip_days``, ``n_reschedules``, ``status``.
    reschedules : DataFrame, optional
        ``m.reschedules`` (``milestone_id, on, from_target, to_target, reason``): each move
        is drawn as a step with its reason in the hover text.

    Returns
    -------
    plotly.graph_objects.Figure
        One row per milestone whose target moved: a line from the first target (open
        circle) through each rescheduled target to the target in force (filled, coloured by
        status), labelled with the days slipped. Milestones that never moved are counted in
        a note.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = charts.slip_chart(metrics.slip(m, as_of="2026-11-15"), reschedules=m.reschedules)
    >>> [t.name for t in fig.data]
    ['M2', 'M5', 'M8']
    """
    moved = data[data["original_target"] != data["target"]]
    if moved.empty:
        msg = (
            "no milestone target has moved"
            if len(data)
            else "no milestones yet: add milestones: to a goal in roadmap.yaml"
        )
        return empty_figure(msg, title=title)
    res = pd.DataFrame(columns=["milestone_id", "on", "from_target", "to_target", "reason"])
    if reschedules is not None:
        check_columns(reschedules, ["milestone_id", "on", "from_target", "reason"], "slip_chart")
        res = one_person(reschedules, person_id, "slip_chart")
    fig = new_figure(title=title, height=max(300, 140 + 56 * len(moved)))
    for _, r in moved.iterrows():
        mid = esc(r["milestone_id"])
        steps = res[res["milestone_id"] == r["milestone_id"]].sort_values("on", kind="stable")
        x = [r["original_target"], *steps["from_target"].iloc[1:].tolist(), r["target"]]
        hover = [f"{mid}: first target {r['original_target'].strftime(DATE_FORMAT)}"]
        reasons = [""]
        for (_, s), new in zip(steps.iterrows(), x[1:], strict=False):
            reason = esc(s["reason"]) if isinstance(s["reason"], str) else "no reason given"
            reasons.append(esc(short(s["reason"], 40)) if isinstance(s["reason"], str) else "")
            hover.append(
                f"{mid}: moved on {s['on'].strftime(DATE_FORMAT)} to "
                f"{pd.Timestamp(new).strftime(DATE_FORMAT)}<br>reason: {reason}"
            )
        while len(hover) < len(x):
            hover.append(f"{mid}: target {pd.Timestamp(x[len(hover)]).strftime(DATE_FORMAT)}")
            reasons.append("")
        color = STATUS_COLORS.get(str(r["status"]), NEUTRAL)
        days = int(r["slip_days"])
        fig.add_scatter(
            x=[pd.Timestamp(v).strftime(DATE_FORMAT) for v in x],
            y=[mid] * len(x),
            mode="lines+markers+text",
            name=mid,
            line={"color": color, "width": 2},
            marker={
                "size": 11,
                "color": color,
                "symbol": ["circle-open"] + ["circle"] * (len(x) - 1),
                "line": {"width": 2, "color": color},
            },
            text=[
                *reasons[:-1],
                f"{days:+d} days ({esc(r['status'])})"
                + (f": {reasons[-1]}" if reasons[-1] else ""),
            ],
            textposition=["bottom center"] * (len(x) - 1) + ["middle right"],
            textfont={"size": 11},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
            cliponaxis=False,
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=[esc(x) for x in moved["milestone_id"]][::-1],
        title_text=None,
    )
    fig.update_layout(margin={"r": 330})
    still = len(data) - len(moved)
    add_note(fig, f"open circle: the first target; each later dot a new target, with the reason "
               f"given; {still} milestones never moved")  # fmt: skip
    return fig
