"""Text a person wrote is shown as written in every person chart, never read as markup.

Plotly draws ``<b>``, ``<br>`` and ``<a href>`` in labels, hovers and legends; a goal titled
"Learn C++ <templates>" would lose a word, and a link could be planted in a shared chart.
"""

from __future__ import annotations

import json
from dataclasses import replace

import plotly.graph_objects as go
import pytest

from careermap import charts, metrics

HOSTILE = "<a href='https://evil.example'>C++</a> <templates> & R&D"
ESCAPED = "&lt;a href='https://evil.example'&gt;C++&lt;/a&gt; &lt;templates&gt; &amp; R&amp;D"
AS_OF = "2026-11-15"


@pytest.fixture(scope="module")
def hostile(sample):
    """The sample with user-written text replaced by markup in every free-text field a
    person chart shows: a goal and a milestone title, the vision, a reschedule reason, a
    custom role's title and a custom skill's name."""
    goals = sample.goals.copy()
    goals.loc[goals.index[0], "title"] = HOSTILE
    milestones = sample.milestones.copy()
    moved = sample.reschedules["milestone_id"].iloc[0]
    milestones.loc[milestones["milestone_id"] == moved, "title"] = HOSTILE
    people = sample.people.copy()
    people["vision"] = HOSTILE
    reschedules = sample.reschedules.copy()
    reschedules["reason"] = HOSTILE
    roles = sample.target_roles.copy()
    roles.loc[roles["kind"] == "custom", "title"] = HOSTILE
    custom = sample.custom_skills.copy()
    custom.loc[custom.index[0], "name"] = HOSTILE
    return replace(
        sample,
        goals=goals,
        milestones=milestones,
        people=people,
        reschedules=reschedules,
        target_roles=roles,
        custom_skills=custom,
    )


def texts(fig: go.Figure) -> str:
    """Everything plotly would draw as text: the figure as JSON, with JSON's escapes undone."""
    return json.dumps(json.loads(fig.to_json()), ensure_ascii=False)


def shows_escaped(fig: go.Figure) -> None:
    drawn = texts(fig)
    assert "evil.example" in drawn, "the hostile text is not in the chart at all"
    assert "<a href='https://evil.example'>" not in drawn
    assert "<templates>" not in drawn
    assert "&lt;templates&gt;" in drawn or "&lt;te" in drawn  # whole or shortened


def test_roadmap_timeline_escapes_titles_and_reasons(hostile):
    fig = charts.roadmap_timeline(hostile, as_of=AS_OF)
    shows_escaped(fig)
    reasons = next(t for t in fig.data if t.name == "earlier target (rescheduled)").text
    assert all(f"reason: {ESCAPED}" in r for r in reasons)
    bars = [t for t in fig.data if t.type == "bar"]
    titles = {row[2] for t in bars for row in t.customdata}
    assert ESCAPED in titles  # the hover shows the whole title, escaped


def test_strategy_map_escapes_the_vision_and_titles(hostile):
    fig = charts.strategy_map(hostile, as_of=AS_OF)
    shows_escaped(fig)
    assert fig.data[0].labels[0] == f"Vision: {ESCAPED}"


def test_time_allocation_escapes_goal_titles_given_as_labels(hostile):
    frame = metrics.time_allocation(hostile, by="goal", freq="W", as_of=AS_OF)
    titles = dict(zip(hostile.goals["goal_id"], hostile.goals["title"], strict=True))
    fig = charts.time_allocation_chart(frame, by="goal", labels=titles)
    names = [t.name for t in fig.data]
    assert any("&lt;a href" in n for n in names), names
    assert not any("<a href" in n for n in names), names


def test_skill_gap_bars_escape_custom_roles_and_skills(hostile):
    gaps = metrics.skill_gaps(hostile, as_of=AS_OF)
    fig = charts.skill_gap_bars(gaps)
    shows_escaped(fig)
    drawn = texts(fig)
    assert ESCAPED[:30] in drawn


