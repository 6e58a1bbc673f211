"""A milestone's state on a date: one definition, and every view agrees with it.

The definition (docs/metrics.md#milestone-states): overdue on A = in scope on A (entered the
plan by A, not dropped by A), not done by A, and the target in force on A (the ``from`` of
the first reschedule made after A, else the current target) before A. It is checked against
dates worked out by hand and against a plain-Python re-computation, and milestone_status,
goal_status, slip, on_time_rate and the cohort KPIs must give the same overdue counts per
person on the demo cohort at many dates.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest
from _reference import reference_overdue

from careermap import metrics
from careermap.metrics._milestone_state import engine_frame, milestone_states, states_on

T = pd.Timestamp

# --- a map worked out by hand ------------------------------------------------------------------
#
# p starts 2025-01-06; every milestone is planned then unless said otherwise.
#   M1  target 03-31; rescheduled on 03-10 from 03-01
#   M2  target 04-15; rescheduled on 02-05 from 02-10, and on 03-05 from 02-28
#   M3  planned 03-15, target 03-20
#   M4  target 02-15, done 02-20
#   M5  target 02-15, dropped 02-20
#   M6  target 05-31; rescheduled twice on 03-01, written in this order: from 02-20, from 03-10
#       (same day: the order written decides that 02-20 was the target before that day)
#
# Overdue (target in force before the date, in scope, not done):
#   02-18: M4, M5 (their 02-15 has passed; done and dropped only on 02-20)
#   02-25: M6 (in force: 02-20; the reschedules of 03-01 did not exist yet)
#   03-03: M1 (in force 03-01), M2 (in force 02-28)
#   03-12: none (M1 moved to 03-31 on 03-10, M2 to 04-15 on 03-05, M3 not in the plan yet)
#   03-25: M3
#   04-20: M1, M2, M3
HAND = {
    "2025-02-18": {"M4", "M5"},
    "2025-02-25": {"M6"},
    "2025-03-03": {"M1", "M2"},
    "2025-03-12": set(),
    "2025-03-25": {"M3"},
    "2025-04-20": {"M1", "M2", "M3"},
}
# What the views said before overdue had one definition (the current target, 2025's rule in
# milestone_status and the KPIs), on the dates where the two differ.
CURRENT_TARGET_RULE = {"2025-02-25": set(), "2025-03-03": set()}


@pytest.fixture(scope="module")
def hand(build):
    def ms(mid, target, planned="2025-01-06", **extra):
        return {
            "person_id": "p", "goal_id": "G1" if mid in ("M1", "M2", "M3") else "G2",
            "milestone_id": mid, "title": mid, "planned": T(planned), "target": T(target),
            "effort_hours": 5.0, **{k: T(v) for k, v in extra.items()},
        }  # fmt: skip

    def rs(mid, on, src):
        return {"person_id": "p", "milestone_id": mid, "on": T(on), "from_target": T(src)}

    return build(
        [{"person_id": "p", "start": T("2025-01-06")}],
        [
            {"person_id": "p", "goal_id": "G1", "deadline": T("2026-12-31")},
            {"person_id": "p", "goal_id": "G2", "deadline": T("2026-12-31"), "priority": 2},
        ],
        milestones=[
            ms("M1", "2025-03-31"),
            ms("M2", "2025-04-15"),
            ms("M3", "2025-03-20", planned="2025-03-15"),
            ms("M4", "2025-02-15", done="2025-02-20"),
            ms("M5", "2025-02-15", dropped="2025-02-20"),
            ms("M6", "2025-05-31"),
        ],
        reschedules=[
            rs("M1", "2025-03-10", "2025-03-01"),
            rs("M2", "2025-02-05", "2025-02-10"),
            rs("M2", "2025-03-05", "2025-02-28"),
            rs("M6", "2025-03-01", "2025-02-20"),
            rs("M6", "2025-03-01", "2025-03-10"),
        ],
    )


def overdue_in(frame: pd.DataFrame) -> set[str]:
    return set(frame.loc[frame["status"].astype(str) == "overdue", "milestone_id"])


@pytest.mark.parametrize("as_of", sorted(HAND))
def test_every_view_finds_the_hand_computed_overdue_milestones(hand, as_of):
    want = HAND[as_of]
    assert overdue_in(metrics.milestone_status(hand, as_of=as_of)) == want
    assert overdue_in(metrics.slip(hand, as_of=as_of)) == want
    assert metrics.on_time_rate(hand, as_of=as_of)["n_overdue"].item() == len(want)
    kpi = metrics.cohort_summary(hand, as_of=as_of)
    assert kpi["overdue_milestones"].item() == len(want)
    goals = metrics.goal_status(hand, as_of=as_of).set_index("goal_id")["status"].astype(str)
    for goal, mine in (("G1", {"M1", "M2", "M3"}), ("G2", {"M4", "M5", "M6"})):
        assert (goals[goal] == "overdue") == bool(want & mine), goal


def test_the_hand_case_is_where_the_current_target_rule_differs(hand):
    ms = hand.milestones
    for as_of, old in CURRENT_TARGET_RULE.items():
        a = T(as_of)
        open_in_scope = (ms["planned"] <= a) & ~(ms["done"] <= a) & ~(ms["dropped"] <= a)
        by_current_target = set(ms.loc[open_in_scope & (ms["target"] < a), "milestone_id"])
        assert by_current_target == old != HAND[as_of]


def test_target_in_force_and_reschedules_made_by_a_date(hand):
    s = metrics.slip(hand, as_of="2025-03-03").set_index("milestone_id")
    assert s.loc["M2", "target"] == T("2025-02-28") and s.loc["M2", "n_reschedules"] == 1
    assert s.loc["M2", "original_target"] == T("2025-02-10") and s.loc["M2", "slip_days"] == 18
    assert s.loc["M6", "target"] == T("2025-05-31") and s.loc["M6", "n_reschedules"] == 2
    before = metrics.slip(hand, as_of="2025-02-25").set_index("milestone_id")
    assert before.loc["M6", "target"] == T("2025-02-20")  # the first written of that day
    assert before.loc["M6", "n_reschedules"] == 0 and "M3" not in before.index
    st = metrics.milestone_status(hand, as_of="2025-03-03").set_index("milestone_id")
    assert st.loc["M1", "target"] == T("2025-03-01") and st.loc["M2", "target"] == T("2025-02-28")


# --- many dates on the demo cohort ------------------------------------------------------------

# 16 dates from before the first start to the data end, including the three month starts
# where slip and milestone_status used to disagree on the demo cohort
DATES = [
    *pd.date_range("2025-08-15", "2026-11-15", freq="MS"),
    T("2026-11-15"),
]


@pytest.fixture(scope="module")
def per_date(cohort):
    out = {}
    for d in DATES:
        ref = reference_overdue(cohort, d)
        out[d] = {
            "reference": ref.groupby("person_id")["overdue"].sum(),
            "ref_rows": ref,
            "status": metrics.milestone_status(cohort, as_of=d),
            "slip": metrics.slip(cohort, as_of=d),
            "on_time": metrics.on_time_rate(cohort, as_of=d),
            "kpi": metrics.cohort_summary(cohort, as_of=d),
        }
    return out


def test_overdue_counts_agree_per_person_on_many_dates(cohort, per_date):
    assert len(DATES) >= 12
    people = pd.Index(cohort.person_ids)
    disagreements = []
    some_overdue = 0
    for d, v in per_date.items():
        want = v["reference"].reindex(people).fillna(0).astype(int)
        got = {
            "milestone_status": v["status"]
            .groupby("person_id")["status"]
            .apply(lambda s: int((s.astype(str) == "overdue").sum())),
            "slip": v["slip"]
            .groupby("person_id")["status"]
            .apply(lambda s: int((s.astype(str) == "overdue").sum())),
            "on_time_rate": v["on_time"].set_index("person_id")["n_overdue"],
            "cohort_summary": v["kpi"].set_index("person_id")["overdue_milestones"],
        }
        for view, counts in got.items():
            counts = counts.reindex(people).fillna(0).astype(int)
            for pid in people[counts.to_numpy() != want.to_numpy()]:
                disagreements.append((str(d.date()), view, pid, counts[pid], want[pid]))
        some_overdue += int(want.sum())
    assert disagreements == []
    assert some_overdue > 50  # the dates do exercise overdue milestones


def test_targets_agree_with_the_reference(per_date):
    for d, v in per_date.items():
        ref = v["ref_rows"].set_index(["person_id", "milestone_id"])["target_asof"]
        st = v["status"].set_index(["person_id", "milestone_id"])["target"]
        pd.testing.assert_series_equal(
            st.sort_index(), ref.reindex(st.index).sort_index(), check_names=False, obj=str(d)
        )
        sl = v["slip"].set_index(["person_id", "milestone_id"])["target"]
        pd.testing.assert_series_equal(sl, st.reindex(sl.index), check_names=False, obj=str(d))


def test_a_past_date_ignores_reschedules_made_later_on_the_demo_cohort(cohort, per_date):
    # the people whose overdue count the old current-target rule got wrong (counted as 0):
    # at least one, so the cohort exercises the difference
    changed = 0
    for d, v in per_date.items():
        ms = cohort.milestones.merge(v["ref_rows"], on=["person_id", "milestone_id"])
        entered = ms["planned"].fillna(
            ms["person_id"].map(cohort.people.set_index("person_id")["start"])
        )
        open_ = (
            (entered <= d) & ~(ms["done"] <= d).fillna(False) & ~(ms["dropped"] <= d).fillna(False)
        )
        old_rule = open_ & (ms["target"] < d)
        changed += int((old_rule != ms["overdue"]).sum())
    assert changed > 0


def test_burndown_scope_and_done_agree_with_the_states(cohort):
    b = metrics.burndown(cohort, freq="D", as_of="2026-11-15").set_index(["person_id", "date"])
    many = states_on(cohort, DATES)
    counts = (
        many.assign(done_in=many["in_scope"] & many["is_done"])
        .groupby(["person_id", "as_of"])[["in_scope", "done_in"]]
        .sum()
    )
    counts.index = counts.index.set_names(["person_id", "date"])
    common = counts.index.intersection(b.index)
    assert len(common) > 300
    np.testing.assert_array_equal(b.loc[common, "scope"], counts.loc[common, "in_scope"])
    np.testing.assert_array_equal(b.loc[common, "done"], counts.loc[common, "done_in"])


def test_the_compiled_sql_runs_the_same_expression_as_ibis(cohort):
    # states_on runs milestone_states compiled once to DuckDB SQL; Ibis executing the same
    # expression on memtables must give the same rows
    dates = [T("2025-11-01"), T("2026-03-01"), T("2026-11-15")]
    fast = states_on(cohort, dates)
    tables = {
        n: ibis.memtable(engine_frame(getattr(cohort, n), n))
        for n in ("milestones", "reschedules", "people")
    }
    expr = milestone_states(
        tables["milestones"],
        tables["reschedules"],
        tables["people"],
        ibis.memtable(pd.DataFrame({"as_of": dates})),
    )
    slow = ibis.duckdb.connect().execute(expr)
    slow = slow.sort_values(["as_of", "person_id", "milestone_id"])
    fast = fast.sort_values(["as_of", "person_id", "milestone_id"])
    for col in ("in_scope", "is_done", "is_dropped", "is_overdue", "state", "n_reschedules"):
        np.testing.assert_array_equal(fast[col].to_numpy(), slow[col].to_numpy(), err_msg=col)
    for col in ("target_asof", "original_target", "entered"):
        np.testing.assert_array_equal(
            fast[col].to_numpy("datetime64[ns]"),
            slow[col].to_numpy("datetime64[ns]"),
            err_msg=col,
        )


def test_states_on_one_date_is_aligned_with_the_milestones(sample):
    st = states_on(sample, T("2026-11-15"))
    assert st.index.equals(sample.milestones.index)
    assert (st["milestone_id"].to_numpy() == sample.milestones["milestone_id"].to_numpy()).all()
    assert set(st["state"]) <= {"done", "dropped", "overdue", "open"}
