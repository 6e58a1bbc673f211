"""Charts of personal analytics: closest occupations, goal pace, plan cost, history views."""

from __future__ import annotations

import pandas as pd
from charts._checks import AS_OF, assert_hover_everywhere, assert_same_frame, empty_message, frozen

from careermap import charts, metrics


def test_closest_roles_chart_draws_each_occupation_once(sample):
    frame = metrics.closest_roles(sample, as_of=AS_OF)
    before = frozen(frame)
    fig = charts.closest_roles_chart(frame)
    assert_same_frame(before, frame)
    drawn = [(y, x) for t in fig.data for y, x in zip(t.y, t.x, strict=True)]
    assert len(drawn) == len(frame) == 10
    by_rank = dict(drawn)
    top = frame.iloc[0]
    assert by_rank[f"1. {top['title']}"] == top["fit"]  # the bars are the ranking
    current = next(t for t in fig.data if t.name == "current role")
    assert list(current.y) == ["1. Operations Research Analysts"]
    related = next(t for t in fig.data if t.name == "O*NET related to current role")
    assert (
        len(related.y)
        == frame["is_related"].sum() - (frame["is_related"] & frame["is_target"]).sum()
    )
    to_target = next(t for t in fig.data if t.name == "O*NET related to a target role")
    only_target = frame["is_related_to_target"] & ~frame[["is_related", "is_target",
                                                          "is_current"]].any(axis=1)  # fmt: skip
    assert len(to_target.y) == only_target.sum() > 0
    label = current.text[0]
    # how much of the occupation is assessed, and how much of its rank is assumed
    assert label == f"zone 5 · {top['coverage']:.0%} assessed · {top['assumed_share']:.0%} assumed"
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "assumed at the<br>O*NET level of 15-2031.00<br>(your current role)" in notes
    assert "O*NET 29.3" in notes
    assert_hover_everywhere(fig)


def test_closest_roles_chart_empty_and_without_assumption(sample):
    frame = metrics.closest_roles(sample, as_of=AS_OF)
    fig = charts.closest_roles_chart(frame.iloc[:0])
    assert "assess at least one O*NET skill" in empty_message(fig, hint=True)
    assert not fig.layout.xaxis.visible and not fig.layout.yaxis.visible
    plain = metrics.closest_roles(sample, as_of=AS_OF, assume=None)
    fig = charts.closest_roles_chart(plain)
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "ranked on the skills you have assessed" in notes
    assert all("assumed" not in t for trace in fig.data for t in trace.text)
    assert pd.notna(plain["fit"]).all()


def test_action_plan_table_shows_resources_costs_and_goal_totals(sample):
    plan = metrics.action_plan(sample, as_of=AS_OF)
    costs = metrics.plan_cost(sample, as_of=AS_OF)
    fig = charts.action_plan_table(plan, costs=costs)
    (table,) = fig.data
    cols = dict(
        zip([h.strip("<b>/") for h in table.header.values], table.cells.values, strict=True)
    )
    row = plan["action_id"].tolist().index("A3")
    assert (
        cols["resource"][row]
        == '<a href="https://learn.microsoft.com/training/">Microsoft Learn</a>'
    )
    assert cols["cost"][row] == "free"
    a4 = plan["action_id"].tolist().index("A4")
    assert cols["cost"][a4] == "165 USD" and cols["resource"][a4] == "Pearson VUE test centre"
    assert cols["status"][a4] == "<b>done</b>"
    notes = " ".join(a.text for a in fig.layout.annotations)
    # G2: A16 (320, done) and A23 (320, open)
    assert "G2: planned 640 USD, spent 320 USD, to spend 320 USD" in notes


