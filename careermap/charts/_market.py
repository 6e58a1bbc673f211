"""The charts of ``metrics/_market.py``: labour-market context for target roles (growth, openings
and wage in one bubble chart) and their O*NET Hot Technology and In Demand skills."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_int, renamed_arguments
from careermap.charts._core import (
    NOTHING_YET,
    add_note,
    add_source,
    chart_opening,
    empty_figure,
    esc,
    new_figure,
    place_labels,
    short,
)
from careermap.charts._theme import (
    BLUE,
    NEUTRAL,
    ONET_SOURCE,
    ORANGE,
    PALETTE,
)
from careermap.onet import BLS_SOURCE, ONET_CREDIT

_MAX_BUBBLE_PX = 60
_SOURCES = f"{BLS_SOURCE}.<br>Job zones and occupation titles: {ONET_CREDIT}"


def _bubble_label(row: pd.Series) -> str:
    label = f"{short(row['_name'], 30)}<br>{row['openings'] * 1000:,.0f} openings a year"
    said = _basis_label(row)
    return label + (f"<br><i>{said}</i>" if said else "")


def _ranges(data: pd.DataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    span = float(np.nanmax(np.abs(data["change_pct"]))) if len(data) else 1.0
    x_range = (
        min(-2.0, float(data["change_pct"].min()) - 0.25 * span),
        float(data["change_pct"].max()) + 0.25 * span,
    )
    wages = data["median_wage"].dropna()
    return x_range, (0.0, float(wages.max()) * 1.45 if len(wages) else 1.0)


def _basis_label(row: pd.Series) -> str:
    """A few words under a bubble when its figures are not exactly the role's own."""
    said = []
    if row.get("kind") == "custom" and isinstance(row.get("code"), str):
        said.append(f"custom role, based on {esc(row['code'])}")
    if bool(row.get("bls_broader", False)) and isinstance(row.get("bls_title"), str):
        said.append(f"BLS: {esc(short(row['bls_title'], 28))} (broader)")
    return "; ".join(said)


