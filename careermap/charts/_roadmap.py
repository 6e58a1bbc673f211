"""Views of the plan: the roadmap timeline and the strategy map, coloured by status."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_map, renamed_arguments
from careermap._dates import as_of_arg
from careermap.charts._core import (
    DATE_FORMAT,
    NOTHING_YET,
    add_date_line,
    dates_text,
    empty_figure,
    esc,
    new_figure,
    short,
)
from careermap.charts._theme import NEUTRAL, STATUS_COLORS, STATUS_MEANING, STATUS_ORDER
from careermap.errors import InvalidArgumentError
from careermap.metrics import goal_status, milestone_timeline
from careermap.model import CareerMap

_DAY_MS = 86_400_000
_ROW_COLUMNS = [
    "kind", "id", "goal_id", "title", "label", "start", "end", "target", "done", "status", "effort",
]  # fmt: skip


def _one_person_map(m: CareerMap, person_id: str | None, chart: str) -> CareerMap:
    if person_id is None:
        if m.is_cohort:
            shown = ", ".join(map(repr, m.person_ids[:10]))
            raise InvalidArgumentError(f"{chart} shows one person; pass person_id= one of {shown}")
        return m
    return m.person(person_id)


def _required_as_of(as_of: Any, chart: str) -> pd.Timestamp:
    if as_of is None:
        raise InvalidArgumentError(f"{chart} needs as_of= a date like '2026-11-15'; got None")
    return as_of_arg(as_of, allow_today=False)


def _plan_rows(m: CareerMap, as_of: pd.Timestamp, goals: Iterable[str] | None) -> pd.DataFrame:
    """One row per goal followed by its milestones, in display order (top first).

    A milestone's ``target`` is the target in force on ``as_of`` (the milestone-state rule of
    ``metrics/_milestone_state.py``): a reschedule made later did not exist yet, so it
    neither orders the milestones nor moves the bar's end.
    """
    if goals is not None:
        m = m.only_goals(goals)
    ms = milestone_timeline(m, as_of=as_of)
    gs = m.goals.copy()
    by_goal = goal_status(m, as_of=as_of).set_index("goal_id")["status"].astype(object)
    gs["status"] = gs["goal_id"].map(by_goal)
    start = m.people["start"].iloc[0] if len(m.people) else pd.NaT
    ms["target"] = ms["target_asof"]
    ms["start"] = ms["planned"].fillna(start).fillna(ms["target"] - pd.Timedelta(days=30))
    rows = []
    order = gs.assign(_p=gs["priority"].astype("float").fillna(np.inf)).sort_values(
        ["_p", "goal_id"]
    )
    for _, goal in order.iterrows():
        own = ms.loc[ms["goal_id"] == goal["goal_id"]].sort_values(["start", "target"])
        begin = own["start"].min() if len(own) else start
        finish = goal["deadline"] if pd.notna(goal["deadline"]) else own["target"].max()
        if goal["status"] == "done" and len(own):
            finish = own["end"].max()
        rows.append(
            {
                "kind": "goal",
                "id": goal["goal_id"],
                "goal_id": goal["goal_id"],
                "title": esc(goal["title"]),
                "label": f"<b>{goal['goal_id']} {esc(short(goal['title'], 38))}</b>",
                "start": begin,
                "end": finish,
                "target": goal["deadline"],
                "done": pd.NaT,
                "status": goal["status"],
                "effort": own["effort_hours"].sum(min_count=1),
            }
        )
        for _, ms_row in own.iterrows():
            rows.append(
                {
                    "kind": "milestone",
                    "id": ms_row["milestone_id"],
                    "goal_id": goal["goal_id"],
                    "title": esc(ms_row["title"]),
                    "label": f"{ms_row['milestone_id']} {esc(short(ms_row['title'], 40))}",
                    "start": ms_row["start"],
                    "end": ms_row["end"],
                    "target": ms_row["target"],
                    "done": ms_row["done"] if ms_row["status"] == "done" else pd.NaT,
                    "status": ms_row["status"],
                    "effort": ms_row["effort_hours"],
                }
            )
    return pd.DataFrame(rows, columns=_ROW_COLUMNS)


@renamed_arguments(m="data")
def roadmap_timeline(
    data: CareerMap,
    *,
    as_of: Any,
    person_id: str | None = None,
    goals: Iterable[str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Goals and milestones as bars over time, coloured by status as of a date.

    Each bar runs from when the milestone entered the plan (``planned``) to its done date,
    or, while it is open, to its target in force on ``as_of`` (a reschedule made after
    ``as_of`` does not count yet; milestones are ordered by that target too). Goal bars
    (bold) run to the goal's deadline. Grey crosses mark earlier target dates (reschedules
    made by ``as_of``), a dotted vermillion line shows how long an overdue milestone has run
    past its target, and thin arrows link a milestone to the ones that depend on it.

    Parameters
    ----------
    data : CareerMap
        A loaded map (one person, or a cohort with ``person_id`` given).
    as_of : date-like
        The day the statuses are computed for (the vertical "as of" line).
    person_id : str, optional
        Whose roadmap; needed only when ``data`` holds several people.
    goals : list of str, optional
        Goal ids to show (default: all).
    title : str, optional
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import careermap
    >>> from careermap.charts import roadmap_timeline
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = roadmap_timeline(m, as_of="2026-11-15")
    >>> sorted({t.name for t in fig.data if t.type == "bar"})
    ['done', 'dropped', 'on track', 'open', 'overdue']
    """
    m = check_map(data, "data")
    stamp = _required_as_of(as_of, "roadmap_timeline")
    m = _one_person_map(m, person_id, "roadmap_timeline")
    title = title or "Roadmap: goals and milestones over time"
    rows = _plan_rows(m, stamp, goals)
    if rows.empty:
        nothing = "goal_filter" if goals is not None and len(m.goals) else "goals"
        return empty_figure(NOTHING_YET[nothing], title=title)
    height = max(350, 120 + 26 * len(rows))
    fig = new_figure(title=title, height=height)
    categories = rows["label"].tolist()
    shown_in_legend: set[str] = set()
    for kind in ("milestone", "goal"):
        for status in STATUS_ORDER:
            part = rows.loc[(rows["status"] == status) & (rows["kind"] == kind)]
            if part.empty:
                continue
            _add_plan_bars(fig, part, status, kind, legend=status not in shown_in_legend)
            shown_in_legend.add(status)
    _add_overdue_tails(fig, rows, stamp)
    _add_reschedules(fig, m, rows, stamp)
    _add_dependencies(fig, m, rows)
    add_date_line(fig, stamp, f"as of {stamp.strftime(DATE_FORMAT)}")
    visible_end = max(rows.loc[rows["kind"] == "milestone", "end"].max(), stamp)
    visible_start = rows["start"].min()
    pad = pd.Timedelta(days=20)
    fig.update_layout(
        barmode="overlay",
    )
    fig.update_xaxes(
        type="date",
        title_text="date",
        range=[
            (visible_start - pad).strftime(DATE_FORMAT),
            (visible_end + pad * 3).strftime(DATE_FORMAT),
        ],
    )
    fig.update_yaxes(
        title_text="",
        type="category",
        categoryorder="array",
        categoryarray=categories[::-1],
    )
    return fig


