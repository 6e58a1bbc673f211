"""The occupations closest to a person: one bar per occupation, with what was assumed."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from careermap.charts._core import (
    NOTE_LINE_PX,
    add_note,
    add_source,
    chart_opening,
    esc,
    legend_above,
    new_figure,
    short,
)
from careermap.charts._theme import BLUE, GREEN, ONET_SOURCE, ORANGE, PURPLE, SKY

# what an occupation is to the person, in the order the legend lists them
_KINDS = {
    "current role": GREEN,
    "target role": ORANGE,
    "O*NET related to current role": BLUE,
    "O*NET related to a target role": PURPLE,
    "other": SKY,
}


@chart_opening(
    columns=["rank", "role_id", "title", "job_zone", "match_score", "assumed_share"],
    title="Occupations closest to your skills and level",
    nothing="no closest occupations: assess at least one O*NET skill or knowledge element",
    source=ONET_SOURCE,
)
def closest_roles_chart(data: pd.DataFrame, *, title: str) -> go.Figure:
    """How close each suggested occupation is, how much of it is assessed and how much rests
    on assumed levels.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.closest_roles`: ``rank``, ``role_id``, ``title``,
        ``job_zone``, ``match_score``, ``assumed_share``; ``fit``, ``coverage``,
        ``assumed_from``, ``zone_distance``, ``is_current``, ``is_target``, ``is_related``,
        ``is_related_to_target`` and ``main_gaps`` are used when present.
    person_id : str, optional
        Whose occupations; needed only when the frame holds several people.

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal bar per occupation (length: the ranking's ``fit``, or
        ``match_score`` in a frame without it; best ranked on top), coloured by what the
        occupation is to the person (current role, target, O*NET related occupation of the
        current role or of a target role, other), labelled with its job zone, how much of
        its requirement weight is assessed (``coverage``) and how much of the ranking rests
        on assumed levels. A note above the bars says which role the assumption came from.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = charts.closest_roles_chart(metrics.closest_roles(m, as_of="2026-11-15"))
    >>> [trace.name for trace in fig.data][2:]
    ['O*NET related to current role', 'O*NET related to a target role', 'other']
    """
    data = data.sort_values("rank")
    flag = {c: data[c].fillna(False).astype(bool) if c in data else False for c in
            ("is_current", "is_target", "is_related", "is_related_to_target")}  # fmt: skip
    kind = pd.Series("other", index=data.index)
    kind[flag["is_related_to_target"]] = "O*NET related to a target role"
    kind[flag["is_related"]] = "O*NET related to current role"
    kind[flag["is_target"]] = "target role"
    kind[flag["is_current"]] = "current role"
    names = [
        f"{int(r)}. {esc(short(t, 40))}" for r, t in zip(data["rank"], data["title"], strict=True)
    ]
    data = data.assign(_kind=kind.to_numpy(), _name=names)
    by_fit = "fit" in data and data["fit"].notna().any()
    length = data["fit"] if by_fit else data["match_score"]
    data = data.assign(_x=length.to_numpy())
    fig = new_figure(title=title, height=max(320, 120 + 34 * len(data)))
    for name, color in _KINDS.items():
        part = data[data["_kind"] == name]
        if part.empty:
            continue
        zone = ["zone ?" if pd.isna(z) else f"zone {int(z)}" for z in part["job_zone"]]
        covered = part["coverage"] if "coverage" in part else pd.Series(index=part.index)
        label = [
            " · ".join(
                [z]
                + ([f"{c:.0%} assessed"] if pd.notna(c) else [])
                + ([f"{s:.0%} assumed"] if s > 0 else [])
            )
            for z, c, s in zip(zone, covered, part["assumed_share"], strict=True)
        ]
        hover = []
        for (_, row), z, c in zip(part.iterrows(), zone, covered, strict=True):
            lines = [
                f"<b>{esc(row['title'])}</b> ({esc(row['role_id'])}), O*NET {z} of 5",
                f"match {row['match_score']:.0%}"
                + (f", {c:.0%} of its requirement weight assessed" if pd.notna(c) else ""),
                f"the ranking rests {row['assumed_share']:.0%} on assumed levels",
            ]
            if by_fit and pd.notna(row["fit"]):
                lines.append(
                    f"ranking fit {row['fit']:.3f} (profile similarity less level difference)"
                )
            if isinstance(row.get("main_gaps"), str) and row["main_gaps"]:
                lines.append(f"main gaps: {esc(row['main_gaps'])}")
            hover.append("<br>".join(lines))
        fig.add_bar(
            x=part["_x"],
            y=part["_name"],
            orientation="h",
            name=name,
            marker={"color": color},
            text=label,
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": "white"},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_yaxes(
        categoryorder="array", categoryarray=data["_name"].tolist()[::-1], title_text=None
    )
    if by_fit:
        top = max(1.0, float(data["_x"].max()))
        low = min(0.0, float(data["_x"].min()))
        fig.update_xaxes(title_text="how close the occupation's skill profile is (fit)",
                         range=[low, top])  # fmt: skip
    else:
        fig.update_xaxes(title_text="match to the occupation's requirements", range=[0, 1.0],
                         tickformat=".0%")  # fmt: skip
    basis = data["assumed_from"].dropna() if "assumed_from" in data else pd.Series([])
    # short lines: the note starts where the plot does, right of the occupation names
    lines = (
        [
            "skills you have not assessed are assumed at the",
            f"O*NET level of {esc(short(basis.iloc[0], 32))}",
            "(your current role), each counting less than an",
            "assessment; the label says how much is assessed",
        ]
        if len(basis)
        else [
            "ranked on the skills you have assessed (no rated",
            "O*NET current role to assume from); the label",
            "says how much of each occupation is assessed",
        ]
    )
    note = "<br>".join(lines)
    # the legend above the plot, with room under it for the note: a narrow screen wraps the
    # legend onto rows of its own instead of into the title or the note
    legend_above(fig, room_px=len(lines) * NOTE_LINE_PX + 8)
    add_note(fig, note)
    fig.update_layout(barmode="overlay", bargap=0.3)
    return add_source(fig, ONET_SOURCE)
