"""The chart of ``metrics/_levels.py``: assessed skill levels over time, with the levels a role
requires."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from careermap._args import renamed_arguments
from careermap.charts._core import (
    NOTHING_YET,
    as_timestamps,
    chart_opening,
    dates_text,
    empty_figure,
    esc,
    new_figure,
)
from careermap.charts._skills import LEVEL_TITLE, skill_labels_of
from careermap.charts._theme import (
    distinct_colors,
)
from careermap.errors import InvalidArgumentError


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
                "skill_history_chart(required=frame) needs a column required_level or level; "
                f"the frame has: {', '.join(map(str, required.columns))}"
            )
        out: dict[str, float] = {}
        for key in ("skill", "skill_id"):
            if key in required.columns:
                best = required.dropna(subset=[key, level]).groupby(key)[level].max()
                out.update({str(k): float(v) for k, v in best.items()})
        return out
    raise InvalidArgumentError(
        "skill_history_chart(required=...) takes a mapping skill -> level or a frame with "
        f"skill/skill_id and required_level; got {type(required).__name__}"
    )


@renamed_arguments(assessments_frame="data")
@chart_opening(
    columns=["date", "skill", "level"],
    title="Skill levels over time",
    keep=lambda rows: rows["level"].notna(),
)
def skill_history_chart(
    data: pd.DataFrame,
    *,
    skills: Iterable[str] | None = None,
    required: Mapping[str, float] | pd.DataFrame | None = None,
    labels: Mapping[str, str] | None = None,
    title: str,
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

    Returns
    -------
    plotly.graph_objects.Figure
        Per skill one ``scatter`` line (name = the skill) and, when a required level is
        known, a dashed line named ``"<skill> required"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import skill_history_chart
    >>> a = pd.DataFrame({"date": pd.to_datetime(["2026-01-01", "2026-04-01"]),
    ...     "skill": ["Writing", "Writing"], "level": [3.0, 3.5], "source": ["self", "mentor"]})
    >>> [t.name for t in skill_history_chart(a, required={"Writing": 4.0}).data]
    ['Writing', 'Writing required']
    """
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
