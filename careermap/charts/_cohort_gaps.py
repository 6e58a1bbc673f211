"""The cohort's skill gaps to one role: people x skills, the largest gaps first.

People are shown by pseudonym unless ``names=True``, labelled as in the other cohort charts.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_choice, check_columns, renamed_arguments
from careermap.charts._cohort import person_labels
from careermap.charts._core import (
    add_source,
    empty_figure,
    esc,
    new_figure,
)
from careermap.charts._theme import ONET_SOURCE, STATUS_COLORS
from careermap.errors import InvalidArgumentError


@renamed_arguments(gaps="data")
def gap_heatmap(
    data: pd.DataFrame,
    *,
    role_id: str | None = None,
    names: bool = False,
    people: pd.DataFrame | None = None,
    max_skills: int = 20,
) -> go.Figure:
    """People x skills: the importance-weighted gap to one role, the largest gaps first.

    People are ordered by their gap to the role (``role_gap`` of ``metrics.skill_gaps``:
    unassessed requirements in full, so nobody moves down by assessing less), and each
    cell's hover gives that gap and its coverage.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`careermap.metrics.skill_gaps` output (e.g. ``skill_gaps(m, roles=[role])``).
    role_id : str, optional
        The role to show; may be left out when ``data`` holds one role.
    names : bool, default False
        Label rows with real names (from ``people`` or a ``name`` column) instead of
        pseudonyms.
    people : pandas.DataFrame, optional
        ``person_id, name`` (e.g. ``m.people``), for ``names=True``.
    max_skills : int, default 20
        Show the skills with the largest mean weighted gap over the cohort.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> from careermap.charts import gap_heatmap
    >>> m = careermap.load(careermap.cohort_path())
    >>> gaps = metrics.skill_gaps(m, roles=["15-2031.00"], as_of="2026-11-15")
    >>> fig = gap_heatmap(gaps, role_id="15-2031.00", max_skills=5)
    >>> fig.data[0].type, len(fig.data[0].x), len(fig.data[0].y) == len(m.people)
    ('heatmap', 5, True)
    """
    check_columns(
        data, ["person_id", "role_id", "skill_id", "skill", "weighted_gap"], "gap_heatmap"
    )
    roles = list(dict.fromkeys(data["role_id"].dropna().astype("str")))
    if role_id is None:
        if len(roles) > 1:
            raise InvalidArgumentError(
                f"gap_heatmap shows one role; pass role_id= one of {', '.join(map(repr, roles))}"
            )
        role_id = roles[0] if roles else None
    elif roles:
        check_choice("role_id", role_id, roles)
    part = data.loc[data["role_id"].astype("str") == role_id] if role_id else data.iloc[0:0]
    title_role = ""
    if not part.empty and "role_title" in part.columns:
        title_role = esc(part["role_title"].iloc[0])
    title = f"Skill gaps to {title_role or esc(role_id) or 'the role'} across the cohort"
    if part.empty:
        return empty_figure("No skill requirements to compare with for this role", title=title)
    part = part.assign(weighted_gap=part["weighted_gap"].astype("float64"))
    grid = part.pivot_table(
        index="person_id", columns="skill_id", values="weighted_gap", aggfunc="first", dropna=False
    )
    skill_order = (
        grid.mean(axis=0, skipna=True)
        .fillna(-1)
        .sort_values(ascending=False, kind="stable")
        .index[:max_skills]
    )
    if "role_gap" in part.columns:
        # the role's gap by the one definition (unassessed requirements in full), so a person
        # never moves down the list by assessing less
        whole = part.groupby("person_id", sort=False)["role_gap"].first().reindex(grid.index)
    else:
        whole = grid[skill_order].sum(axis=1)
    person_order = whole.sort_values(ascending=False, kind="stable").index
    grid = grid.loc[person_order, skill_order]
    x = _skill_labels(part, list(skill_order))
    label_frame = pd.DataFrame({"person_id": list(person_order)})
    if names:
        source = people if people is not None else (part if "name" in part.columns else None)
        if source is not None and "name" in source.columns:
            label_frame = label_frame.merge(
                source[["person_id", "name"]].drop_duplicates("person_id"),
                on="person_id",
                how="left",
            )
    y = person_labels(label_frame, names).tolist()
    z = [[None if pd.isna(v) else round(float(v), 3) for v in row] for row in grid.to_numpy()]
    text = [["not assessed" if v is None else f"{v:.2f}" for v in row] for row in z]
    if {"role_gap", "coverage"} <= set(part.columns):
        per = part.groupby("person_id", sort=False)[["role_gap", "coverage"]].first()
        per = per.reindex(person_order)
        whole_text = [
            f"role gap {g:.1f}, {c:.0%} of its weight assessed"
            for g, c in zip(per["role_gap"], per["coverage"], strict=True)
        ]
    else:
        whole_text = [""] * len(person_order)
    custom = [[w] * len(x) for w in whole_text]
    fig = new_figure(title=title, height=min(220 + 22 * len(y), 2400))
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            colorscale=[[0.0, "#FFFFFF"], [0.25, "#FCE3CF"], [1.0, STATUS_COLORS["overdue"]]],
            zmin=0,
            colorbar={"title": {"text": "weighted gap"}},
            xgap=1,
            ygap=1,
            customdata=custom,
            hovertemplate="%{y}<br>%{x}: weighted gap %{text}<br>%{customdata}<extra></extra>",
            meta={"skill_ids": list(skill_order)},
        )
    )
    fig.update_layout(plot_bgcolor="#ECEEF1")  # grey shows through cells never assessed
    fig.update_xaxes(title_text="skill (largest mean gap first)", tickangle=-40)
    fig.update_yaxes(title_text="person", autorange="reversed")
    add_source(fig, ONET_SOURCE + "; grey: not assessed")
    # below the rotated skill names, whose height depends on the longest one
    drop = 40 + int(0.65 * 7 * max(len(label) for label in x))
    fig.layout.annotations[-1].yshift = -drop
    # the rows' height on top of the margins (a fixed height left one person's row a sliver
    # and pushed the source line off the figure)
    fig.update_layout(
        margin={"b": drop + 40}, height=min(100 + 22 * max(len(y), 5) + drop + 40, 2400)
    )
    return fig


def _skill_labels(part: pd.DataFrame, skill_ids: list[str]) -> list[str]:
    """Skill names, with the domain (or id) added where two skills share a name."""
    info = part.drop_duplicates("skill_id").set_index("skill_id")
    names = [str(info["skill"].get(s, s)) for s in skill_ids]
    labels = []
    for skill_id, name in zip(skill_ids, names, strict=True):
        if names.count(name) > 1:
            extra = info["domain"].get(skill_id) if "domain" in info.columns else None
            name = f"{name} ({extra if isinstance(extra, str) and extra else skill_id})"
        labels.append(esc(name))
    return labels