@renamed_arguments(market_frame="data")
@chart_opening(
    columns=["role_id", "change_pct", "openings", "median_wage"],
    title="Labour market for your target roles",
)
def market_chart(
    data: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    title: str,
) -> go.Figure:
    """Projected growth (x), median wage (y) and yearly openings (bubble area) per role.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.market`: ``role_id``, ``title``, ``change_pct``
        (employment change 2024-34, %), ``openings`` (annual average openings 2024-34, in
        thousands), ``median_wage`` (USD per year, May 2024), ``education``, ``job_zone``;
        ``onet_title``, ``soc``, ``median_wage_note`` and ``note`` go into the hover text.
        Roles without BLS numbers are named in a note above the chart.
    person_id : str, optional
        Whose target roles; needed only when the frame holds several people.
    labels : mapping, optional
        Role id -> display name (default: the ``title`` column).

    Returns
    -------
    plotly.graph_objects.Figure
        One ``scatter`` trace per role with BLS numbers, with the BLS and O*NET source note.

    Examples
    --------
    >>> import pandas as pd
    >>> from careermap.charts import market_chart
    >>> frame = pd.DataFrame({"role_id": ["15-2041.00"], "title": ["Statisticians"],
    ...     "change_pct": [8.5], "openings": [2.0], "median_wage": [103300.0],
    ...     "education": ["Master's degree"], "job_zone": [5]})
    >>> fig = market_chart(frame)
    >>> fig.data[0].x[0], fig.layout.xaxis.title.text
    (8.5, 'employment change 2024-34 (%)')
    """
    names = dict(labels or {})
    if "title" in data.columns:
        data["_name"] = [
            names.get(r, t if isinstance(t, str) and t else r)
            for r, t in zip(data["role_id"], data["title"], strict=True)
        ]
    else:
        data["_name"] = data["role_id"].map(lambda r: names.get(r, r))
    has_numbers = (
        data["change_pct"].notna() & data["openings"].notna() & data["median_wage"].notna()
    )
    missing = data.loc[~has_numbers, "_name"].drop_duplicates().tolist()
    nothing = "market" if len(data) else "roles"
    data = data.loc[has_numbers]
    if data.empty:
        fig = empty_figure(NOTHING_YET[nothing], title=title)
        return add_source(fig, _SOURCES)
    fig = new_figure(title=title, height=500)
    sizeref = 2.0 * float(data["openings"].max()) / (_MAX_BUBBLE_PX**2)
    labels = [_bubble_label(row) for _, row in data.iterrows()]
    x_range, y_range = _ranges(data)
    # one label per place, off its bubble (its radius in px, from plotly's area sizing);
    # with eight roles the labels of close bubbles ran onto each other
    radii = [max(3.0, 0.5 * np.sqrt(max(o, 0) / sizeref)) for o in data["openings"]]
    positions, shown = place_labels(
        data["change_pct"], data["median_wage"].fillna(0), labels,
        x_range=x_range, y_range=y_range, width_px=640, height_px=280, marker_px=radii,
    )  # fmt: skip
    for i, (_, row) in enumerate(data.iterrows()):
        wage_note = row.get("median_wage_note")
        wage = (
            f"${row['median_wage']:,.0f} per year"
            if pd.notna(row["median_wage"])
            else f"{wage_note} (BLS)"
            if isinstance(wage_note, str) and wage_note
            else "not published as a number"
        )
        lines = [
            f"<b>{row['_name']}</b>",
            f"employment change 2024-34: {row['change_pct']:+.1f}%",
            f"openings: {row['openings'] * 1000:,.0f} a year (2024-34 average)",
            f"median wage (May 2024): {wage}",
        ]
        if "education" in data.columns and pd.notna(row["education"]):
            lines.append(f"typical entry education: {row['education']}")
        if "job_zone" in data.columns and pd.notna(row["job_zone"]):
            lines.append(f"O*NET job zone {int(row['job_zone'])} of 5")
        onet_title, soc = row.get("onet_title"), row.get("soc")
        if isinstance(onet_title, str) and onet_title and onet_title != row["_name"]:
            lines.append(f"figures of the O*NET occupation {onet_title}")
        if isinstance(soc, str) and soc:
            lines.append(f"BLS projections for SOC {soc}")
        note = row.get("note")
        if isinstance(note, str) and note:
            lines.append(note)
        basis = row.get("basis")
        if isinstance(basis, str) and basis:
            lines.append(f"<b>{esc(basis)}</b>")
        fig.add_scatter(
            x=[row["change_pct"]],
            y=[row["median_wage"]],
            mode="markers+text",
            name=short(row["_name"], 45),
            text=[shown[i]],
            textposition=positions[i],
            cliponaxis=False,
            marker={
                "size": [row["openings"]],
                "sizemode": "area",
                "sizeref": sizeref,
                "sizemin": 6,
                "color": PALETTE[(i + 1) % len(PALETTE)],
                "opacity": 0.8,
                "line": {"color": "white", "width": 1},
            },
            hovertext=["<br>".join(lines)],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.add_vline(x=0, line={"color": "#B8C2CC", "width": 1})
    fig.update_xaxes(
        title_text="employment change 2024-34 (%)", range=list(x_range), ticksuffix="%"
    )
    wages = data["median_wage"].dropna()
    fig.update_yaxes(
        title_text="median annual wage (USD, May 2024)",
        tickprefix="$",
        tickformat=",.0f",
        # room above the highest bubble for its label (up to three lines)
        range=None if wages.empty else list(y_range),
    )
    note = "bubble area: annual openings 2024-34"
    if missing:
        note += f"; not shown (no BLS projection or wage figure): {', '.join(missing)}"
    if "basis" in data.columns:
        for name, basis in zip(data["_name"], data["basis"], strict=True):
            if isinstance(basis, str) and basis:
                # lines of at most 75 characters: a narrow window cut longer ones
                wrapped = textwrap.wrap(f"{short(name, 40)}: {basis}", 75)
                note += "".join(f"<br>{esc(line)}" for line in wrapped)
    # at the plot's left, above it, the top margin as tall as its lines (right-aligned, a
    # long note ran off the figure's left edge in a narrow window)
    add_note(fig, note)
    top = 56 + 16 * (note.count("<br>") + 1)
    # the figure grows with the note, so the plot keeps the height its labels were placed in
    fig.update_layout(
        showlegend=False, margin={"t": top}, height=fig.layout.height + max(top - 100, 0)
    )
    return add_source(fig, _SOURCES)


@chart_opening(
    columns=["role_id", "title", "technology", "hot", "in_demand"],
    title="Technology skills employers look for in your target roles",
    nothing="no O*NET Hot Technology or In Demand skills for these roles",
    source=ONET_SOURCE,
)
def technology_chart(
    data: pd.DataFrame,
    *,
    max_rows: int = 25,
    title: str,
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
    max_rows = check_int("max_rows", max_rows, minimum=1)
    data["_role"] = [
        esc(short(t if isinstance(t, str) and t else r, 28))
        for r, t in zip(data["role_id"], data["title"], strict=True)
    ]
    rank = (
        data.groupby("technology", sort=False)
        .agg(n_demand=("in_demand", "sum"), n_hot=("hot", "sum"))
        .reset_index()
        .sort_values(["n_demand", "n_hot", "technology"], ascending=[False, False, True])
    )
    shown = rank["technology"].head(max_rows).tolist()
    left_out = len(rank) - len(shown)
    data = data[data["technology"].isin(shown)]
    roles = list(dict.fromkeys(data["_role"]))
    names = {t: esc(short(t, 40)) for t in shown}
    fig = new_figure(title=title, height=max(320, 170 + 22 * len(shown)))
    for name, part, symbol, color in [
        ("In Demand", data[data["in_demand"]], "circle", ORANGE),
        ("Hot Technology only", data[data["hot"] & ~data["in_demand"]], "circle-open", BLUE),
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