def _add_plan_bars(
    fig: go.Figure, part: pd.DataFrame, status: str, kind: str, *, legend: bool
) -> None:
    """One bar trace: the goals (hatched, wide) or milestones (solid) of one status."""
    duration = (part["end"] - part["start"]).dt.total_seconds() * 1000
    custom = np.column_stack(
        [
            part["kind"],
            part["id"],
            part["title"],
            dates_text(part["start"]),
            dates_text(part["target"]),
            dates_text(part["done"]),
            part["effort"].map(lambda v: "—" if pd.isna(v) else f"{v:g} h"),
        ]
    )
    target = "deadline" if kind == "goal" else "target"
    fig.add_bar(
        name=status,
        legendgroup=status,
        showlegend=legend,
        orientation="h",
        y=part["label"],
        base=dates_text(part["start"]),
        x=duration.clip(lower=_DAY_MS).to_numpy(),
        width=0.8 if kind == "goal" else 0.55,
        marker={
            "color": STATUS_COLORS[status],
            "opacity": 0.9,
            "pattern": {"shape": "/" if kind == "goal" else "", "solidity": 0.3},
        },
        customdata=custom,
        hovertemplate=(
            "<b>%{customdata[1]}</b> (%{customdata[0]}): %{customdata[2]}<br>"
            f"in plan since %{{customdata[3]}}<br>{target} %{{customdata[4]}}, "
            "done %{customdata[5]}<br>effort %{customdata[6]}<br>"
            f"status: {status} ({STATUS_MEANING[status]})<extra></extra>"
        ),
    )


