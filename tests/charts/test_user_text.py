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
