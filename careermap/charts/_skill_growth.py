"""The charts of ``metrics/_skill_growth.py``: hours invested vs level gained per skill, and
when each gap of a role closes at the person's rate of gain."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_columns, renamed_arguments
from careermap.charts._core import (
    DATE_FORMAT,
    add_date_line,
    add_note,
    add_source,
    as_date,
    chart_opening,
    dates_text,
    empty_figure,
    esc,
    new_figure,
    place_labels,
    short,
)
from careermap.charts._skills import skill_labels_of
from careermap.charts._theme import (
    BLUE,
    GREEN,
    GREY,
    VERMILLION,
)


@renamed_arguments(frame="data")
@chart_opening(
    title="Hours invested vs level gained",
)
def skill_investment_chart(
    data: pd.DataFrame,
    *,
    x: str = "hours",
    y: str = "level_gain",
    title: str,
) -> go.Figure:
    """Hours invested in each skill against the level gained (a scatter, one dot per skill).

    Skills with hours but fewer than two assessments have no gain to show; a note under
    the chart counts them.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.skill_investment`: ``skill_id``/``skill``,
        ``hours`` (logged on milestones that build the skill) and ``level_gain`` (first to
        latest assessment); ``first_level``, ``latest_level`` and ``hours_per_level`` are
        shown in the hover text when present.
    person_id : str, optional
        Whose skills; needed only when the frame holds several people.
    x, y : str
        The columns with the hours and the level gained.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``scatter`` trace, one point per skill in the frame's order.

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import skill_investment_chart
    >>> frame = pd.DataFrame({"skill": ["Writing", "Speaking"], "hours": [12.0, 30.0],
    ...                       "level_gain": [0.5, 1.5]})
    >>> skill_investment_chart(frame).data[0].x.tolist()
    [12.0, 30.0]
    """
    check_columns(data, [x, y], "skill_investment_chart")
    unmeasured = int((data[x].fillna(0) > 0).sum() - (data[x].fillna(0) > 0)[data[y].notna()].sum())
    data = data.loc[data[x].notna() & data[y].notna()]
    if data.empty:
        return empty_figure(
            "no skill has both logged hours and two assessments yet: log time on a "
            "milestone that trains a skill, and re-assess the skill later",
            title=title,
        )
    data["_label"] = skill_labels_of(data)
    levels = [
        "" if pd.isna(a) or pd.isna(b) else f" (from {a:.2f} to {b:.2f})"
        for a, b in zip(
            data.get("first_level", pd.Series(np.nan, index=data.index)),
            data.get("latest_level", pd.Series(np.nan, index=data.index)),
            strict=True,
        )
    ]
    per_level = data.get("hours_per_level", pd.Series(np.nan, index=data.index))
    per_level_text = [
        "no level gained yet" if pd.isna(v) else f"{v:.1f} hours per level gained"
        for v in per_level
    ]
    fig = new_figure(title=title, height=480)
    x_max, y_min, y_max = float(data[x].max()), float(data[y].min()), float(data[y].max())
    y_pad = max(0.15 * (y_max - min(y_min, 0.0)), 0.2)
    x_range = (-0.08 * x_max, 1.1 * x_max)
    y_range = (min(y_min, 0.0) - y_pad, y_max + y_pad)
    # labels inside the plot, one per place (the rest keep their hover): near the y axis
    # they ran onto its tick labels, and close skills onto each other
    positions, texts = place_labels(
        data[x], data[y], data["_label"].map(lambda s: short(s, 24)).tolist(),
        x_range=x_range, y_range=y_range, height_px=330,
    )  # fmt: skip
    fig.add_scatter(
        x=data[x].to_numpy(),
        y=data[y].to_numpy(),
        mode="markers+text",
        text=texts,
        textposition=positions,
        cliponaxis=False,
        name="skill",
        marker={
            "size": 12,
            "color": np.where(data[y] > 0, GREEN, np.where(data[y] < 0, VERMILLION, GREY)).tolist(),
            "line": {"color": "white", "width": 1},
        },
        customdata=np.column_stack([data["_label"], levels, per_level_text]),
        hovertemplate=(
            "<b>%{customdata[0]}</b><br>%{x:.3~g} hours logged on milestones that build it"
            "<br>level gained %{y:+.2f}%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
        ),
    )
    fig.add_hline(y=0, line={"color": "#B8C2CC", "width": 1})
    fig.update_xaxes(
        title_text="hours invested (logged on milestones that build the skill)",
        range=list(x_range),
    )
    fig.update_yaxes(title_text="level gained (O*NET 0-7 scale)", range=list(y_range))
    fig.update_layout(showlegend=False)
    if unmeasured:
        add_source(
            fig,
            f"{unmeasured} skill{'s' * (unmeasured != 1)} with logged hours but fewer than two "
            "assessments not shown: assess them to see the gain",
        )
    return fig


@chart_opening(
    columns=["role_id", "skill", "gap", "last_assessed", "close_by", "reason"],
)
def time_to_close_chart(
    data: pd.DataFrame,
    *,
    role_id: str | None = None,
    as_of: object = None,
    title: str | None = None,
) -> go.Figure:
    """When each skill gap of a role closes at the person's own rate of gain.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.time_to_close`: ``role_id``, ``skill``, ``gap``,
        ``last_assessed``, ``close_by``, ``reason``, ``rate_per_year``.
    role_id : str, optional
        The role to show (default: the first in the frame).
    as_of : date-like, optional
        Draws a dashed line on that day.

    Returns
    -------
    plotly.graph_objects.Figure
        A bar per skill with a gap and a date, from the last assessment to the projected
        close date; a projection already past on ``as_of`` is a grey bar up to the as-of
        line, "should have closed by now: re-assess" (no bar ends before the line); skills
        with a gap but no date (not assessed, one assessment, no gain) are listed with their
        reason in a note.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> t = metrics.time_to_close(m, as_of="2026-11-15")
    >>> fig = charts.time_to_close_chart(t, role_id="15-2051.01")
    >>> list(fig.data[0].y)
    ['Computers and Electronics']
    """
    role = role_id if role_id is not None else (data["role_id"].iloc[0] if len(data) else "")
    # the role by its title where the frame carries it (metrics.time_to_close does)
    named = data.loc[data["role_id"] == role, "role_title"] if "role_title" in data else None
    label = (
        named.iloc[0]
        if named is not None and len(named) and isinstance(named.iloc[0], str)
        else role
    )
    title = title or f"When each skill gap for {esc(label)} closes at your rate of gain"
    needed = data[data["role_id"] == role]
    data = needed[needed["gap"] > 0]
    if data.empty:
        unassessed = int(needed["gap"].isna().sum())
        if len(needed) and unassessed == len(needed):
            # no gap is known, which is not "no gap": say what is missing
            return empty_figure(
                f"none of the {len(needed)} skills {esc(label)} requires is assessed yet: "
                "rate your skills with the form in notebook 04",
                title=title,
            )
        if unassessed:
            return empty_figure(
                f"no assessed skill is below what {esc(label)} requires: "
                f"{unassessed} of its {len(needed)} skills are not assessed yet "
                "(rate them with the form in notebook 04)",
                title=title,
            )
        return empty_figure(f"no skill gap to close for {esc(label)}", title=title)
    when = as_date(as_of)
    # a close-by date is never in the past: a projection before the as-of line (the
    # metric's NaT close_by with a projected_close, or a date before this chart's as_of)
    # is drawn up to the line as "should have closed by now", never as a bar ending before
    projected = (
        pd.to_datetime(data["projected_close"])
        if "projected_close" in data
        else pd.to_datetime(data["close_by"])
    )
    close_by = pd.to_datetime(data["close_by"])
    if when is None:  # no line to draw them up to: listed in the note with their reason
        stale = pd.Series(False, index=data.index)
    else:
        stale = projected.notna() & (close_by.isna() | (close_by < pd.Timestamp(when)))
    dated = data[close_by.notna() & ~stale].sort_values("close_by")
    late = data[stale]
    undated = data[close_by.isna() & ~stale]
    shown = len(dated) + len(late)
    fig = new_figure(title=title, height=max(320, 160 + 30 * shown))
    order: list[str] = []
    if len(dated):
        start = pd.to_datetime(dated["last_assessed"])
        end = pd.to_datetime(dated["close_by"])
        fig.add_bar(
            x=((end - start).dt.days * 86_400_000).tolist(),
            base=dates_text(start),
            y=[esc(s) for s in dated["skill"]],
            orientation="h",
            name="projected close",
            marker={"color": BLUE},
            text=[f"closes about {d}" for d in dates_text(end)],
            textposition="outside",
            cliponaxis=False,
            width=0.5,
            hovertext=[
                f"{esc(s)}: gap {g:.2f} levels, gaining {r:.2f} a year; closes about {d}"
                for s, g, r, d in zip(
                    dated["skill"],
                    dated["gap"],
                    dated["rate_per_year"],
                    dates_text(end),
                    strict=True,
                )
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
        order += [esc(s) for s in dated["skill"]]
    if len(late):
        start = pd.to_datetime(late["last_assessed"])
        line = pd.Timestamp(when)
        fig.add_bar(
            x=[(line - d).days * 86_400_000 for d in start],
            base=dates_text(start),
            y=[esc(s) for s in late["skill"]],
            orientation="h",
            name="should have closed by now",
            marker={"color": GREY},
            text=["should have closed by now: re-assess"] * len(late),
            textposition="outside",
            cliponaxis=False,
            width=0.5,
            hovertext=[
                f"{esc(s)}: gap {g:.2f} levels on {a}, gaining {r:.2f} a year; at that rate "
                f"it should have closed about {p}: re-assess to see where it stands"
                for s, g, a, r, p in zip(
                    late["skill"],
                    late["gap"],
                    dates_text(start),
                    late["rate_per_year"],
                    dates_text(projected[stale]),
                    strict=True,
                )
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
        order = [esc(s) for s in late["skill"]] + order
    if shown:
        first = pd.to_datetime(pd.concat([dated["last_assessed"], late["last_assessed"]])).min()
        last = max(
            [pd.to_datetime(dated["close_by"]).max()] * bool(len(dated))
            + [pd.Timestamp(when)] * bool(len(late))
        )
        span = max((last - first).days, 30)
        fig.update_xaxes(
            type="date",
            range=[
                (first - pd.Timedelta(days=span * 0.05)).strftime(DATE_FORMAT),
                (last + pd.Timedelta(days=span * 0.35)).strftime(DATE_FORMAT),
            ],
        )
        fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    else:
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    if when is not None and shown:
        add_date_line(fig, when, f"as of {when.strftime(DATE_FORMAT)}")
    if len(undated):
        listed = "; ".join(f"{esc(s)}: {esc(r)}" for s, r in
                           zip(undated["skill"], undated["reason"], strict=True))  # fmt: skip
        add_note(fig, f"no date for {len(undated)} gap(s) — {short(listed, 220)}")
    return fig