def _add_overdue_tails(fig: go.Figure, rows: pd.DataFrame, as_of: pd.Timestamp) -> None:
    late = rows.loc[(rows["status"] == "overdue") & (rows["kind"] == "milestone")]
    if late.empty:
        return
    xs, ys, texts = [], [], []
    for _, row in late.iterrows():
        days = (as_of - row["target"]).days
        text = f"<b>{row['id']}</b> overdue by {days} days (target {row['target']:%Y-%m-%d})"
        xs += [row["target"].strftime(DATE_FORMAT), as_of.strftime(DATE_FORMAT), None]
        ys += [row["label"], row["label"], None]
        texts += [text, text, None]
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="lines",
        name="overdue by",
        legendgroup="overdue",
        showlegend=False,
        line={"color": STATUS_COLORS["overdue"], "dash": "dot", "width": 3},
        text=texts,
        hovertemplate="%{text}<extra></extra>",
    )


def _add_reschedules(fig: go.Figure, m: CareerMap, rows: pd.DataFrame, as_of: pd.Timestamp) -> None:
    label = rows.loc[rows["kind"] == "milestone"].set_index("id")["label"].to_dict()
    # a reschedule made after as_of had not happened yet (the milestone-state rule)
    moves = m.reschedules.loc[
        m.reschedules["milestone_id"].isin(label) & (m.reschedules["on"] <= as_of)
    ]
    if moves.empty:
        return
    to_text = dates_text(moves["to_target"], missing="a later date")
    text = [
        f"<b>{mid}</b> rescheduled on {on}: target moved from {old} to {new}"
        + ("" if pd.isna(reason) else f"<br>reason: {esc(reason)}")
        for mid, on, old, new, reason in zip(
            moves["milestone_id"],
            dates_text(moves["on"]),
            dates_text(moves["from_target"]),
            to_text,
            moves["reason"],
            strict=True,
        )
    ]
    fig.add_scatter(
        x=dates_text(moves["from_target"]),
        y=moves["milestone_id"].map(label),
        mode="markers",
        name="earlier target (rescheduled)",
        marker={"symbol": "x-thin", "size": 11, "line": {"width": 2, "color": NEUTRAL}},
        text=text,
        hovertemplate="%{text}<extra></extra>",
    )


def _add_dependencies(fig: go.Figure, m: CareerMap, rows: pd.DataFrame) -> None:
    ms = rows.loc[rows["kind"] == "milestone"].set_index("id")
    deps = m.dependencies.loc[
        m.dependencies["milestone_id"].isin(ms.index) & m.dependencies["depends_on"].isin(ms.index)
    ]
    if deps.empty:
        return
    xs: list[str | None] = []
    ys: list[str | None] = []
    symbols: list[str] = []
    texts: list[str | None] = []
    for after, before in zip(deps["milestone_id"], deps["depends_on"], strict=True):
        x = ms.at[before, "end"].strftime(DATE_FORMAT)
        text = f"{after} depends on {before}"
        xs += [x, x, None]
        ys += [ms.at[before, "label"], ms.at[after, "label"], None]
        symbols += ["circle", "arrow", "circle"]
        texts += [text, text, None]
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="lines+markers",
        name="depends on",
        line={"color": "#8A96A3", "width": 1},
        marker={
            "symbol": symbols,
            "size": [4, 9, 0] * len(deps),
            "angleref": "previous",
            "color": "#8A96A3",
        },
        text=texts,
        hovertemplate="%{text}<extra></extra>",
        connectgaps=False,
    )