def test_action_plan_table_escapes_and_empty(sample):
    plan = metrics.action_plan(sample, as_of=AS_OF)
    odd = plan.assign(resource_provider="<b>R&D</b>", resource_url='https://x.org/?a="1"')
    fig = charts.action_plan_table(odd.head(1))
    cell = fig.data[0].cells.values[5][0]
    assert cell == '<a href="https://x.org/?a=&quot;1&quot;">&lt;b&gt;R&amp;D&lt;/b&gt;</a>'
    empty = charts.action_plan_table(plan.iloc[:0])
    assert "no actions in the plan yet" in empty_message(empty)


def test_goal_pace_chart_lines_and_labels(sample):
    pace = metrics.goal_pace(sample, as_of=AS_OF)
    traj = metrics.goal_trajectory(sample, as_of=AS_OF)
    before = frozen(pace)
    fig = charts.goal_pace_chart(pace, trajectory=traj, as_of=AS_OF)
    assert_same_frame(before, pace)
    needed, measured = fig.data[0], fig.data[1]
    assert list(needed.x) == ["2025-09-01", "2027-03-31"] and list(needed.y) == [0, 100]
    g1 = traj[traj["goal_id"] == "G1"]
    assert list(measured.y) == (g1["progress"] * 100).tolist()
    assert measured.y[-1] == 50.0  # 3 of 6 interviews
    assert "<b>behind</b>" in measured.name and "needs 0.67 interviews completed a month" in (
        measured.name
    )
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "not measurable (no metric, baseline, target or deadline): G3" in notes
    assert "as of 2026-11-15" in notes
    assert_hover_everywhere(fig)


def test_goal_pace_chart_empty(sample):
    pace = metrics.goal_pace(sample, as_of=AS_OF)
    fig = charts.goal_pace_chart(pace[pace["goal_id"] == "G3"])
    assert "no goal to measure" in empty_message(fig)
    # measurable goals with no measurement yet start at 0 on the start day
    fig = charts.goal_pace_chart(metrics.goal_pace(sample, as_of="2025-09-02"))
    assert list(fig.data[1].y) == [0.0] and "no measurement" in fig.data[1].name


def test_market_chart_says_whose_figures_and_keeps_every_label(sample):
    mk = metrics.market(sample)
    fig = charts.market_chart(mk)
    by_name = {t.name: t for t in fig.data}
    bi = by_name["Business Intelligence Analysts"]
    assert "BLS: Data scientists (broader)" in bi.text[0]
    assert "BLS figures for the broader occupation 15-2051 Data scientists" in bi.hovertext[0]
    lead = by_name["Healthcare Analytics Lead"]
    assert "custom role, based on 11-3021.00" in lead.text[0]
    assert "Statisticians" in by_name and "broader" not in by_name["Statisticians"].text[0]
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "Business Intelligence Analysts: BLS figures for the broader occupation" in notes
    # the biggest bubble (most openings) keeps its label: not clipped by the plot area, and
    # the wage axis leaves room above it for three lines of text
    biggest = max(fig.data, key=lambda t: t.marker.size[0])
    assert biggest.name == "Healthcare Analytics Lead" and biggest.cliponaxis is False
    assert fig.layout.yaxis.range[1] >= 1.4 * biggest.y[0]


def test_technology_chart_marks_in_demand_and_hot(sample):
    tech = metrics.role_technologies(sample)
    fig = charts.technology_chart(tech, max_rows=200)
    demand, hot = fig.data
    pairs = set(zip(demand.x, demand.y, strict=True))
    assert ("Statisticians", "StataCorp Stata") in pairs
    ref = tech[tech["in_demand"]]
    assert len(pairs) == len(ref)
    assert len(hot.x) == int((tech["hot"] & ~tech["in_demand"]).sum())
    few = charts.technology_chart(tech, max_rows=5)
    notes = " ".join(a.text for a in few.layout.annotations)
    n_tech = tech["technology"].nunique()
    assert f"{n_tech - 5} more hot technologies not shown" in notes
    empty = charts.technology_chart(tech.iloc[:0])
    assert "no O*NET Hot Technology or In Demand" in empty_message(empty)
