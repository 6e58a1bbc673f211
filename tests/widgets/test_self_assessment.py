"""The self-assessment form, built and driven headless: set values, click, check the files."""

from __future__ import annotations

import datetime as dt

import pytest

import careermap
from careermap import reference
from careermap.errors import InvalidArgumentError
from careermap.widgets import ChartView, SelfAssessmentForm, self_assessment


@pytest.fixture
def form(alex):
    return self_assessment(alex, as_of="2026-11-16")


def tail(path, n=1):
    return path.read_text(encoding="utf-8").splitlines()[-n:]


def test_the_form_shows_the_target_roles_skills_with_levels_and_anchors(form):
    assert isinstance(form, SelfAssessmentForm)
    # the 10 most important elements of the O*NET target roles (by their highest importance),
    # then the custom role's own requirements
    req = reference.requirements(["15-2051.01", "15-2041.00"])
    best = req.groupby("skill_id")["importance"].max().reset_index()
    top = best.sort_values(["importance", "skill_id"], ascending=[False, True])["skill_id"]
    custom = ["2.B.3.e", "2.A.1.e", "2.A.1.d", "2.B.5.d", "stakeholder-mgmt", "data-governance"]
    expected = top.head(10).tolist()
    expected += [s for s in custom if s not in expected]
    assert sorted(form.sliders) == sorted(expected)
    assert list(form.sliders)[:10] == top.head(10).tolist()
    speaking = form.sliders["2.A.1.d"]
    assert (speaking.min, speaking.max, speaking.step) == (0.0, 7.0, 0.5)
    assert speaking.description == "Speaking"
    assert speaking.value == 3.0  # the last assessment, 2026-09-05
    assert form.sliders["2.C.4.a"].description == "Mathematics (knowledge)"
    details = form.details["2.A.1.d"].value
    assert "Business Intelligence Analysts needs 4.0 (importance 3.9 of 5)" in details
    assert "last assessed 3 on 2026-09-05" in details
    assert "<b>2: Greet tourists and explain tourist attractions</b>" in details
    assert "no O*NET level anchors" in form.details["stakeholder-mgmt"].value
    assert not any(box.value for box in form.include.values())
    assert isinstance(form.chart, ChartView) and form.chart.figure is not None
    names = [t.name for t in form.chart.figure.data]
    assert "Speaking" in names and "Speaking required" in names
    assert form.chart.figure.data[names.index("Speaking required")].line.dash == "dash"
    assert form.date.value == dt.date(2026, 11, 16)
    assert [v for v in form.values.value] == ["impact", "learning", "autonomy", "collaboration"]


def test_moving_sliders_and_saving_writes_one_row_per_skill(form, alex):
    assert form.add("Negotiation") == "2.B.1.d"
    assert "Business Intelligence Analysts needs 2.9" in form.details["2.B.1.d"].value
    assert form.add("Not a skill") is None
    assert "is not an O*NET skill or knowledge name" in form.status.text
    form.add_skill.value = "Writing"
    form.add_button.click()
    assert "2.A.1.c" in form.sliders
    form.sliders["2.A.1.d"].value = 3.5
    form.sliders["2.C.4.a"].value = 4.0
    form.sliders["2.B.1.d"].value = 2.5
    assert form.include["2.A.1.d"].value and form.include["2.C.4.a"].value
    assert not form.include["2.A.1.c"].value
    assert "<b>4: Interview applicants" in form.details["2.A.1.d"].value  # nearest anchor
    form.source.value = "mentor"
    form.note.value = "after the mock interview"
    form.save_button.click()
    assert sorted(tail(alex / "assessments.csv", 3)) == [
        "2026-11-16,2.C.4.a,4,mentor,after the mock interview",  # the name is ambiguous
        "2026-11-16,Negotiation,2.5,mentor,after the mock interview",
        "2026-11-16,Speaking,3.5,mentor,after the mock interview",
    ]
    assert form.status.text.splitlines()[0] == "Saved: assessments.csv: added lines 65-67"
    assert not form.include["2.A.1.d"].value
    speaking = next(t for t in form.chart.figure.data if t.name == "Speaking")
    assert speaking.x[-1] == "2026-11-16" and speaking.y[-1] == 3.5
    assert "last assessed 3.5 on 2026-11-16" in form.details["2.A.1.d"].value