@renamed_arguments(m="data")
def strategy_map(
    data: CareerMap,
    *,
    as_of: Any,
    person_id: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Vision -> goals -> milestones as a treemap, sized by effort, coloured by status.

    Parameters
    ----------
    data : CareerMap
        A loaded map (one person, or a cohort with ``person_id`` given).
    as_of : date-like
        The day the statuses are computed for.
    person_id : str, optional
        Whose map; needed only when ``data`` holds several people.
    title : str, optional
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``treemap`` trace, then legend-only markers for the status colours. A
        milestone's area is its effort estimate in hours (1 hour when it has none, so it
        still shows); a goal's is the sum of its milestones'.

    Examples
    --------
    >>> import careermap
    >>> from careermap.charts import strategy_map
    >>> fig = strategy_map(careermap.load(careermap.sample_path()), as_of="2026-11-15")
    >>> fig.data[0].type, fig.data[0].ids[:2]
    ('treemap', ('vision', 'G1'))
    """
    m = check_map(data, "data")
    stamp = _required_as_of(as_of, "strategy_map")
    m = _one_person_map(m, person_id, "strategy_map")
    title = title or "Strategy map: vision, goals and milestones"
    if m.goals.empty:
        return empty_figure(NOTHING_YET["goals"], title=title)
    rows = _plan_rows(m, stamp, None)
    ms = rows.loc[rows["kind"] == "milestone"].copy()
    ms["size"] = ms["effort"].fillna(1.0).clip(lower=1.0)
    goal_size = ms.groupby("goal_id")["size"].sum()
    gs = rows.loc[rows["kind"] == "goal"].copy()
    gs["size"] = gs["id"].map(goal_size).fillna(1.0)
    vision = m.people["vision"].iloc[0] if len(m.people) else None
    vision_text = "Vision" if pd.isna(vision) else f"Vision: {esc(vision)}"
    titles = [vision_text, *(gs["id"] + " " + gs["title"]), *(ms["id"] + " " + ms["title"])]
    ids = ["vision", *gs["id"], *(ms["goal_id"] + "/" + ms["id"])]
    parents = ["", *["vision"] * len(gs), *ms["goal_id"]]
    values = [float(gs["size"].sum()), *gs["size"], *ms["size"]]
    statuses = ["", *gs["status"], *ms["status"]]
    colors = ["#E8ECF1", *(STATUS_COLORS[s] for s in statuses[1:])]
    when = [
        "",
        *("deadline " + pd.Series(dates_text(gs["target"]))),
        *(
            "target "
            + pd.Series(dates_text(ms["target"]))
            + ms["done"].map(lambda d: "" if pd.isna(d) else f", done {d:%Y-%m-%d}").to_numpy()
        ),
    ]
    kinds = ["vision", *["goal"] * len(gs), *["milestone"] * len(ms)]
    hover_status = ["" if not s else f"status: {s} ({STATUS_MEANING[s]})" for s in statuses]
    fig = new_figure(title=title, height=560)
    fig.add_trace(
        go.Treemap(
            ids=ids,
            labels=[
                vision_text,
                *(short(t, 48) for t in titles[1 : 1 + len(gs)]),
                *(_wrap(t) for t in titles[1 + len(gs) :]),
            ],
            parents=parents,
            values=values,
            branchvalues="total",
            marker={"colors": colors, "line": {"color": "white", "width": 2}},
            customdata=np.column_stack([kinds, titles, hover_status, when]),
            texttemplate=[
                "%{label}",
                *["%{label} (%{value:.0f} h)"] * len(gs),
                *["%{label}<br>%{value:.0f} h"] * len(ms),
            ],
            hovertemplate=(
                "<b>%{customdata[1]}</b> (%{customdata[0]})<br>effort %{value:.0f} hours<br>"
                "%{customdata[2]}<br>%{customdata[3]}<extra></extra>"
            ),
            tiling={"pad": 4},
            pathbar={"visible": False},
            sort=False,
        )
    )
    # a legend for the status colours (the treemap trace itself has none)
    for status in STATUS_ORDER:
        if status in statuses:
            fig.add_scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=status,
                marker={"color": STATUS_COLORS[status], "symbol": "square", "size": 12},
                hoverinfo="skip",
            )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(
        margin={"l": 10, "r": 10, "b": 10},
        uniformtext={"minsize": 10, "mode": "hide"},
    )
    return fig


def _wrap(text: str, width: int = 24, lines: int = 3) -> str:
    """Break a tile label into short lines (treemap text does not wrap by itself)."""
    parts = textwrap.wrap(text, width) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], short(" ".join(parts[lines - 1 :]), width)]
    return "<br>".join(parts)
