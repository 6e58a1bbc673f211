"""notebooks/05-cohort.ipynb runs without errors or warnings on generated cohorts, and
lists the person it had to leave out."""

from __future__ import annotations

import json

import pytest
from _clock import SAMPLE_TODAY
from notebook_runs._matrix import COHORT_PEOPLE, COHORTS, LARGE_COHORTS
from notebook_runs._matrix_test import run_on
from notebook_runs._runs import problems

NOTEBOOK = "05-cohort.ipynb"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", list(COHORTS))
def test_runs_cleanly_on(name, kernel, matrix_map, timings):
    run = run_on(kernel, matrix_map(name), name, timings, folder_key="MY_COHORT")
    said = "\n".join(run.texts())
    if name == "cohort-with-broken-person":
        assert "1 person left out" in said and "broken-map" in said, said[:3000]
    else:
        n = COHORT_PEOPLE[name]
        assert f"Every person's map loaded: {n} people." in said, said[:3000]
    if name == "cohort-without-groups":
        assert "No groups in this cohort" in said, said[:3000]


@pytest.mark.parametrize("name", list(LARGE_COHORTS))
def test_runs_on_a_large_cohort(name, kernel, matrix_map, timings):
    """One run at 1,000 people: the views stay summaries (no chart grows with the people)."""
    check = """
import json
print(json.dumps({
    "skills": len(skills_below_requirement(skills).data[0].y),
    "detail": len(gap_heatmap(gaps[gaps["person_id"].isin(first)], role_id=ROLE).data[0].y),
    "mix_traces": len(time_mix_boxes(*views.time_mix_spread(mix, shared.people)).data),
}))
"""
    case = matrix_map(name)
    run = kernel.run({"MY_COHORT": str(case.folder), "AS_OF": case.as_of}, extra=check)
    timings.append(f"05-cohort,{name},{run.seconds:.1f}")
    wrong = problems(run)
    assert not wrong, f"05-cohort on {case.about}: {wrong}"
    said = json.loads(run.texts()[-1])
    assert "Every person's map loaded: 1000 people." in "\n".join(run.texts())
    assert said["skills"] <= 15 and said["detail"] <= 30 and said["mix_traces"] <= 12


def test_the_attention_dashboard_on_the_demo_cohort(kernel):
    """A stricter inactivity threshold flags no more people; a group filter shows only
    that group's people (checked against their pseudonyms)."""
    check = """
import json
said = {}
dashboard.inactive_days.value = 30
said["at30"] = int(dashboard.flagged["flag_inactive"].sum())
dashboard.inactive_days.value = 90
said["at90"] = int(dashboard.flagged["flag_inactive"].sum())
dashboard.inactive_days.value = DEFAULTS.inactive_days
dashboard.group.value = "design"
said["shown"] = list(dashboard.attention_figure.data[0].cells.values[0])
said["design"] = list(summary.loc[summary["group"] == "design", "name"])
print(json.dumps(said))
"""
    run = kernel.run({"MY_COHORT": None, "AS_OF": SAMPLE_TODAY}, extra=check)
    assert not run.error, run.error[-3000:]
    said = json.loads(run.texts()[-1])
    assert said["at90"] <= said["at30"]
    assert said["shown"] and set(said["shown"]) <= set(said["design"])
