"""Skill views: gap bars with O*NET uncertainty, the radar, gap trend, investment, history."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from careermap._args import renamed_arguments
from careermap.charts._core import (
    add_source,
    as_timestamps,
    dates_text,
    empty_figure,
    esc,
    label_positions,
    new_figure,
    one_person,
    require_columns,
    short,
)
from careermap.charts._theme import (
    GREEN,
    GREY,
    NEUTRAL,
    ONET_SOURCE,
    PALETTE,
    TEMPLATE,
    VERMILLION,
)
from careermap.errors import InvalidArgumentError

LEVEL_TITLE = "level (O*NET 0-7)"
_YOU = "#000000"


@functools.cache
def _catalogue() -> dict[str, str]:
    """O*NET element id -> display name (:func:`careermap.reference.skill_labels`)."""
    from careermap.reference import skill_labels

    return skill_labels().to_dict()


def skill_label(skill_id: Any, skill: Any = None) -> str:
    """How a skill is shown: its O*NET name for an element id, else what the person wrote."""
    names = _catalogue()
    for candidate in (skill_id, skill):
        if isinstance(candidate, str) and candidate in names:
            return names[candidate]
    for candidate in (skill, skill_id):
        if isinstance(candidate, str) and candidate:
            return esc(candidate)  # written by the person: shown as written, never as markup
    return "(unnamed skill)"


def _labels(frame: pd.DataFrame) -> pd.Series:
    ids = frame["skill_id"] if "skill_id" in frame.columns else pd.Series(None, index=frame.index)
    names = frame["skill"] if "skill" in frame.columns else pd.Series(None, index=frame.index)
    return pd.Series(
        [skill_label(i, s) for i, s in zip(ids, names, strict=True)],
        index=frame.index,
        dtype=object,
    )


def _role_names(frame: pd.DataFrame, labels: Mapping[str, str] | None) -> dict[str, str]:
    names: dict[str, str] = {}
    for column in ("role_title", "title", "role"):
        if column in frame.columns:
            pairs = frame[["role_id", column]].dropna().drop_duplicates("role_id")
            names.update(zip(pairs["role_id"], pairs[column].astype(str), strict=True))
            break
    names.update(labels or {})
    return {role: esc(name) for role, name in names.items()}  # custom roles: user text


def _pick_roles(frame: pd.DataFrame, roles: Iterable[str] | None, chart: str) -> list[str]:
    present = list(dict.fromkeys(frame["role_id"].dropna().tolist()))
    if roles is None:
        return present
    wanted = [roles] if isinstance(roles, str) else list(roles)
    unknown = [r for r in wanted if r not in present]
    if unknown:
        raise InvalidArgumentError(
            f"{chart}: unknown role(s) {', '.join(map(repr, unknown))}; "
            f"the frame has: {', '.join(map(repr, present)) or '(none)'}"
        )
    return wanted


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[column].fillna(False).astype(bool)


_GAP_COLUMNS = ["role_id", "required_level", "current_level", "gap", "weighted_gap"]


def _prepare_gaps(frame: pd.DataFrame, person_id: str | None, chart: str) -> pd.DataFrame:
    require_columns(frame, _GAP_COLUMNS, chart)
    data = one_person(frame, person_id, chart)
    data = data.loc[~_flag(data, "not_relevant")]
    data["_label"] = _labels(data)
    data["_suppress"] = _flag(data, "suppress")
    assessed = data["assessed"] if "assessed" in data.columns else data["current_level"].notna()
    data["_assessed"] = assessed.fillna(False).astype(bool) & data["current_level"].notna()
    return data


@renamed_arguments(gaps_frame="data")
def skill_gap_bars(
    data: pd.DataFrame,
    *,
    roles: str | Iterable[str] | None = None,
    person_id: str | None = None,
    n: int = 12,
    unassessed: int = 5,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Each skill's gap to a target role, largest importance-weighted gap first.

    A bar runs from your current level to the role's required level (vermillion when you
    are below it, green when you meet it). The black tick is O*NET's required level with
    its 95% confidence interval as whiskers; grey marks estimates O*NET recommends
    suppressing (low precision). Skills you have not assessed yet are hatched bars from 0
    to the required level: their gap is unknown.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.skill_gaps`: ``role_id``, ``skill_id``/``skill``,
        ``required_level``, ``current_level``, ``gap``, ``weighted_gap``, ``importance``,
        ``level_lower``, ``level_upper``, ``suppress``, ``not_relevant``, ``assessed``.
    roles : str or list of str, optional
        Role ids to show, one panel each (default: every role in the frame).
    person_id : str, optional
        Whose gaps; needed only when the frame holds several people.
    n : int
        How many assessed skills to show per role (largest weighted gaps).
    unassessed : int
        How many unassessed skills to add per role (most important first); 0 hides them.
    labels : mapping, optional
        Role id -> display name (default: a ``role_title`` or ``title`` column, else the id).
    title : str, optional
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import skill_gap_bars
    >>> gaps = pd.DataFrame({"role_id": ["r1", "r1"], "skill": ["Writing", "Speaking"],
    ...     "required_level": [4.0, 5.0], "current_level": [3.0, None], "gap": [1.0, None],
    ...     "weighted_gap": [4.0, None], "importance": [4.0, 3.0]})
    >>> [t.name for t in skill_gap_bars(gaps).data]
    ['gap: below required', 'not assessed yet', 'required level (O*NET, 95% CI)', 'your level']
    """
    title = title or "Skill gaps to target roles"
    data = _prepare_gaps(data, person_id, "skill_gap_bars")
    if data.empty:
        return empty_figure("no target-role requirements to compare with yet", title=title)
    chosen = _pick_roles(data, roles, "skill_gap_bars")
    names = _role_names(data, labels)
    panels = []
    for role in chosen:
        part = data.loc[data["role_id"] == role]
        done = part.loc[part["_assessed"]].sort_values(
            ["weighted_gap", "gap"], ascending=False, na_position="last"
        )
        todo = part.loc[~part["_assessed"]]
        sort_by = "importance" if "importance" in todo.columns else "required_level"
        todo = todo.sort_values(sort_by, ascending=False).head(max(unassessed, 0))
        panels.append((role, pd.concat([done.head(n), todo])))
    rows_per_panel = [max(len(p), 1) for _, p in panels]
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=rows_per_panel,
        vertical_spacing=min(0.08, 0.5 / max(len(panels), 1)),
        subplot_titles=[short(names.get(r, r), 70) for r, _ in panels],
    )
    fig.update_layout(template=TEMPLATE, title={"text": title})
    legend_shown: set[str] = set()

    def legend_once(name: str) -> bool:
        first = name not in legend_shown
        legend_shown.add(name)
        return first

    for row, (role, part) in enumerate(panels, start=1):
        if part.empty:
            continue
        _gap_panel(fig, part, row, names.get(role, role), legend_once)
        fig.update_yaxes(
            categoryorder="array",
            categoryarray=part["_label"].tolist()[::-1],
            row=row,
            col=1,
        )
        fig.update_xaxes(range=[0, 7.2], title_text=LEVEL_TITLE, row=row, col=1)
    fig.update_layout(
        height=140 + 26 * sum(rows_per_panel) + 40 * len(panels),
        barmode="overlay",
    )
    return add_source(fig, ONET_SOURCE)


