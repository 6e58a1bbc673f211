"""forecast_backtest, backtest_summary and the forecast's one answer: as-of honesty (a map cut
at a date forecasts the same as the whole map on that date), hand-counted outcomes, and the
cohort KPI finish equal to every person's own forecast."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from careermap import metrics

T = pd.Timestamp


def truncated(m, day: pd.Timestamp):
    """The map as it was written on ``day``: milestones not yet planned removed, done and
    dropped dates after it cleared, reschedules made after it undone (the target back to the
    ``from`` of the first later one)."""
    day = T(day)
    ms = m.milestones.copy()
    start = m.people.set_index("person_id")["start"].reindex(ms["person_id"]).to_numpy()
    entered = ms["planned"].fillna(pd.Series(start, index=ms.index))
    ms = ms[entered <= day].copy()
    ms.loc[ms["done"] > day, "done"] = pd.NaT
    ms.loc[ms["dropped"] > day, "dropped"] = pd.NaT
    rs = m.reschedules
    later = rs[rs["on"] > day].sort_values("on", kind="stable")
    first = later.drop_duplicates(["person_id", "milestone_id"]).set_index(
        ["person_id", "milestone_id"]
    )["from_target"]
    key = pd.MultiIndex.from_frame(ms[["person_id", "milestone_id"]])
    back = first.reindex(key).to_numpy()
    ms["target"] = np.where(pd.isna(back), ms["target"].to_numpy(), back).astype(ms["target"].dtype)
    keep = rs[(rs["on"] <= day) & rs["milestone_id"].isin(ms["milestone_id"])]
    return replace(m, milestones=ms.reset_index(drop=True), reschedules=keep.reset_index(drop=True))


@pytest.mark.parametrize("day", ["2025-11-01", "2026-03-01", "2026-07-01"])
def test_a_forecast_on_a_past_date_reads_nothing_after_it(cohort, day):
    whole = metrics.forecast(cohort, as_of=day)
    cut = metrics.forecast(truncated(cohort, day), as_of=day)
    pd.testing.assert_frame_equal(whole, cut)


def test_the_backtest_uses_only_what_was_known_on_each_date(sample):
    # every forecast of the backtest equals the forecast of the map cut on its date
    bt = metrics.forecast_backtest(sample, as_of="2026-11-15")
    for day, rows in bt.groupby("made_on"):
        f = metrics.forecast(truncated(sample, day), as_of=day)
        person = f[f["level"] == "person"].iloc[0]
        last = rows[rows["step"] == rows["remaining"]].iloc[0]
        assert last["remaining"] == person["remaining"]
        for q in ("p50", "p85"):  # the same date, or both beyond 20 years (NaT)
            assert last[q] == person[q] or (pd.isna(last[q]) and pd.isna(person[q])), (day, q)


def test_backtest_outcomes_by_hand(build):
    # started 2025-01-06; M0 done 01-20, M1 done 03-10, M2 never; on 2025-02-01 two were
    # open (M1, M2): step 1 was done on 03-10, step 2 not by the end (2025-06-30)
    ms = [
        {"person_id": "p", "goal_id": "G", "milestone_id": f"M{i}", "title": "x",
         "planned": T("2025-01-06"), "target": T("2025-04-01"), "effort_hours": 1.0, "done": d}
        for i, d in enumerate([T("2025-01-20"), T("2025-03-10"), pd.NaT])
    ]  # fmt: skip
    m = build([{"person_id": "p", "start": T("2025-01-06")}], [{"person_id": "p", "goal_id": "G"}],
              milestones=ms)  # fmt: skip
    bt = metrics.forecast_backtest(m, as_of="2025-06-30")
    feb = bt[bt["made_on"] == T("2025-02-01")].set_index("step")
    assert feb["remaining"].tolist() == [2, 2]
    assert feb.loc[1, "done_on"] == T("2025-03-10") and pd.isna(feb.loc[2, "done_on"])
    f = metrics.forecast(m, as_of="2025-02-01")
    assert feb.loc[2, "p50"] == f[f["level"] == "person"].iloc[0]["p50"]
    for step, row in feb.iterrows():
        for q in ("p50", "p85"):
            if pd.isna(row[q]) or row[q] > T("2025-06-30"):
                assert pd.isna(row[f"held_{q}"])  # the date has not come: not judged
            else:
                held = pd.notna(row["done_on"]) and row["done_on"] <= row[q]
                assert bool(row[f"held_{q}"]) == held, (step, q)
    assert (bt["made_on"] < T("2025-06-30")).all()
    assert bt["made_on"].min() == T("2025-02-01")  # the first month start after the start


def test_backtest_summary_counts(sample):
    bt = metrics.forecast_backtest(sample, as_of="2026-11-15")
    s = metrics.backtest_summary(bt).iloc[0]
    judged = bt["held_p85"].dropna()
    assert s["judged_p85"] == len(judged) and s["held_p85"] == int(judged.sum())
    assert s["coverage_p85"] == pytest.approx(judged.mean())
    assert s["median_error_weeks"] == pytest.approx(bt["error_weeks"].median())
    assert s["sentence"] == (
        f"of the forecasts careermap made for you, {s['held_p85']} of {s['judged_p85']} "
        f"P85 dates held ({s['held_p50']} of {s['judged_p50']} P50 dates)"
    )
    per = metrics.backtest_summary(bt, per_person=True)
    assert per["person_id"].tolist() == ["alex-rivera"]


def test_backtest_of_a_cohort_is_its_people_backtests(cohort):
    whole = metrics.forecast_backtest(cohort, as_of="2026-11-15")
    for pid in cohort.person_ids[:3]:
        alone = metrics.forecast_backtest(cohort.person(pid), as_of="2026-11-15")
        mine = whole[whole["person_id"] == pid].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone)


@pytest.mark.parametrize("as_of", ["2025-10-15", "2026-03-01", "2026-11-15"])
def test_cohort_finish_is_every_persons_forecast(cohort, as_of):
    kpis = metrics.cohort_summary(cohort, as_of=as_of).set_index("person_id")
    f = metrics.forecast(cohort, as_of=as_of)
    person = f[f["level"] == "person"].set_index("person_id").reindex(kpis.index)
    pd.testing.assert_series_equal(
        kpis["projected_finish"], person["p85"], check_names=False, check_freq=False
    )
    pd.testing.assert_series_equal(
        kpis["finish_p50"], person["p50"], check_names=False, check_freq=False
    )
    assert (kpis["remaining"].astype(float) == person["remaining"]).all()


def test_summary_reads_the_same_forecast(sample):
    s = metrics.summary(sample, as_of="2026-11-15").iloc[0]
    f = metrics.forecast(sample, as_of="2026-11-15")
    person = f[f["level"] == "person"].iloc[0]
    assert s["forecast_p85"] == person["p85"] and s["forecast_p50"] == person["p50"]
    k = metrics.cohort_summary(sample, as_of="2026-11-15").iloc[0]
    assert k["projected_finish"] == person["p85"]
