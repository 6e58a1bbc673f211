"""O*NET Hot Technology and In Demand technology skills of the target roles, side by side."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_columns, check_int
from careermap.charts._core import add_source, empty_figure, esc, new_figure, one_person, short
from careermap.charts._theme import BLUE, NEUTRAL, ONET_SOURCE, ORANGE


def technology_chart(
    data: pd.DataFrame,
    *,
    person_id: str | None = None,
    max_rows: int = 25,
    title: str | None = None,
) -> go.Figure:
    """Which technologies O*NET marks hot or in demand for each target role.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.role_technologies`: ``role_id``, ``title``,
        ``technology``, ``hot``, ``in_demand`` (``code`` and ``category`` go into the hover).
    person_id : str, optional
        Whose target roles; needed only when the frame holds several people.
    max_rows : int, default 25
        Technologies shown: those in demand for the most roles first, then hot for the most.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        A technology x role grid: a filled orange dot where O*NET marks the technology
        *In Demand* for the role (often hot too), an open blue ring where it is *Hot
        Technology* only; a note says how many technologies were left out.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> fig = charts.technology_chart(metrics.role_technologies(m), max_rows=10)
    >>> [t.name for t in fig.data], fig.layout.yaxis.categoryarray[-1]
    (['In Demand', 'Hot Technology only'], 'Microsoft Excel')
    """
    check_columns(data, ["role_id", "title", "technology", "hot", "in_demand"], "technology_chart")
    max_rows = check_int("max_rows", max_rows, minimum=1)
    title = title or "Technology skills employers look for in your target roles"
    rows = one_person(data, person_id, "technology_chart")
    if rows.empty:
        fig = empty_figure(
            "no O*NET Hot Technology or In Demand skills for these roles",
            title=title,
        )
        return add_source(fig, ONET_SOURCE)
    rows["_role"] = [
        esc(short(t if isinstance(t, str) and t else r, 28))
        for r, t in zip(rows["role_id"], rows["title"], strict=True)
    ]
    rank = (
        rows.groupby("technology", sort=False)
        .agg(n_demand=("in_demand", "sum"), n_hot=("hot", "sum"))
        .reset_index()
        .sort_values(["n_demand", "n_hot", "technology"], ascending=[False, False, True])
    )
    shown = rank["technology"].head(max_rows).tolist()
    left_out = len(rank) - len(shown)
    rows = rows[rows["technology"].isin(shown)]
    roles = list(dict.fromkeys(rows["_role"]))
    names = {t: esc(short(t, 40)) for t in shown}
    fig = new_figure(title=title, height=max(320, 170 + 22 * len(shown)))
    for name, part, symbol, color in [
        ("In Demand", rows[rows["in_demand"]], "circle", ORANGE),
        ("Hot Technology only", rows[rows["hot"] & ~rows["in_demand"]], "circle-open", BLUE),
    ]:
        hover = []
        for _, r in part.iterrows():
            kinds = [k for k, on in (("In Demand", r["in_demand"]), ("Hot Technology", r["hot"]))
                     if on]  # fmt: skip
            line = f"<b>{esc(r['technology'])}</b> for {r['_role']}: {' and '.join(kinds)}"
            if isinstance(r.get("category"), str) and r["category"]:
                line += f"<br>{esc(r['category'])}"
            if isinstance(r.get("code"), str) and r["code"]:
                line += f"<br>O*NET {esc(r['code'])}"
            hover.append(line)
        fig.add_scatter(
            x=part["_role"].tolist(),
            y=[names[t] for t in part["technology"]],
            mode="markers",
            name=name,
            marker={"symbol": symbol, "size": 14, "color": color, "line": {"width": 2}},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_xaxes(categoryorder="array", categoryarray=roles, side="top", title_text=None)
    fig.update_yaxes(
        categoryorder="array", categoryarray=[names[t] for t in shown][::-1], title_text=None
    )
    if left_out:
        fig.add_annotation(
            text=f"{left_out} more hot technologies not shown (max_rows={max_rows})",
            x=1,
            y=0,
            xref="paper",
            yref="paper",
            xanchor="right",
            yanchor="top",
            yshift=-40,
            showarrow=False,
            font={"size": 12, "color": NEUTRAL},
        )
    # the roles' names along the top: plotly turns them upright when they crowd, so the
    # top margin is as tall as the longest name (14 px a character upright, 60 px flat)
    longest = max((len(str(r)) for r in roles), default=0)
    top = 60 + (int(7.2 * longest) if 150 * len(roles) > 560 else 20)
    fig.update_xaxes(tickangle=-90 if 150 * len(roles) > 560 else 0)
    # the legend and the "not shown" note under the plot, one above the other
    fig.update_layout(
        legend={"y": 0, "yanchor": "top", "x": 0, "xanchor": "left", "yref": "paper"},
        margin={"t": top + 46, "b": 110},
        height=fig.layout.height + top + 46 - 130,
    )
    return add_source(fig, ONET_SOURCE + "<br>(Technology Skills: Hot Technology, In Demand)")