def _gap_panel(fig: go.Figure, part: pd.DataFrame, row: int, role_name: str, legend_once) -> None:
    assessed = part.loc[part["_assessed"]]
    for name, rows, color in (
        ("gap: below required", assessed.loc[assessed["gap"] > 0], VERMILLION),
        ("gap: meets or exceeds", assessed.loc[~(assessed["gap"] > 0)], GREEN),
    ):
        if rows.empty:
            continue
        colors = np.where(rows["_suppress"], GREY, color)
        fig.add_bar(
            y=rows["_label"],
            base=rows["current_level"].to_numpy(dtype=float),
            x=(rows["required_level"] - rows["current_level"]).to_numpy(dtype=float),
            orientation="h",
            name=name,
            legendgroup=name,
            showlegend=legend_once(name),
            marker={"color": colors.tolist(), "opacity": 0.75},
            width=0.6,
            customdata=_gap_custom(rows, role_name),
            hovertemplate=_GAP_HOVER,
            row=row,
            col=1,
        )
    todo = part.loc[~part["_assessed"]]
    if not todo.empty:
        fig.add_bar(
            y=todo["_label"],
            base=np.zeros(len(todo)),
            x=todo["required_level"].to_numpy(dtype=float),
            orientation="h",
            name="not assessed yet",
            legendgroup="not assessed yet",
            showlegend=legend_once("not assessed yet"),
            marker={
                "color": "rgba(255,255,255,0)",
                "line": {"color": GREY, "width": 1},
                "pattern": {"shape": "/", "fgcolor": GREY, "solidity": 0.2},
            },
            width=0.6,
            customdata=_gap_custom(todo, role_name),
            hovertemplate=(
                "<b>%{y}</b> for %{customdata[0]}<br>not assessed yet: the gap is unknown<br>"
                "required level %{customdata[1]}%{customdata[2]}<br>importance %{customdata[3]}"
                "%{customdata[6]}<extra></extra>"
            ),
            row=row,
            col=1,
        )
    upper = part["level_upper"] if "level_upper" in part.columns else part["required_level"]
    lower = part["level_lower"] if "level_lower" in part.columns else part["required_level"]
    plus = (upper - part["required_level"]).fillna(0).clip(lower=0)
    minus = (part["required_level"] - lower).fillna(0).clip(lower=0)
    fig.add_scatter(
        y=part["_label"],
        x=part["required_level"].to_numpy(dtype=float),
        mode="markers",
        name="required level (O*NET, 95% CI)",
        legendgroup="required",
        showlegend=legend_once("required level (O*NET, 95% CI)"),
        marker={
            "symbol": "line-ns",
            "size": 16,
            "line": {"width": 3, "color": np.where(part["_suppress"], GREY, _YOU).tolist()},
        },
        error_x={
            "type": "data",
            "symmetric": False,
            "array": plus.to_numpy(dtype=float),
            "arrayminus": minus.to_numpy(dtype=float),
            "color": NEUTRAL,
            "thickness": 1.5,
            "width": 4,
        },
        customdata=_gap_custom(part, role_name),
        hovertemplate=(
            "<b>%{y}</b> for %{customdata[0]}<br>required level %{customdata[1]}"
            "%{customdata[2]}<br>importance %{customdata[3]}%{customdata[6]}<extra></extra>"
        ),
        row=row,
        col=1,
    )
    if not assessed.empty:
        fig.add_scatter(
            y=assessed["_label"],
            x=assessed["current_level"].to_numpy(dtype=float),
            mode="markers",
            name="your level",
            legendgroup="you",
            showlegend=legend_once("your level"),
            marker={"symbol": "circle", "size": 9, "color": _YOU},
            customdata=_gap_custom(assessed, role_name),
            hovertemplate=(
                "<b>%{y}</b>: your latest level %{x:.2f}<br>gap to %{customdata[0]}: "
                "%{customdata[4]} levels (weighted by importance: %{customdata[5]})"
                "<extra></extra>"
            ),
            row=row,
            col=1,
        )


