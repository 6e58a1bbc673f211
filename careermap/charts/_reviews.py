"""The monthly reviews (``m.reviews``, no metric: the scores as written) over time:
satisfaction, motivation, confidence and alignment."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from careermap._vocab import REVIEW_SCORES
from careermap.charts._core import (
    chart_opening,
    dates_text,
    esc,
    new_figure,
    short,
)
from careermap.charts._theme import (
    PALETTE,
)

_SCORE_COLORS = dict(zip(REVIEW_SCORES, PALETTE, strict=False))


@chart_opening(
    columns=["date", *REVIEW_SCORES],
    title="Monthly reviews",
    nothing="no reviews yet: add a row to reviews.csv each month",
)
def review_chart(data: pd.DataFrame, *, title: str) -> go.Figure:
    """Monthly review scores over time: satisfaction, motivation, confidence, alignment (1-5).

    Parameters
    ----------
    data : DataFrame
        ``m.reviews``: ``date`` and the four scores (``note`` goes into the hover text).

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
    rows = data.sort_values("date", kind="stable")
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
