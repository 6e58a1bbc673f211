"""Charts of how the plan and the person moved: target slips, reviews, estimates, streaks,
time to close skill gaps, planned vs actual per goal and the trend of each time category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from careermap._args import check_columns
from careermap._vocab import REVIEW_SCORES
from careermap.charts._core import (
    DATE_FORMAT,
    add_date_line,
    add_note,
    as_date,
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
    STATUS_COLORS,
    VERMILLION,
)

_SCORE_COLORS = dict(zip(REVIEW_SCORES, PALETTE, strict=False))


def _note(fig: go.Figure, text: str, *, above_legend: bool = False) -> None:
    add_note(fig, text, yshift=36 if above_legend else 8)


def slip_chart(
    data: pd.DataFrame,
    *,
    reschedules: pd.DataFrame | None = None,
    person_id: str | None = None,
    title: str | None = None,
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
    person_id : str, optional
    title : str, optional

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
    check_columns(
        data, ["milestone_id", "original_target", "target", "slip_days", "status"], "slip_chart"
    )
    title = title or "Target slips: how each milestone's target moved"
    rows = one_person(data, person_id, "slip_chart")
    moved = rows[rows["original_target"] != rows["target"]]
    if moved.empty:
        msg = (
            "no milestone target has moved"
            if len(rows)
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
    still = len(rows) - len(moved)
    _note(fig, f"open circle: the first target; each later dot a new target, with the reason "
               f"given; {still} milestones never moved")  # fmt: skip
    return fig


def review_chart(
    data: pd.DataFrame,
    *,
    person_id: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Monthly review scores over time: satisfaction, motivation, confidence, alignment (1-5).

    Parameters
    ----------
    data : DataFrame
        ``m.reviews``: ``date`` and the four scores (``note`` goes into the hover text).
    person_id : str, optional
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        One line per score on a fixed 1-5 axis.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts
    >>> m = careermap.load(careermap.sample_path())
    >>> [t.name for t in charts.review_chart(m.reviews).data]
    ['satisfaction', 'motivation', 'confidence', 'alignment']
    """
    check_columns(data, ["date", *REVIEW_SCORES], "review_chart")
    title = title or "Monthly reviews"
    rows = one_person(data, person_id, "review_chart").sort_values("date", kind="stable")
    if rows.empty:
        return empty_figure("no reviews yet: add a row to reviews.csv each month", title=title)
    fig = new_figure(title=title, height=400)
    notes = [
        f"<br>{esc(short(n, 80))}" if isinstance(n, str) and n else ""
        for n in (rows["note"] if "note" in rows else [None] * len(rows))
    ]
    for score in REVIEW_SCORES:
        values = pd.to_numeric(rows[score], errors="coerce").astype("float64")
        fig.add_scatter(
            x=dates_text(rows["date"]),
            y=values.tolist(),
            mode="lines+markers",
            name=score,
            line={"color": _SCORE_COLORS[score], "width": 2},
            hovertext=[
                f"{d}: {score} {'—' if pd.isna(v) else int(v)} of 5{n}"
                for d, v, n in zip(dates_text(rows["date"]), values, notes, strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_yaxes(range=[0.7, 5.3], dtick=1, title_text="score (1-5)")
    return fig


def estimation_chart(
    data: pd.DataFrame,
    *,
    person_id: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Estimated vs logged hours per milestone, against the line where they are equal.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.estimation_accuracy`: ``milestone_id``, ``status``,
        ``effort_hours``, ``logged_hours``, ``ratio``.
    person_id : str, optional
    title : str, optional

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
    check_columns(
        data, ["milestone_id", "status", "effort_hours", "logged_hours"], "estimation_chart"
    )
    title = title or "Estimated vs logged hours per milestone"
    rows = one_person(data, person_id, "estimation_chart")
    rows = rows[rows["effort_hours"].notna() & (rows["effort_hours"] > 0)]
    if rows.empty:
        return empty_figure(
            "no milestone has an effort_hours estimate to compare with", title=title
        )
    top = float(max(rows["effort_hours"].max(), rows["logged_hours"].max())) * 1.1
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
        [rows[rows["status"].astype(str) == s] for s in ("done", "open", "dropped")]
    )
    positions, texts = place_labels(
        ordered["effort_hours"], ordered["logged_hours"],
        [esc(x) for x in ordered["milestone_id"]], x_range=(0, top), y_range=(0, top),
    )  # fmt: skip
    labels, at = {}, 0
    for status in ("done", "open", "dropped"):
        n = int((rows["status"].astype(str) == status).sum())
        labels[status] = (positions[at : at + n], texts[at : at + n])
        at += n
    for status in ("done", "open", "dropped"):
        part = rows[rows["status"].astype(str) == status]
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
    done = rows[rows["status"].astype(str) == "done"]
    if len(done):
        total = done["logged_hours"].sum() / done["effort_hours"].sum()
        _note(fig, f"finished milestones took {total:.0%} of their estimates in all",
              above_legend=True)  # fmt: skip
    return fig


def time_to_close_chart(
    data: pd.DataFrame,
    *,
    role_id: str | None = None,
    person_id: str | None = None,
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
    person_id : str, optional
    as_of : date-like, optional
        Draws a dashed line on that day.
    title : str, optional

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
    check_columns(
        data, ["role_id", "skill", "gap", "last_assessed", "close_by", "reason"],
        "time_to_close_chart",
    )  # fmt: skip
    rows = one_person(data, person_id, "time_to_close_chart")
    role = role_id if role_id is not None else (rows["role_id"].iloc[0] if len(rows) else "")
    # the role by its title where the frame carries it (metrics.time_to_close does)
    named = rows.loc[rows["role_id"] == role, "role_title"] if "role_title" in rows else None
    label = (
        named.iloc[0]
        if named is not None and len(named) and isinstance(named.iloc[0], str)
        else role
    )
    title = title or f"When each skill gap for {esc(label)} closes at your rate of gain"
    needed = rows[rows["role_id"] == role]
    rows = needed[needed["gap"] > 0]
    if rows.empty:
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
        pd.to_datetime(rows["projected_close"])
        if "projected_close" in rows
        else pd.to_datetime(rows["close_by"])
    )
    close_by = pd.to_datetime(rows["close_by"])
    if when is None:  # no line to draw them up to: listed in the note with their reason
        stale = pd.Series(False, index=rows.index)
    else:
        stale = projected.notna() & (close_by.isna() | (close_by < pd.Timestamp(when)))
    dated = rows[close_by.notna() & ~stale].sort_values("close_by")
    late = rows[stale]
    undated = rows[close_by.isna() & ~stale]
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
        _note(fig, f"no date for {len(undated)} gap(s) — {short(listed, 220)}")
    return fig


def streak_chart(
    data: pd.DataFrame,
    *,
    summary: pd.DataFrame | None = None,
    person_id: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Logging streaks: the run of consecutive logged days on each day, longest marked.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.habit`: ``date``, ``logged``, ``streak``.
    summary : DataFrame, optional
        From :func:`careermap.metrics.habit_summary`: its ``current_streak`` (a streak
        still alive when today is not logged yet) is named in a note.
    person_id : str, optional
    title : str, optional

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
    check_columns(data, ["date", "streak"], "streak_chart")
    title = title or "Logging streaks"
    rows = one_person(data, person_id, "streak_chart").sort_values("date", kind="stable")
    if rows.empty or not (rows["streak"] > 0).any():
        return empty_figure("no logged days yet: log time to start a streak", title=title)
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
        _note(fig, f"current streak: {current} day{'s' if current != 1 else ''}")
    fig.update_layout(bargap=0)
    fig.update_yaxes(title_text="days in a row", rangemode="tozero")
    return fig


def goal_hours_chart(
    data: pd.DataFrame,
    *,
    person_id: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Planned vs logged hours per goal.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.goal_hours`: ``goal_id``, ``title``,
        ``planned_hours``, ``logged_hours``, ``done_planned``, ``done_logged``,
        ``unlinked_hours``.
    person_id : str, optional
    title : str, optional

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
    check_columns(data, ["goal_id", "planned_hours", "logged_hours"], "goal_hours_chart")
    title = title or "Planned vs logged hours per goal"
    rows = one_person(data, person_id, "goal_hours_chart")
    goals = rows[rows["goal_id"].notna()]
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
    unlinked = rows["unlinked_hours"].dropna().sum() if "unlinked_hours" in rows else 0.0
    _note(fig, f"planned: effort_hours of milestones not dropped; {unlinked:,.1f} h logged "
               "to no goal", above_legend=True)  # fmt: skip
    return fig


def category_trend_chart(
    data: pd.DataFrame,
    *,
    person_id: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Hours per period of each time category, one small panel per category.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.time_allocation` with ``by="category"``: ``period``,
        ``category``, ``hours``.
    person_id : str, optional
    title : str, optional

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
    check_columns(data, ["period", "category", "hours"], "category_trend_chart")
    title = title or "Hours per period, by category"
    rows = one_person(data, person_id, "category_trend_chart")
    used = rows.groupby("category", observed=True, sort=False)["hours"].sum()
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
        part = rows[rows["category"].astype(str) == str(cat)].sort_values("period")
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
