"""Values, strengths, passions and growth areas over the person's dated self-assessments."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from careermap.charts._core import chart_opening, dates_text, esc, new_figure, short
from careermap.charts._theme import BLUE, GREEN, VERMILLION

_MARKS = {
    "added": ("circle", GREEN, "added"),
    "kept": ("circle", BLUE, "kept"),
    "removed": ("x", VERMILLION, "removed"),
}


@chart_opening(
    columns=["date", "kind", "item", "change"],
    title="Values, strengths, passions and growth areas over time",
    nothing=(
        "no dated self-assessment yet: save the profile form (or add "
        "self_assessment.history entries to roadmap.yaml)"
    ),
)
def self_assessment_chart(data: pd.DataFrame, *, title: str) -> go.Figure:
    """Each value, strength, passion and growth area across the dated self-assessments.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.self_assessment_changes`: ``date``, ``kind``,
        ``item``, ``change``.

    Returns
    -------
    plotly.graph_objects.Figure
        An item x date grid grouped by kind: a green dot where the item was added, blue
        where it was kept, a vermillion cross where it was removed.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = charts.self_assessment_chart(metrics.self_assessment_changes(m, as_of="2026-11-15"))
    >>> [t.name for t in fig.data]
    ['added', 'kept', 'removed']
    """
    data["_label"] = [
        f"{esc(str(k).replace('_', ' '))}: {esc(short(i, 36))}"
        for k, i in zip(data["kind"], data["item"], strict=True)
    ]
    order = list(dict.fromkeys(data.sort_values(["kind", "date"], kind="stable")["_label"]))
    dates = sorted(pd.to_datetime(data["date"]).unique())
    fig = new_figure(title=title, height=max(320, 160 + 22 * len(order)))
    for change, (symbol, color, name) in _MARKS.items():
        part = data[data["change"].astype(str) == change]
        if part.empty:
            continue
        fig.add_scatter(
            x=dates_text(part["date"]),
            y=part["_label"].tolist(),
            mode="markers",
            name=name,
            marker={"symbol": symbol, "size": 12, "color": color, "line": {"width": 2}},
            hovertext=[f"{lab} — {name} on {d}" for lab, d in
                       zip(part["_label"], dates_text(part["date"]), strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        )  # fmt: skip
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title_text=None)
    fig.update_xaxes(
        type="category", categoryorder="array",
        categoryarray=dates_text(pd.Series(dates)), title_text="self-assessment",
    )  # fmt: skip
    return fig