def test_text_without_markup_is_unchanged(sample):
    fig = charts.roadmap_timeline(sample, as_of=AS_OF)
    title = sample.goals["title"].iloc[0]
    assert "&" not in title and "<" not in title
    assert any(title in row[2] for t in fig.data if t.type == "bar" for row in t.customdata)


# -- cohort charts: group names, names and role titles a coach or person typed ------------------

GROUPS = {
    "data": "<a href='https://evil.example'>data</a>",
    "ops": "<b>ops</b>",
    "design": "de<br>sign",
}
RAW = ["<a href='https://evil.example'>", "<b>ops</b>", "de<br>sign", "<i>Kofi</i>"]
SHOWN = ["&lt;a href='https://evil.example'&gt;data&lt;/a&gt;", "&lt;b&gt;ops&lt;/b&gt;",
         "de&lt;br&gt;sign"]  # fmt: skip


@pytest.fixture(scope="module")
def hostile_cohort(cohort):
    """The demo cohort with markup in every group name and in people's names."""
    m = cohort
    people = m.people.copy()
    people["group"] = people["group"].map(GROUPS)
    people["name"] = "<i>" + people["name"].str.split().str[0] + "</i>"
    return replace(m, people=people)


@pytest.fixture(scope="module")
def hostile_summary(hostile_cohort):
    from careermap.metrics import cohort_summary

    return cohort_summary(hostile_cohort, as_of=AS_OF)


def shows_no_markup(fig: go.Figure, *, groups: bool = True) -> None:
    drawn = texts(fig)
    raw = [r for r in RAW if r in drawn]
    assert not raw, f"user text drawn as markup: {raw}"
    if groups:
        assert all(s in drawn for s in SHOWN), [s for s in SHOWN if s not in drawn]


def test_attention_table_escapes_group_names_and_names(hostile_summary):
    fig = charts.attention_table(hostile_summary, names=True)
    shows_no_markup(fig, groups=False)  # only the flagged people's groups are listed
    drawn = texts(fig)
    assert "&lt;i&gt;" in drawn and any(s in drawn for s in SHOWN)


def test_kpi_distributions_escape_group_names_and_names(hostile_summary):
    fig = charts.kpi_distributions(hostile_summary, names=True)
    shows_no_markup(fig)
    assert {t.name for t in fig.data} == set(SHOWN)
    assert any("&lt;i&gt;Kofi&lt;/i&gt;" in label for t in fig.data for label in t.customdata)


def test_group_comparison_escapes_group_names(hostile_summary):
    fig = charts.group_comparison(metrics.kpi_medians(hostile_summary, by="group"))
    shows_no_markup(fig)
    assert set(fig.data[0].y) == set(SHOWN)


def test_time_mix_escapes_group_names_and_names(hostile_cohort):
    alloc = metrics.time_allocation(hostile_cohort, as_of=AS_OF)
    by_group = charts.time_mix_chart(
        metrics.time_mix(alloc, people=hostile_cohort.people, by="group")
    )
    shows_no_markup(by_group)
    mix = metrics.time_mix(alloc, people=hostile_cohort.people, by="person")
    by_person = charts.time_mix_chart(mix, names=True)
    shows_no_markup(by_person, groups=False)
    assert "&lt;i&gt;Kofi&lt;/i&gt;" in by_person.data[0].y


def test_gap_heatmap_escapes_role_titles_and_names(hostile_cohort):
    gaps = metrics.skill_gaps(hostile_cohort, roles=["15-2031.00"], as_of=AS_OF)
    gaps = gaps.assign(role_title="<a href='https://evil.example'>Ops research</a>")
    fig = charts.gap_heatmap(gaps, names=True, people=hostile_cohort.people)
    shows_no_markup(fig, groups=False)
    assert "&lt;a href='https://evil.example'&gt;Ops research" in fig.layout.title.text
    assert "&lt;i&gt;Kofi&lt;/i&gt;" in fig.data[0].y