def test_float_noise_from_the_browser_neither_ticks_nor_is_written(form, alex):
    # Drawing a slider, the browser may send 4.5 back as 4.500000000000001: that is not a
    # move, and must not tick "save" (found by the browser test of notebook 04).
    speaking = form.sliders["2.A.1.d"]
    assert speaking.value == 3.0
    speaking.value = 3.0000000000000004
    assert speaking.value == 3.0 and not form.include["2.A.1.d"].value
    # A real move arriving with noise is a move, snapped to the 0.5 step.
    speaking.value = 3.5000000000000004
    assert speaking.value == 3.5 and form.include["2.A.1.d"].value
    form.save_button.click()
    assert tail(alex / "assessments.csv") == ["2026-11-16,Speaking,3.5,self,"]
    assert not any(box.value for box in form.include.values())  # cleared by the save


def test_an_invalid_entry_writes_nothing_and_says_why(form, alex, sha):
    before = sha(alex / "assessments.csv")
    form.save_button.click()
    assert form.status.text.startswith("Nothing to save")
    form.sliders["2.A.1.d"].value = 4.0
    form.date.value = None
    form.save_button.click()
    assert sha(alex / "assessments.csv") == before
    assert form.status.text.splitlines() == [
        "Not saved: assessments.csv: the new row was not written",
        "assessments.csv, line 65, date: (empty) -> required: a date like 2025-09-30",
    ]
    assert "Not saved" in form.status.value and "<li>" in form.status.value


def test_profile_and_review_are_saved_and_undone(form, alex, sha):
    road, reviews = alex / "roadmap.yaml", alex / "reviews.csv"
    before = sha(road), sha(reviews)
    form.values.value = ["impact", "mastery"]
    form.profile_button.click()
    assert "  values: [impact, mastery]" in road.read_text().splitlines()
    sa = careermap.load(alex).self_assessment
    current = sa[sa["date"].isna()]
    assert current.loc[current["kind"] == "values", "item"].tolist() == ["impact", "mastery"]
    # the earlier answers stay, and the new ones are dated with the form's day
    entry = sa[sa["date"] == "2026-11-16"]
    assert entry.loc[entry["kind"] == "values", "item"].tolist() == ["impact", "mastery"]
    assert entry.loc[entry["kind"] == "strengths", "item"].tolist() == [
        "analytical thinking", "SQL", "writing clear reports"
    ]  # fmt: skip
    assert len(sa[sa["date"] == "2026-03-01"]) > 0
    form.satisfaction.value, form.motivation.value = 4, 5
    form.review_note.value = "interviews lined up"
    form.review_button.click()
    assert tail(reviews) == ["2026-11-16,4,5,3,3,interviews lined up"]
    form.undo_button.click()
    assert form.status.text == "Undone: reviews.csv: added line 16"
    form.undo_button.click()
    assert (sha(road), sha(reviews)) == before
    assert form.values.value == ["impact", "learning", "autonomy", "collaboration"]


def test_a_folder_without_a_map_is_refused(tmp_path):
    with pytest.raises(InvalidArgumentError, match="holds no roadmap"):
        self_assessment(tmp_path)


def test_a_misspelt_skill_shows_what_was_typed_and_a_suggestion(form):
    assert form.add_skill.ensure_option is False  # the typed text reaches add()
    form.add_skill.value = "Active Learning"  # Enter in the box adds the skill
    assert "2.A.2.b" in form.sliders and form.add_skill.value == ""
    assert form.add("Programing") is None
    assert form.status.text == (
        "'Programing' is not an O*NET skill or knowledge name, nor one of your custom skills; "
        "did you mean 'Programming'? pick one from the list"
    )
    assert form.add("") is None
    assert form.status.text.startswith("Type a skill name first")
    # a custom skill by its name, not only its id
    name = form.skill_name("stakeholder-mgmt")
    assert name != "stakeholder-mgmt" and form.add(name) == "stakeholder-mgmt"


def test_the_assessment_chart_names_skills_and_gives_each_its_own_colour(form):
    fig = form.figure()
    assessed = [t for t in fig.data if not t.name.endswith(" required")]
    names = [t.name for t in assessed]
    assert "stakeholder-mgmt" not in names  # the custom skill's name, not its id
    assert form.skill_name("stakeholder-mgmt") in names
    colours = [t.line.color for t in assessed]
    assert len(set(colours)) == len(colours)  # no two skills share a colour
    for t in fig.data:  # a required line has its skill's colour
        if t.name.endswith(" required"):
            twin = next(a for a in assessed if a.name == t.name.removesuffix(" required"))
            assert t.line.color == twin.line.color
