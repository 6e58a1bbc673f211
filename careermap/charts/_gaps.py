"""The charts of ``metrics/_gaps.py``: skill gaps to target roles (one bar panel per role), the
radar of levels vs roles, and the gap per role over time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from careermap._args import check_columns, renamed_arguments
from careermap.charts._core import (
    LEGEND_ROW_PX,
    NOTHING_YET,
    add_source,
    as_timestamps,
    chart_opening,
    dates_text,
    empty_figure,
    esc,
    legend_above,
    new_figure,
    panel_spacing,
    short,
    short_labels,
    stack_panels,
)
from careermap.charts._skills import LEVEL_TITLE, YOU, role_names, skill_labels_of
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


def _relevant(rows: pd.DataFrame) -> pd.Series:
    return ~_flag(rows, "not_relevant")


def _prepare_gaps(data: pd.DataFrame) -> pd.DataFrame:
    """One person's relevant gaps (from :func:`chart_opening`) with what both gap charts read."""
    data["_label"] = skill_labels_of(data)
    data["_suppress"] = _flag(data, "suppress")
    assessed = data["assessed"] if "assessed" in data.columns else data["current_level"].notna()
    data["_assessed"] = assessed.fillna(False).astype(bool) & data["current_level"].notna()
    return data


@renamed_arguments(gaps_frame="data")
@chart_opening(
    columns=_GAP_COLUMNS,
    title="Skill gaps to target roles",
    keep=_relevant,
    nothing="requirements",
)
def skill_gap_bars(
    data: pd.DataFrame,
    *,
    roles: str | Iterable[str] | None = None,
    n: int = 12,
    unassessed: int = 5,
    labels: Mapping[str, str] | None = None,
    title: str,
) -> go.Figure:
    """Each skill's gap to a target role, largest importance-weighted gap first.

    A bar runs from your current level to the role's required level (vermillion when you
    are below it, green when you meet it). The black tick is O*NET's required level with
    its 95% confidence interval as whiskers; grey marks estimates O*NET recommends
    suppressing (low precision). Skills you have not assessed yet are hatched bars from 0
    to the required level: their gap is unknown, and the role's gap counts them in full.
    Each panel's title gives the role's gap and how much of it is assessed (its
    ``coverage``) when the frame has them (``metrics.skill_gaps`` does).

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
    data = _prepare_gaps(data)
    data["_label"] = short_labels(data["_label"])
    chosen = _pick_roles(data, roles, "skill_gap_bars")
    names = role_names(data, labels)
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
        vertical_spacing=panel_spacing(rows_per_panel, row_px=_ROW_PX, gap_px=_GAP_PX),
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
        fig.update_xaxes(range=[0, 7.2], row=row, col=1)
    # one scale for every panel: its title once, under the last one
    fig.update_xaxes(title_text=LEVEL_TITLE, row=len(panels), col=1)
    fig.update_layout(barmode="overlay")
    stack_panels(
        fig,
        [
            esc(short(names.get(r, r), 40))
            + _gap_caption(data.loc[data["role_id"] == r], brief=True)
            for r, _ in panels
        ],
        rows_per_panel,
        row_px=_ROW_PX,
        gap_px=_GAP_PX,
    )
    return add_source(fig, ONET_SOURCE)


def _gap_caption(part: pd.DataFrame, *, brief: bool = False) -> str:
    """The role's gap and coverage as a caption (" — gap 63.4 of 89.1, 30% assessed"; brief:
    " — 30% assessed"), from the ``role_gap``, ``role_max_gap`` and ``coverage`` columns of
    ``metrics.skill_gaps`` (nothing when the frame has none)."""
    cols = ("role_gap", "role_max_gap", "coverage")
    if part.empty or not all(c in part.columns for c in cols):
        return ""
    gap, most, covered = (part[c].iloc[0] for c in cols)
    if pd.isna(gap) or pd.isna(covered):
        return ""
    if brief:  # a panel title, beside a role's name on a narrow screen
        return f" — {covered:.0%} assessed"
    return f" — gap {gap:.1f} of {most:.1f}, {covered:.0%} assessed"


_ROW_PX = 26  # one skill's bar
_GAP_PX = 64  # between panels: the upper panel's tick labels and the next panel's title


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
            "line": {"width": 3, "color": np.where(part["_suppress"], GREY, YOU).tolist()},
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
            marker={"symbol": "circle", "size": 9, "color": YOU},
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
@chart_opening(columns=_GAP_COLUMNS, title="Your levels vs target roles", keep=_relevant)
def skill_radar(
    data: pd.DataFrame,
    *,
    roles: str | Iterable[str] | None = None,
    n: int = 10,
    labels: Mapping[str, str] | None = None,
    title: str,
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
    data = _prepare_gaps(data)
    data["_label"] = short_labels(data["_label"], 30)
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
    names = role_names(data, labels)
    fig = new_figure(title=title, height=560)
    closed = [*spokes, spokes[0]]
    for i, role in enumerate(chosen):
        req = data.loc[data["role_id"] == role].groupby("_label")["required_level"].first()
        r = req.reindex(closed).to_numpy()
        role_name = short(names.get(role, role), 50)
        caption = _gap_caption(data.loc[data["role_id"] == role])
        fig.add_scatterpolar(
            r=r,
            theta=closed,
            name=role_name,
            mode="lines+markers",
            line={"color": PALETTE[(i + 1) % len(PALETTE)], "width": 2},
            marker={"size": 6},
            hovertemplate=(
                f"%{{theta}}: {role_name} needs level %{{r:.2f}}"
                + (f"<br>{role_name}{caption}" if caption else "")
                + "<extra></extra>"
            ),
        )
    current = data.groupby("_label")["current_level"].first().reindex(closed)
    fig.add_scatterpolar(
        r=current.to_numpy(),
        theta=closed,
        name="you",
        mode="lines+markers",
        fill="toself",
        fillcolor="rgba(0,0,0,0.08)",
        line={"color": YOU, "width": 3},
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
    )
    # the legend in rows under the title: on the right it sat on the spokes' labels in a
    # narrow window; the unit lives in its title (plotly draws a radial-axis title over its
    # ticks)
    legend_above(fig, room_px=LEGEND_ROW_PX, title=f"{LEVEL_TITLE}:")
    return add_source(fig, ONET_SOURCE)


_MEASURE_TITLES = {
    "weighted_gap": "weighted gap (sum of levels x importance/5)",
    "weighted_gap_assessed": "weighted gap, assessed skills only (levels x importance/5)",
    "gap": "gap (levels short x importance/5, unassessed in full)",
    "match_score": "match score (0 = nothing, 1 = every requirement met)",
}


@renamed_arguments(frame="data")
@chart_opening(
    columns=["date", "role_id"],
    title="Skill gap over time",
)
def gap_trend_chart(
    data: pd.DataFrame,
    *,
    y: str | None = None,
    labels: Mapping[str, str] | None = None,
    title: str,
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
    candidates = ["weighted_gap", "gap", "match_score"]
    if y is None:
        y = next((c for c in candidates if c in data.columns), None)
        if y is None:
            raise InvalidArgumentError(
                "gap_trend_chart needs a measure column (weighted_gap, gap or match_score) "
                f"or y=; the frame has: {', '.join(map(str, data.columns))}"
            )
    check_columns(data, [y], "gap_trend_chart")
    data = data.loc[data[y].notna()]
    if data.empty:
        return empty_figure(NOTHING_YET["assessments"], title=title)
    data["date"] = as_timestamps(data["date"])
    names = role_names(data, labels)
    axis = _MEASURE_TITLES.get(y, y.replace("_", " "))
    fig = new_figure(title=title, height=420)
    for i, (role, part) in enumerate(data.groupby("role_id", sort=False)):
        series = part.groupby("date")[y].sum(min_count=1)
        counted = (
            part.groupby("date")["n_assessed"].max().reindex(series.index)
            if "n_assessed" in part.columns
            else pd.Series(np.nan, index=series.index)
        )
        covered = (
            part.groupby("date")["coverage"].max().reindex(series.index)
            if "coverage" in part.columns
            else pd.Series(np.nan, index=series.index)
        )
        notes = [
            ""
            if pd.isna(c)
            else f" ({int(c)} required skills assessed"
            + ("" if pd.isna(v) else f", {v:.0%} of the role's weight")
            + ")"
            for c, v in zip(counted, covered, strict=True)
        ]
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
    if y in ("weighted_gap", "gap"):
        add_source(
            fig,
            "Skills not assessed yet count their full weight; the hover says how much of the "
            f"role is assessed.<br>{ONET_SOURCE}",
        )
    else:
        add_source(fig, ONET_SOURCE)
    fig.update_xaxes(title_text="assessment date", type="date")
    fig.update_yaxes(title_text=axis, rangemode="tozero")
    # a legend of many roles wraps: under the title, the plot moved down to make room
    legend_above(fig)
    fig.update_layout(height=420 + fig.layout.margin.t - 100)
    return fig
