"""The cross-file rules that read whole columns at once find exactly what a plain row-by-row
reading finds (the reference, written here), on many generated cohorts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careermap.io import _checks
from careermap.io._checks import _mismatched_references, log_references
from careermap.io._table import Table

PEOPLE = ["p1", "p2"]
IDS = {"goal_id": ["G1", "G2", None], "milestone_id": ["M1", "M2", "M3", None]}
IDS["action_id"] = ["A1", "A2", None]


def _frame(draw: st.DrawFn, columns: list[str], most: int) -> pd.DataFrame:
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(PEOPLE), *(st.sampled_from(IDS[c]) for c in columns)),
            max_size=most,
        )
    )
    df = pd.DataFrame(rows, columns=["person_id", *columns], dtype=object)
    return df.astype("str").where(df.notna(), None).astype("str")


@st.composite
def cohorts(draw: st.DrawFn) -> dict[str, pd.DataFrame]:
    return {
        "goals": _frame(draw, ["goal_id"], 4),
        "milestones": _frame(draw, ["goal_id", "milestone_id"], 6),
        "actions": _frame(draw, ["milestone_id", "action_id"], 6),
        "time_log": _frame(draw, ["goal_id", "milestone_id", "action_id"], 12),
    }


def reference(f: dict[str, pd.DataFrame]) -> list[tuple[int, str, str]]:
    """(row, column, rule) of each mismatched reference, row by row: the goal a milestone
    belongs to is the goal of the person's first milestone with its id; only a goal the
    person has is checked; likewise the milestone of an action."""
    found = []
    goals = {(r.person_id, r.goal_id) for r in f["goals"].itertuples() if pd.notna(r.goal_id)}
    ms_goal: dict[tuple[str, str], object] = {}
    for r in f["milestones"].itertuples():
        ms_goal.setdefault((r.person_id, r.milestone_id), r.goal_id)
    act_ms: dict[tuple[str, str], object] = {}
    for r in f["actions"].itertuples():
        act_ms.setdefault((r.person_id, r.action_id), r.milestone_id)
    rows = list(f["time_log"].itertuples())
    for r in rows:
        if pd.isna(r.goal_id) or pd.isna(r.milestone_id):
            continue
        owner = ms_goal.get((r.person_id, r.milestone_id))
        if (r.person_id, r.goal_id) in goals and pd.notna(owner) and owner != r.goal_id:
            found.append(
                (r.Index, "goal_id", f"milestone {r.milestone_id} belongs to goal {owner}")
            )
    for r in rows:
        if pd.isna(r.action_id) or pd.isna(r.milestone_id):
            continue
        owner = act_ms.get((r.person_id, r.action_id))
        if pd.notna(owner) and owner != r.milestone_id:
            found.append(
                (r.Index, "milestone_id", f"action {r.action_id} belongs to milestone {owner}")
            )
    return found


@pytest.fixture(params=["dictionary", "numbered"], autouse=True)
def _lookup(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """References are looked up in a dictionary for a few rows, by numbers for many: both."""
    monkeypatch.setattr(_checks, "_FEW_ROWS", 10**9 if request.param == "dictionary" else -1)


def _table(log: pd.DataFrame) -> Table:
    n = len(log)
    table = Table(
        "time_log", log, np.array(["t.csv"] * n, dtype=object), np.arange(2, n + 2), "csv"
    )
    table.listed = None
    return table


@settings(max_examples=400, deadline=None)
@given(cohorts())
def test_unknown_references_as_row_by_row(f: dict[str, pd.DataFrame]) -> None:
    """A log row's goal, milestone and action must be one of its person's (row by row:
    the pairs of person and id the roadmap defines)."""
    want = []
    for col, frame, key in (
        ("goal_id", "goals", "goal"),
        ("milestone_id", "milestones", "milestone"),
        ("action_id", "actions", "action"),
    ):
        ids = f[frame]
        defined = {(p, i) for p, i in zip(ids["person_id"], ids[col], strict=True) if pd.notna(i)}
        for r in f["time_log"].itertuples():
            value = getattr(r, col)
            if pd.notna(value) and (r.person_id, value) not in defined:
                want.append((r.Index, key, "unknown_reference"))
    found = log_references(f, {"time_log": _table(f["time_log"])}, "time_log", mismatched=False)
    got = [(int(p.location.split()[1]) - 2, p.column, p.code) for p in found]
    assert got == want


@settings(max_examples=400, deadline=None)
@given(cohorts())
def test_mismatched_references_as_row_by_row(f: dict[str, pd.DataFrame]) -> None:
    table = _table(f["time_log"])
    got = [
        (int(p.location.split()[1]) - 2, p.column, p.rule)
        for p in _mismatched_references(f, {"time_log": table})
    ]
    want = [(i, "goal" if c == "goal_id" else "milestone", rule) for i, c, rule in reference(f)]
    assert got == want
