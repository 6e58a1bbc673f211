"""Cohort charts that stay readable at 1,000 people: counts, spreads and per-skill bars.

Each chart draws a summary from :mod:`careermap.views` (one row per reason, group, category
or skill), never one mark per person per thing, so its size does not grow with the cohort.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from careermap import _format
from careermap._args import check_columns
from careermap.charts._core import add_source, empty_figure, esc, new_figure
from careermap.charts._theme import CATEGORY_COLORS, NEUTRAL, ONET_SOURCE, STATUS_COLORS, TEMPLATE

__all__ = ["attention_counts", "skills_below_requirement", "time_mix_boxes"]


def attention_counts(data: pd.DataFrame, groups: pd.DataFrame) -> go.Figure:
    """Who needs attention, counted: people per reason, and per group (of its people).

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`careermap.views.reason_counts` (``reason, people, share``).
    groups : pandas.DataFrame
        :func:`careermap.views.group_counts` (``group, people, need_attention, share``).

    Examples
    --------
    >>> import careermap
    >>> from careermap import views
    >>> from careermap.charts import attention_counts
    >>> v = views.cohort_view(careermap.load(careermap.cohort_path()), as_of="2026-11-15")
    >>> fig = attention_counts(v.reasons, v.groups)
    >>> list(fig.data[0].y) == list(v.reasons["reason"]), list(fig.data[1].x)
    (True, [7, 4, 3])
    """
    check_columns(data, ["reason", "people", "share"], "attention_counts")
    check_columns(groups, ["group", "people", "need_attention", "share"], "attention_counts")
    title = "Who needs attention: people per reason and per group"
    if groups["people"].sum() == 0:
        return empty_figure("No people in this cohort", title=title)
    rows = max(len(data), len(groups))
    # two panels side by side, laid out by hand (make_subplots costs more than the bars)
    fig = go.Figure(
        layout={
            "xaxis": {"domain": [0.14, 0.46], "anchor": "y"},
            "yaxis": {"anchor": "x"},
            "xaxis2": {"domain": [0.66, 0.92], "anchor": "y2"},
            "yaxis2": {"anchor": "x2"},
            "annotations": [
                {"text": text, "x": x, "y": 1.0, "xref": "paper", "yref": "paper",
                 "xanchor": "center", "yanchor": "bottom", "showarrow": False,
                 "font": {"size": 14}}
                for text, x in (
                    ("People per reason (one person may have several)", 0.3),
                    ("People per group", 0.79),
                )
            ],
        }
    )  # fmt: skip
    fig.add_trace(
        go.Bar(
            x=data["people"].tolist(),
            y=data["reason"].tolist(),
            orientation="h",
            marker={"color": STATUS_COLORS["overdue"]},
            text=[
                f"{n:,} ({_format.percent(s)})"
                for n, s in zip(data["people"], data["share"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} people<extra></extra>",
            showlegend=False,
            xaxis="x",
            yaxis="y",
        )
    )
    labels = [esc(g) for g in groups["group"]]
    fig.add_trace(
        go.Bar(
            x=groups["need_attention"].tolist(),
            y=labels,
            orientation="h",
            name="need attention",
            marker={"color": STATUS_COLORS["overdue"]},
            text=[
                f"{a:,} of {n:,} ({_format.percent(s)})"
                for a, n, s in zip(
                    groups["need_attention"], groups["people"], groups["share"], strict=True
                )
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} need attention<extra></extra>",
            xaxis="x2",
            yaxis="y2",
        )
    )
    fig.add_trace(
        go.Bar(
            x=(groups["people"] - groups["need_attention"]).tolist(),
            y=labels,
            orientation="h",
            name="no flag",
            marker={"color": "#D9DEE5"},
            hovertemplate="%{y}: %{x} with no flag<extra></extra>",
            xaxis="x2",
            yaxis="y2",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title},
        barmode="stack",
        height=170 + 30 * rows,
        margin={"l": 20, "r": 90, "t": 90, "b": 30},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text="people", rangemode="tozero")
    return fig


def skills_below_requirement(
    data: pd.DataFrame, *, role: str | None = None, max_skills: int = 15
) -> go.Figure:
    """Each skill of a role across the cohort: the share of people below the requirement.

    One bar per skill (the largest shares first), labelled with the median gap and how many
    people were assessed, so a bar from 3 assessed people does not read like one from 300.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`careermap.views.skill_summary` of one role.
    role : str, optional
        The role's name for the title (e.g. its title from :func:`careermap.views.role_choices`).
    max_skills : int, default 15

    Examples
    --------
    >>> import careermap
    >>> from careermap import views
    >>> from careermap.charts import skills_below_requirement
    >>> m = careermap.load(careermap.cohort_path())
    >>> s = views.cohort_skills(m, "15-2031.00", as_of="2026-11-15")
    >>> fig = skills_below_requirement(s, max_skills=5)
    >>> len(fig.data[0].y), bool(fig.data[0].x[0] == round(100 * s["share_below"].iloc[0], 1))
    (5, True)
    """
    check_columns(
        data,
        ["skill", "share_below", "below", "assessed", "people", "median_gap"],
        "skills_below_requirement",
    )
    title = f"Skills of {esc(role) if role else 'the role'}: share of people below the requirement"
    shown = data.head(max_skills)
    if shown.empty:
        return empty_figure("No skill requirements to compare with for this role", title=title)
    y = [esc(s) for s in shown["skill"]]
    text = [
        (
            f"{_format.percent(sb)} below, median gap {_format.number(g, digits=1)}; "
            f"{_format.number(a)} of {_format.count(n, 'person')} assessed"
        )
        if a
        else f"nobody assessed (of {_format.count(n, 'person')})"
        for sb, g, a, n in zip(
            shown["share_below"],
            shown["median_gap"],
            shown["assessed"],
            shown["people"],
            strict=True,
        )
    ]
    fig = new_figure(title=title, height=170 + 34 * len(shown))
    fig.add_trace(
        go.Bar(
            x=[None if pd.isna(v) else round(100 * float(v), 1) for v in shown["share_below"]],
            y=y,
            orientation="h",
            marker={"color": STATUS_COLORS["overdue"]},
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
            meta={"skill_ids": shown["skill_id"].tolist() if "skill_id" in shown else []},
        )
    )
    fig.update_xaxes(title_text="assessed people below the required level (%)", range=[0, 160])
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(margin={"l": 20, "r": 40, "t": 70, "b": 60})
    add_source(fig, ONET_SOURCE)
    return fig


def time_mix_boxes(data: pd.DataFrame, summary: pd.DataFrame) -> go.Figure:
    """Where the cohort's time goes, at any size: each category's share of a person's hours,
    as a box over people (the middle half of people in the box, the median as its line).

    Parameters
    ----------
    data, summary : pandas.DataFrame
        The two frames of :func:`careermap.views.time_mix_spread`.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics, views
    >>> from careermap.charts import time_mix_boxes
    >>> m = careermap.load(careermap.cohort_path())
    >>> alloc = metrics.time_allocation(m, as_of="2026-11-15")
    >>> mix = metrics.time_mix(alloc, people=m.people, by="person")
    >>> fig = time_mix_boxes(*views.time_mix_spread(mix, m.people))
    >>> fig.data[0].type, len(fig.data[0].x) == len(views.time_mix_spread(mix, m.people)[0])
    ('box', True)
    """
    check_columns(summary, ["category", "people", "median_share"], "time_mix_boxes")
    people = summary.attrs.get("people", len(data))
    idle = summary.attrs.get("no_hours", 0)
    title = (
        f"Time mix: each activity's share of a person's hours ({_format.count(people, 'person')}"
    )
    title += f"; {idle:,} logged no hours)" if idle else ")"
    if data.empty:
        return empty_figure("No hours logged in this period", title=title)
    order = list(summary["category"])
    many = len(data) > 200
    fig = new_figure(title=title, height=170 + 46 * len(order))
    for category in order:
        fig.add_trace(
            go.Box(
                x=data[category].round(1).to_numpy(),  # an array: no per-item checks
                name=category.replace("_", " "),
                orientation="h",
                marker={"color": CATEGORY_COLORS.get(category, NEUTRAL), "size": 5},
                boxpoints="outliers" if many else "all",
                jitter=0.3,
                pointpos=0,
                hovertemplate=f"{category.replace('_', ' ')}: %{{x:.1f}}%<extra></extra>",
                showlegend=False,
            )
        )
    fig.update_xaxes(title_text="share of the person's logged hours (%)", range=[0, 100])
    fig.update_yaxes(autorange="reversed")
    return fig
