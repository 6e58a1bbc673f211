"""Skills over time: the gap trend per role, hours invested vs level gained, assessed levels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_columns, renamed_arguments
from careermap.charts._core import (
    NOTHING_YET,
    add_source,
    as_timestamps,
    dates_text,
    empty_figure,
    esc,
    legend_above,
    new_figure,
    one_person,
    place_labels,
    short,
)
from careermap.charts._skills import LEVEL_TITLE, role_names, skill_labels_of
from careermap.charts._theme import (
    GREEN,
    GREY,
    ONET_SOURCE,
    PALETTE,
    VERMILLION,
    distinct_colors,
)
from careermap.errors import InvalidArgumentError


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
    check_columns(data, ["date", "role_id"], "gap_trend_chart")
    candidates = ["weighted_gap", "gap", "match_score"]
    if y is None:
        y = next((c for c in candidates if c in data.columns), None)
        if y is None:
            raise InvalidArgumentError(
                "gap_trend_chart needs a measure column (weighted_gap, gap or match_score) "
                f"or y=; the frame has: {', '.join(map(str, data.columns))}"
            )
    check_columns(data, [y], "gap_trend_chart")
    title = title or "Skill gap over time"
    data = one_person(data, person_id, "gap_trend_chart")
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


_MEASURE_TITLES = {
    "weighted_gap": "weighted gap (sum of levels x importance/5)",
    "weighted_gap_assessed": "weighted gap, assessed skills only (levels x importance/5)",
    "gap": "gap (levels short x importance/5, unassessed in full)",
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
    check_columns(data, [x, y], "skill_investment_chart")
    title = title or "Hours invested vs level gained"
    data = one_person(data, person_id, "skill_investment_chart")
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
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Assessed level over time per skill, with the required level as a dashed line.

    Each skill has its own colour (no two alike, up to 24 skills), shared by its assessed
    line and its dashed required level.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.skill_history` (``date``, ``skill``, ``level``;
        ``skill_id`` and ``source`` are used when present). Each line is named by the
        ``skill`` column as it is: the metric's display names (``m.assessments`` works too,
        but shows each skill as the person wrote it, an element id included).
    skills : list of str, optional
        Skills to show, by ``skill_id`` or ``skill`` (default: all assessed skills).
    required : mapping or DataFrame, optional
        Required levels, as ``{skill id or name: level}`` or a frame with ``skill`` and/or
        ``skill_id`` and ``required_level`` (or ``level``), e.g. one role's rows of
        :func:`careermap.metrics.skill_gaps`.
    person_id : str, optional
        Whose assessments; needed only when the frame holds several people.
    labels : mapping, optional
        Display names by skill id or as written, e.g. a custom skill's ``name`` for its id
        (``{"stakeholder-mgmt": "Stakeholder management"}``).
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
    check_columns(data, ["date", "skill", "level"], "skill_history")
    title = title or "Skill levels over time"
    data = one_person(data, person_id, "skill_history")
    data = data.loc[data["level"].notna()]
    data["_label"] = skill_labels_of(data)
    data["_key"] = (
        data["skill_id"].astype("object").where(data["skill_id"].notna(), data["skill"])
        if "skill_id" in data.columns
        else data["skill"]
    )
    if labels:
        named = {str(k): esc(v) for k, v in labels.items()}
        data["_label"] = [
            named.get(str(k), named.get(str(s), lab))
            for k, s, lab in zip(data["_key"], data["skill"], data["_label"], strict=True)
        ]
    if skills is not None:
        wanted = {skills} if isinstance(skills, str) else set(skills)
        keep = data["_key"].isin(wanted) | data["skill"].isin(wanted) | data["_label"].isin(wanted)
        data = data.loc[keep]
    if data.empty:
        return empty_figure(NOTHING_YET["assessments"], title=title)
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
    colors = distinct_colors(len(order))
    for i, (key, label) in enumerate(order.items()):
        color = colors[i]
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
