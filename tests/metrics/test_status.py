"""Milestone and goal status, checked against states worked out by hand on the small map.

The small map (tests/_maps.py): M1 logged from 2025-01-07 (action A1 done 2025-02-10), done
2025-03-20, target 2025-03-31; M2 logged 2025-02-01, target 2025-06-30, never done; M3
logged 2025-01-12, dropped 2025-05-01. G1 (M1, M2) deadline 2026-06-30; G2 (M3).
"""

from __future__ import annotations

import pandas as pd
import pytest
from _maps import TIME_LOG
from _reference import reference_overdue

import careermap
from careermap import metrics


def states(frame: pd.DataFrame, key: str) -> dict[str, str]:
    return dict(zip(frame[key], frame["status"].astype(str), strict=True))


@pytest.mark.parametrize(
    ("as_of", "milestones", "goals"),
    [
        # before the start nothing is in the plan yet; M3 enters it on 2025-02-01 (its
        # `planned`), so on 2025-01-08 it did not exist yet and G2 has no milestone (open)
        ("2025-01-05", {}, {"G1": "open", "G2": "open"}),
        (
            "2025-01-08",
            {"M1": "on track", "M2": "open"},
            {"G1": "on track", "G2": "open"},
        ),
        (
            "2025-04-15",
            {"M1": "done", "M2": "on track", "M3": "on track"},
            {"G1": "on track", "G2": "on track"},
        ),
        (
            "2025-07-15",
            {"M1": "done", "M2": "overdue", "M3": "dropped"},
            {"G1": "overdue", "G2": "dropped"},
        ),
    ],
)
def test_states_on_dates_worked_out_by_hand(small_map, as_of, milestones, goals):
    m = careermap.load(small_map)
    ms = metrics.milestone_status(m, as_of=as_of)
    assert states(ms, "milestone_id") == milestones
    assert states(metrics.goal_status(m, as_of=as_of), "goal_id") == goals


def test_columns_dates_and_counts(small_map):
    m = careermap.load(small_map)
    ms = metrics.milestone_status(m, as_of="2025-04-15").set_index("milestone_id")
    assert ms.columns.tolist() == [
        "person_id",
        "goal_id",
        "target",
        "done",
        "dropped",
        "started",
        "status",
    ]
    assert list(ms["status"].cat.categories) == ["done", "on track", "open", "overdue", "dropped"]
    assert ms.at["M1", "done"] == pd.Timestamp("2025-03-20")
    assert pd.isna(ms.at["M3", "dropped"])  # dropped on 2025-05-01: not yet on 2025-04-15
    assert ms["started"].tolist() == [True, True, True]
    gs = metrics.goal_status(m, as_of="2025-07-15").set_index("goal_id")
    assert gs.loc["G1", ["n_milestones", "n_done"]].tolist() == [2, 1]
    assert gs.loc["G2", ["n_milestones", "n_done"]].tolist() == [1, 0]


def test_a_done_action_starts_a_milestone_without_logged_time(make_map):
    no_m1_time = "\n".join(line for line in TIME_LOG.splitlines() if ",M1," not in line) + "\n"
    m = careermap.load(make_map({"time_log.csv": no_m1_time}))
    before = metrics.milestone_status(m, as_of="2025-02-09").set_index("milestone_id")
    after = metrics.milestone_status(m, as_of="2025-02-10").set_index("milestone_id")
    assert before.at["M1", "status"] == "open" and not before.at["M1", "started"]
    assert after.at["M1", "status"] == "on track" and after.at["M1", "started"]


def test_a_passed_goal_deadline_makes_the_goal_overdue(small_map):
    m = careermap.load(small_map)
    # 2026-07-15: G1's deadline (2026-06-30) passed with M2 still overdue
    assert states(metrics.goal_status(m, as_of="2026-07-15"), "goal_id")["G1"] == "overdue"


def test_sample_states_match_plain_pandas(sample):
    # milestone_status and slip both read the one milestone-state rule; check the rule's
    # words on the sample against a plain re-computation from the raw frame instead of
    # against each other
    as_of = pd.Timestamp("2026-11-15")
    ms = metrics.milestone_status(sample, as_of=as_of).set_index("milestone_id")
    overdue = reference_overdue(sample, as_of).set_index("milestone_id")["overdue"]
    raw = sample.milestones.set_index("milestone_id")
    want = pd.Series("open", index=raw.index)
    want[overdue.reindex(raw.index).to_numpy()] = "overdue"
    want[(raw["dropped"] <= as_of).to_numpy()] = "dropped"
    want[(raw["done"] <= as_of).to_numpy()] = "done"
    four = ms["status"].astype(str).replace({"on track": "open"})
    assert four.to_dict() == want.to_dict()
    assert (four == "overdue").sum() == 2  # M9 (target 2026-10-31) and M15 (2026-08-31)


def test_a_cohort_gives_each_person_what_they_get_alone(cohort):
    together = metrics.milestone_status(cohort, as_of="2026-11-15")
    for pid in cohort.person_ids[:5]:
        alone = metrics.milestone_status(cohort.person(pid), as_of="2026-11-15")
        part = together[together["person_id"] == pid].reset_index(drop=True)
        pd.testing.assert_frame_equal(part, alone)
