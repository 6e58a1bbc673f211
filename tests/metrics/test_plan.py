"""action_plan and plan_cost, checked against the sample's roadmap.yaml read as plain YAML."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
import pytest
import yaml

import careermap
from careermap import metrics

AS_OF = "2026-11-15"


def _actions_by_hand(as_of: dt.date):
    doc = yaml.safe_load((careermap.sample_path() / "roadmap.yaml").read_text())
    rows = []
    for goal in doc["goals"]:
        for ms in goal["milestones"]:
            gone = ms.get("dropped") is not None and ms["dropped"] <= as_of
            for a in ms.get("actions", []):
                done = a.get("done") is not None and a["done"] <= as_of
                status = (
                    "done" if done else "dropped" if gone
                    else "overdue" if a["due"] < as_of else "open"
                )  # fmt: skip
                cost = a.get("cost") or {}
                rows.append((goal["id"], a["id"], status, cost.get("amount"), cost.get("currency")))
    return rows


def test_action_plan_status_and_cost_match_the_yaml(sample):
    hand = _actions_by_hand(dt.date(2026, 11, 15))
    plan = metrics.action_plan(sample, as_of=AS_OF)
    assert plan["action_id"].tolist() == [r[1] for r in hand]
    assert plan["status"].tolist() == [r[2] for r in hand]
    got = [None if pd.isna(c) else c for c in plan["cost"]]
    assert got == [r[3] for r in hand]
    a3 = plan.set_index("action_id").loc["A3"]
    assert a3["resource_url"] == "https://learn.microsoft.com/training/"
    assert a3["goal_title"] == "Move into a BI analyst role"
    assert a3["milestone_title"] == "Learn Power BI to PL-300 level"


def test_plan_cost_sums_per_goal_like_plain_python(sample):
    hand = _actions_by_hand(dt.date(2026, 11, 15))
    planned, spent = defaultdict(float), defaultdict(float)
    for goal, _, status, amount, currency in hand:
        if amount is None or status == "dropped":
            continue
        planned[goal, currency] += amount
        if status == "done":
            spent[goal, currency] += amount
    got = metrics.plan_cost(sample, as_of=AS_OF).set_index(["goal_id", "currency"])
    assert set(got.index) == set(planned)
    for key, value in planned.items():
        assert got.loc[key, "planned"] == pytest.approx(value)
        assert got.loc[key, "spent"] == pytest.approx(spent[key])
        assert got.loc[key, "to_spend"] == pytest.approx(value - spent[key])
    # earlier, less was spent: the exam fee (A4, done 2026-02-09) not yet
    early = metrics.plan_cost(sample, as_of="2026-01-01").set_index("goal_id")
    assert early.loc["G1", "spent"] == 0.0 and early.loc["G1", "planned"] == 165.0


def test_plan_cost_keeps_currencies_apart_and_lists_goals_without_cost(build):
    T = pd.Timestamp
    m = build(
        [{"person_id": "p", "start": T("2025-01-01")}],
        [{"person_id": "p", "goal_id": "G1"}, {"person_id": "p", "goal_id": "G2"}],
        milestones=[{"person_id": "p", "goal_id": "G1", "milestone_id": "M1",
                     "target": T("2025-06-30")}],
        actions=[
            {"person_id": "p", "goal_id": "G1", "milestone_id": "M1", "action_id": a,
             "title": a, "due": T("2025-05-01"), "done": done, "cost": cost, "currency": cur}
            for a, done, cost, cur in [
                ("A1", T("2025-02-01"), 10.0, "USD"), ("A2", pd.NaT, 5.0, "USD"),
                ("A3", pd.NaT, 7.0, "EUR"), ("A4", pd.NaT, None, None),
            ]
        ],
    )  # fmt: skip
    c = metrics.plan_cost(m, as_of="2025-03-01")
    rows = c[["goal_id", "currency", "planned", "spent", "n_actions", "n_costed"]]
    assert rows.iloc[:2].values.tolist() == [
        ["G1", "USD", 15.0, 10.0, 4, 2],
        ["G1", "EUR", 7.0, 0.0, 4, 1],
    ]
    assert rows.iloc[2]["goal_id"] == "G2" and pd.isna(rows.iloc[2]["currency"])
    assert rows.iloc[2][["planned", "spent", "n_actions", "n_costed"]].tolist() == [0, 0, 0, 0]
