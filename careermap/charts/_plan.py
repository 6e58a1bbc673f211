"""The action plan as a table: each action's status, resource and cost, with the cost per goal."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from careermap._args import check_columns
from careermap.charts._core import (
    add_note,
    chart_opening,
    dates_text,
    esc,
    new_figure,
    one_person,
    short,
)
from careermap.charts._theme import NEUTRAL, STATUS_COLORS

TEXT = "#2B2F36"  # the template's font colour


def _money(amount: float, currency: object, *, free: bool = True) -> str:
    """``165 USD``, ``12.50 EUR``; 0 is ``free`` in a cell (``0 USD`` in a total)."""
    if pd.isna(amount):
        return ""
    if amount == 0 and free:
        return "free"
    return f"{amount:,.2f} {esc(currency)}".replace(".00 ", " ")


def _resource(url: object, provider: object) -> str:
    """The provider's name, a link to the resource when it has a url (both escaped)."""
    name = esc(short(provider, 36)) if isinstance(provider, str) and provider else ""
    if isinstance(url, str) and url:
        shown = name or esc(short(url, 36))
        return f'<a href="{html.escape(url, quote=True)}">{shown}</a>'
    return name


@chart_opening(
    columns=[
        "goal_id",
        "milestone_id",
        "action_id",
        "title",
        "due",
        "status",
        "resource_url",
        "resource_provider",
        "cost",
        "currency",
    ],
    title="Action plan: resources and costs",
    nothing="no actions in the plan yet: add actions: under a milestone in roadmap.yaml",
)
def action_plan_table(
    data: pd.DataFrame,
    *,
    person_id: str | None = None,
    costs: pd.DataFrame | None = None,
    title: str,
) -> go.Figure:
    """The action plan: one row per action under its goal, with status, resource and cost.

    Parameters
    ----------
    data : DataFrame
        From :func:`careermap.metrics.action_plan`: ``goal_id``, ``milestone_id``,
        ``action_id``, ``title``, ``due``, ``status``, ``resource_url``,
        ``resource_provider``, ``cost``, ``currency`` (``goal_title`` when present).
    person_id : str, optional
        Whose plan; needed only when the frame holds several people.
    costs : DataFrame, optional
        From :func:`careermap.metrics.plan_cost`: the planned, spent and still-to-spend
        cost per goal, shown as one line per goal above the table.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``table`` trace: goal, milestone, action, due, status (coloured), resource (a
        link when it has a url) and cost.

    Examples
    --------
    >>> import careermap
    >>> from careermap import charts, metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> plan = metrics.action_plan(m, as_of="2026-11-15")
    >>> fig = charts.action_plan_table(plan, costs=metrics.plan_cost(m, as_of="2026-11-15"))
    >>> fig.data[0].type, len(fig.data[0].cells.values[0]) == len(plan)
    ('table', True)
    """
    goal_names = (
        data["goal_title"] if "goal_title" in data else pd.Series([""] * len(data), data.index)
    )
    goal = [
        f"{esc(g)} {esc(short(t, 22))}" if isinstance(t, str) else esc(g)
        for g, t in zip(data["goal_id"], goal_names, strict=True)
    ]
    status = [f"<b>{esc(x)}</b>" for x in data["status"]]
    status_color = [STATUS_COLORS.get(x, NEUTRAL) for x in data["status"]]
    cells = [
        goal,
        [esc(x) for x in data["milestone_id"]],
        [
            f"{esc(a)} {esc(short(t, 48))}"
            for a, t in zip(data["action_id"], data["title"], strict=True)
        ],
        dates_text(data["due"], missing=""),
        status,
        [
            _resource(u, p)
            for u, p in zip(data["resource_url"], data["resource_provider"], strict=True)
        ],
        [_money(c, k) for c, k in zip(data["cost"], data["currency"], strict=True)],
    ]
    header = ["goal", "milestone", "action", "due", "status", "resource", "cost"]
    lines = _cost_lines(costs, person_id)
    fig = new_figure(title=title, height=min(160 + 26 * len(data) + 18 * len(lines), 2400))
    fig.add_trace(
        go.Table(
            columnwidth=[190, 80, 300, 90, 80, 190, 90],
            header={
                "values": [f"<b>{h}</b>" for h in header],
                "fill_color": "#ECEEF1",
                "align": "left",
                "font": {"size": 13},
            },
            cells={
                "values": cells,
                "align": ["left"] * 6 + ["right"],
                "fill_color": [["white", "#F7F8FA"] * (len(data) // 2 + 1)],
                "font": {
                    "size": 12,
                    "color": [[TEXT] * len(data)] * 4 + [status_color] + [[TEXT] * len(data)] * 2,
                },
                "height": 24,
            },
        )
    )
    top = 70
    if lines:
        add_note(fig, "<br>".join(lines), yshift=0)
        top += 18 * len(lines) + 10
    fig.update_layout(margin={"l": 20, "r": 20, "t": top, "b": 20})
    return fig


def _cost_lines(costs: pd.DataFrame | None, person_id: str | None) -> list[str]:
    """One line per goal and currency: planned, spent, still to spend."""
    if costs is None:
        return []
    check_columns(
        costs, ["goal_id", "currency", "planned", "spent", "to_spend"], "action_plan_table"
    )
    c = one_person(costs, person_id, "action_plan_table")
    lines = []
    for _, r in c.iterrows():
        if pd.isna(r["currency"]):
            continue
        lines.append(
            f"{esc(r['goal_id'])}: planned {_money(r['planned'], r['currency'], free=False)}, "
            f"spent {_money(r['spent'], r['currency'], free=False)}, "
            f"to spend {_money(r['to_spend'], r['currency'], free=False)}"
        )
    if not lines and len(c):
        lines.append("no action has a cost: yet")
    return lines