_GAP_HOVER = (
    "<b>%{y}</b> for %{customdata[0]}<br>you %{base:.2f} -> required %{customdata[1]}"
    "%{customdata[2]}<br>gap %{customdata[4]} levels, weighted by importance "
    "%{customdata[5]}<br>importance %{customdata[3]}%{customdata[6]}<extra></extra>"
)


def _num(values: pd.Series, fmt: str = "{:.2f}") -> list[str]:
    return ["—" if pd.isna(v) else fmt.format(v) for v in values]


def _gap_custom(rows: pd.DataFrame, role_name: str) -> np.ndarray:
    if "level_lower" in rows.columns and "level_upper" in rows.columns:
        ci = [
            "" if pd.isna(lo) or pd.isna(hi) else f" (95% CI {lo:.2f}-{hi:.2f})"
            for lo, hi in zip(rows["level_lower"], rows["level_upper"], strict=True)
        ]
    else:
        ci = [""] * len(rows)
    importance = (
        rows["importance"] if "importance" in rows.columns else pd.Series(np.nan, rows.index)
    )
    note = np.where(
        rows["_suppress"], "<br>O*NET recommends suppressing this estimate (low precision)", ""
    )
    return np.column_stack(
        [
            [role_name] * len(rows),
            _num(rows["required_level"]),
            ci,
            _num(importance, "{:.2f} (1-5)"),
            _num(rows["gap"]),
            _num(rows["weighted_gap"]),
            note,
        ]
    )


@renamed_arguments(gaps_frame="data")
def skill_radar(
    data: pd.DataFrame,
    *,
    roles: str | Iterable[str] | None = None,
    person_id: str | None = None,
    n: int = 10,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Your current levels against each target role's required levels on one radar.

    Shows the ``n`` assessed skills with the largest weighted gap to any of the roles
    (unassessed skills have no current level to draw; :func:`skill_gap_bars` lists them).

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.skill_gaps` (see :func:`skill_gap_bars`).
    roles : str or list of str, optional
        Role ids to compare (default: every role in the frame).
    person_id : str, optional
        Whose levels; needed only when the frame holds several people.
    n : int
        How many skills (spokes) to show; at least 3 are needed.
    labels : mapping, optional
        Role id -> display name.
    title : str, optional
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``scatterpolar`` trace per role plus ``you``; each polygon repeats its first
        point at the end to close the shape.

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import skill_radar
    >>> gaps = pd.DataFrame({"role_id": ["r1"] * 3, "skill": ["Writing", "Speaking", "Math"],
    ...     "required_level": [4.0, 5.0, 3.0], "current_level": [3.0, 4.0, 3.5],
    ...     "gap": [1.0, 1.0, -0.5], "weighted_gap": [4.0, 3.0, 0.0]})
    >>> [t.name for t in skill_radar(gaps).data]
    ['r1', 'you']
    """
    title = title or "Your levels vs target roles"
    data = _prepare_gaps(data, person_id, "skill_radar")
    chosen = _pick_roles(data, roles, "skill_radar") if not data.empty else []
    data = data.loc[data["role_id"].isin(chosen) & data["_assessed"]]
    ranking = (
        data.groupby("_label")["weighted_gap"].max().sort_values(ascending=False, kind="stable")
    )
    spokes = ranking.head(max(n, 3)).index.tolist()
    if len(spokes) < 3:
        return empty_figure(
            "assess at least three skills that your target roles need to see the radar",
            title=title,
        )
    names = _role_names(data, labels)
    fig = new_figure(title=title, height=560)
    closed = [*spokes, spokes[0]]
    for i, role in enumerate(chosen):
        req = data.loc[data["role_id"] == role].groupby("_label")["required_level"].first()
        r = req.reindex(closed).to_numpy()
        role_name = short(names.get(role, role), 50)
        fig.add_scatterpolar(
            r=r,
            theta=closed,
            name=role_name,
            mode="lines+markers",
            line={"color": PALETTE[(i + 1) % len(PALETTE)], "width": 2},
            marker={"size": 6},
            hovertemplate=f"%{{theta}}: {role_name} needs level %{{r:.2f}}<extra></extra>",
        )
    current = data.groupby("_label")["current_level"].first().reindex(closed)
    fig.add_scatterpolar(
        r=current.to_numpy(),
        theta=closed,
        name="you",
        mode="lines+markers",
        fill="toself",
        fillcolor="rgba(0,0,0,0.08)",
        line={"color": _YOU, "width": 3},
        marker={"size": 7},
        hovertemplate="%{theta}: your latest level %{r:.2f}<extra></extra>",
    )
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 7],
                "tickvals": [0, 1, 2, 3, 4, 5, 6, 7],
                # between the first two spokes, so ticks and title cross no line
                "angle": 90 - 180 / len(spokes),
                "tickangle": 90 - 180 / len(spokes),
                "tickfont": {"size": 11},
            },
            "angularaxis": {"direction": "clockwise", "rotation": 90},
        },
        # the unit lives in the legend title: plotly draws a radial-axis title over its ticks
        legend={
            "orientation": "v",
            "x": 1.02,
            "y": 1,
            "yanchor": "top",
            "title": {"text": f"{LEVEL_TITLE}:"},
        },
    )
    return add_source(fig, ONET_SOURCE)


@renamed_arguments(frame="data")
def gap_trend_chart(
    data: pd.DataFrame,
    *,
    y: str | None = None,
    person_id: str | None = None,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """How the gap to each target role moved as you re-assessed your skills.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.gap_trend`: ``date``, ``role_id`` and a measure.
    y : str, optional
        The measure to draw (default: the first of ``weighted_gap``, ``gap``,
        ``match_score`` the frame has).
    person_id : str, optional
        Whose trend; needed only when the frame holds several people.
    labels : mapping, optional
        Role id -> display name.
    title : str, optional
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        One line per role.

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import gap_trend_chart
    >>> trend = pd.DataFrame({"date": pd.to_datetime(["2026-01-01", "2026-06-01"]),
    ...     "role_id": ["r1", "r1"], "weighted_gap": [20.0, 14.5]})
    >>> gap_trend_chart(trend).data[0].y.tolist()
    [20.0, 14.5]
    """
    require_columns(data, ["date", "role_id"], "gap_trend_chart")
    candidates = ["weighted_gap", "gap", "match_score"]
    if y is None:
        y = next((c for c in candidates if c in data.columns), None)
        if y is None:
            raise InvalidArgumentError(
                "gap_trend_chart needs a measure column (weighted_gap, gap or match_score) "
                f"or y=; the frame has: {', '.join(map(str, data.columns))}"
            )
    require_columns(data, [y], "gap_trend_chart")
    title = title or "Skill gap over time"
    data = one_person(data, person_id, "gap_trend_chart")
    data = data.loc[data[y].notna()]
    if data.empty:
        return empty_figure("no skill assessments yet", title=title)
    data["date"] = as_timestamps(data["date"])
    names = _role_names(data, labels)
    axis = _MEASURE_TITLES.get(y, y.replace("_", " "))
    fig = new_figure(title=title, height=420)
    for i, (role, part) in enumerate(data.groupby("role_id", sort=False)):
        series = part.groupby("date")[y].sum(min_count=1)
        counted = (
            part.groupby("date")["n_assessed"].max().reindex(series.index)
            if "n_assessed" in part.columns
            else pd.Series(np.nan, index=series.index)
        )
        notes = ["" if pd.isna(c) else f" ({int(c)} required skills assessed)" for c in counted]
        name = short(names.get(role, role), 50)
        fig.add_scatter(
            x=dates_text(series.index.to_series()),
            y=series.to_numpy(),
            name=name,
            mode="lines+markers",
            line={"color": PALETTE[(i + 1) % len(PALETTE)], "width": 2.5, "shape": "hv"},
            customdata=np.array(notes, dtype=object).reshape(-1, 1),
            hovertemplate=(
                f"%{{x|%Y-%m-%d}}: {axis} to {name}: %{{y:.3~g}}%{{customdata[0]}}<extra></extra>"
            ),
        )
    if y == "weighted_gap":
        add_source(fig, f"Skills not assessed yet count as full gaps. {ONET_SOURCE}")
    else:
        add_source(fig, ONET_SOURCE)
    fig.update_xaxes(title_text="assessment date", type="date")
    fig.update_yaxes(title_text=axis, rangemode="tozero")
    return fig


_MEASURE_TITLES = {
    "weighted_gap": "weighted gap (sum of levels x importance/5)",
    "weighted_gap_assessed": "weighted gap, assessed skills only (levels x importance/5)",
    "gap": "total gap (levels, O*NET 0-7 scale)",
    "match_score": "match score (0 = nothing, 1 = every requirement met)",
}


@renamed_arguments(frame="data")
def skill_investment_chart(
    data: pd.DataFrame,
    *,
    person_id: str | None = None,
    x: str = "hours",
    y: str = "level_gain",
    title: str | None = None,
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
    title : str, optional
        Figure title.

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
    require_columns(data, [x, y], "skill_investment_chart")
    title = title or "Hours invested vs level gained"
    data = one_person(data, person_id, "skill_investment_chart")
    unmeasured = int((data[x].fillna(0) > 0).sum() - (data[x].fillna(0) > 0)[data[y].notna()].sum())
    data = data.loc[data[x].notna() & data[y].notna()]
    if data.empty:
        return empty_figure("no skill has both logged hours and two assessments yet", title=title)
    data["_label"] = _labels(data)
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
    texts = data["_label"].map(lambda s: short(s, 24))
    fig.add_scatter(
        x=data[x].to_numpy(),
        y=data[y].to_numpy(),
        mode="markers+text",
        text=texts,
        textposition=label_positions(data[x], data[y], texts.tolist()),
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
    x_max, y_min, y_max = float(data[x].max()), float(data[y].min()), float(data[y].max())
    y_pad = max(0.15 * (y_max - min(y_min, 0.0)), 0.2)
    fig.update_xaxes(
        title_text="hours invested (logged on milestones that build the skill)",
        range=[-0.08 * x_max, 1.1 * x_max],
    )
    fig.update_yaxes(
        title_text="level gained (O*NET 0-7 scale)",
        range=[min(y_min, 0.0) - y_pad, y_max + y_pad],
    )
    fig.update_layout(showlegend=False)
    if unmeasured:
        add_source(
            fig,
            f"{unmeasured} skill{'s' * (unmeasured != 1)} with logged hours but fewer than two "
            "assessments not shown: assess them to see the gain",
        )
    return fig


def _required_map(required: Any) -> dict[str, float]:
    """Required levels keyed by skill id and by name, from a mapping or a frame."""
    if required is None:
        return {}
    if isinstance(required, Mapping):
        return {str(k): float(v) for k, v in required.items()}
    if isinstance(required, pd.DataFrame):
        level = next((c for c in ("required_level", "level") if c in required.columns), None)
        if level is None:
            raise InvalidArgumentError(
                "skill_history(required=frame) needs a column required_level or level; "
                f"the frame has: {', '.join(map(str, required.columns))}"
            )
        out: dict[str, float] = {}
        for key in ("skill", "skill_id"):
            if key in required.columns:
                best = required.dropna(subset=[key, level]).groupby(key)[level].max()
                out.update({str(k): float(v) for k, v in best.items()})
        return out
    raise InvalidArgumentError(
        "skill_history(required=...) takes a mapping skill -> level or a frame with "
        f"skill/skill_id and required_level; got {type(required).__name__}"
    )


@renamed_arguments(assessments_frame="data")
def skill_history(
    data: pd.DataFrame,
    *,
    skills: Iterable[str] | None = None,
    required: Mapping[str, float] | pd.DataFrame | None = None,
    person_id: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Assessed level over time per skill, with the required level as a dashed line.

    Parameters
    ----------
    data : DataFrame
        The assessments frame (``date``, ``skill``, ``level``; ``skill_id`` and ``source``
        are used when present).
    skills : list of str, optional
        Skills to show, by O*NET element id, name as written, or display name (default:
        all assessed skills).
    required : mapping or DataFrame, optional
        Required levels, as ``{skill id or name: level}`` or a frame with ``skill`` and/or
        ``skill_id`` and ``required_level`` (or ``level``), e.g. one role's rows of
        :func:`careermap.metrics.skill_gaps`.
    person_id : str, optional
        Whose assessments; needed only when the frame holds several people.
    title : str, optional
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        Per skill one ``scatter`` line (name = the skill) and, when a required level is
        known, a dashed line named ``"<skill> required"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import skill_history
    >>> a = pd.DataFrame({"date": pd.to_datetime(["2026-01-01", "2026-04-01"]),
    ...     "skill": ["Writing", "Writing"], "level": [3.0, 3.5], "source": ["self", "mentor"]})
    >>> [t.name for t in skill_history(a, required={"Writing": 4.0}).data]
    ['Writing', 'Writing required']
    """
    require_columns(data, ["date", "skill", "level"], "skill_history")
    title = title or "Skill levels over time"
    data = one_person(data, person_id, "skill_history")
    data = data.loc[data["level"].notna()]
    data["_label"] = _labels(data)
    data["_key"] = (
        data["skill_id"].astype("object").where(data["skill_id"].notna(), data["skill"])
        if "skill_id" in data.columns
        else data["skill"]
    )
    if skills is not None:
        wanted = {skills} if isinstance(skills, str) else set(skills)
        keep = data["_key"].isin(wanted) | data["skill"].isin(wanted) | data["_label"].isin(wanted)
        data = data.loc[keep]
    if data.empty:
        return empty_figure("no skill assessments yet", title=title)
    data["date"] = as_timestamps(data["date"])
    levels = _required_map(required)
    fig = new_figure(title=title, height=440)
    first, last = data["date"].min(), data["date"].max()
    if first == last:
        last = first + pd.Timedelta(days=30)
    ends = dates_text(pd.Series([first, last]))
    order = data.groupby("_key", sort=False)["_label"].first()
    # Many skills: a legend column on the right, one entry per skill (its dashed line
    # shares the entry's legend group); a few: the theme's row above the plot.
    crowded = len(order) > 3
    for i, (key, label) in enumerate(order.items()):
        color = PALETTE[i % len(PALETTE)]
        part = data.loc[data["_key"] == key].sort_values("date")
        sources = (
            part["source"].astype(str)
            if "source" in part.columns
            else pd.Series("", index=part.index)
        )
        fig.add_scatter(
            x=dates_text(part["date"]),
            y=part["level"].to_numpy(),
            name=label,
            legendgroup=str(key),
            mode="lines+markers",
            line={"color": color, "width": 2.5},
            marker={"size": 8},
            customdata=np.column_stack([sources]),
            hovertemplate=(
                f"<b>{label}</b><br>%{{x|%Y-%m-%d}}: level %{{y:.2f}} "
                "(%{customdata[0]} assessment)<extra></extra>"
            ),
        )
        need = next(
            (
                levels[k]
                for k in (str(key), *part["skill"].astype(str).unique(), label)
                if k in levels
            ),
            None,
        )
        if need is not None:
            fig.add_scatter(
                x=ends,
                y=[need, need],
                name=f"{label} required",
                legendgroup=str(key),
                showlegend=not crowded,
                mode="lines",
                line={"color": color, "width": 1.5, "dash": "dash"},
                hovertemplate=f"<b>{label}</b>: required level {need:.2f}<extra></extra>",
            )
    fig.update_xaxes(title_text="assessment date", type="date")
    fig.update_yaxes(title_text=LEVEL_TITLE, range=[0, 7.2])
    if crowded:
        fig.update_layout(
            legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
            legend_title_text="dashed: required" if levels else None,
            margin={"r": 230, "t": 70},
        )
    return fig
