"""Fixtures for the chart tests: small tidy frames written by hand, shaped like the metrics.

Each frame holds two people so the ``person_id`` selection is exercised; values are simple
enough to check against the traces by eye.
"""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture
def burndown_frame() -> pd.DataFrame:
    dates = pd.to_datetime(["2026-01-04", "2026-01-11", "2026-01-18"])
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 3 + ["bo"] * 3,
            "date": list(dates) * 2,
            "scope": [4.0, 5.0, 5.0, 2.0, 2.0, 2.0],
            "done": [0.0, 1.0, 2.0, 0.0, 0.0, 1.0],
            "remaining": [4.0, 4.0, 3.0, 2.0, 2.0, 1.0],
            "ideal": [4.0, 3.5, 3.0, 2.0, 1.5, 1.0],
        }
    )


@pytest.fixture
def forecast_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ["ana", "ana", "bo"],
            "level": ["person", "goal", "person"],
            "goal_id": [None, "G1", None],
            "remaining": [3.0, 3.0, 1.0],
            "p50": pd.to_datetime(["2026-03-01", "2026-03-01", pd.NaT]),
            "p85": pd.to_datetime(["2026-04-01", "2026-04-01", pd.NaT]),
            "p95": pd.to_datetime(["2026-05-01", "2026-05-01", pd.NaT]),
            "deadline": pd.to_datetime(["2026-06-30", "2026-06-30", "2026-06-30"]),
            "prob_by_deadline": [0.9, 0.9, None],
            "reason": ["ok", "ok", "no milestone completed in the last 12 weeks"],
        }
    )


@pytest.fixture
def allocation_frame() -> pd.DataFrame:
    weeks = pd.to_datetime(["2026-01-05", "2026-01-12"])
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 4 + ["bo"] * 2,
            "period": [weeks[0], weeks[0], weeks[1], weeks[1], weeks[0], weeks[1]],
            "category": pd.Categorical(
                ["practice", "learning", "learning", "practice", "learning", "learning"],
                categories=["learning", "practice", "networking"],
            ),
            "hours": [1.5, 3.0, 2.0, 0.0, 4.0, 1.0],
        }
    )


@pytest.fixture
def goal_allocation_frame() -> pd.DataFrame:
    week = pd.Timestamp("2026-01-05")
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 3,
            "period": [week] * 3,
            "goal_id": pd.Series(["G1", "G2", None], dtype="str"),
            "hours": [2.0, 1.0, 0.5],
        }
    )


@pytest.fixture
def pva_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 3,
            "period": pd.to_datetime(["2026-01-05", "2026-01-12", "2026-01-19"]),
            "capacity_hours": [6.0, 6.0, 6.0],
            "planned_hours": [5.0, 5.0, 4.0],
            "actual_hours": [4.0, 8.0, 0.0],
            "moving_average": [4.0, 6.0, 4.0],
        }
    )


@pytest.fixture
def time_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 4,
            "date": pd.to_datetime(["2026-03-02", "2026-03-02", "2026-03-04", "2026-03-15"]),
            "hours": [1.0, 0.5, 2.0, 3.0],
            "category": ["learning", "practice", "learning", "other"],
        }
    )


@pytest.fixture
def habit_frame() -> pd.DataFrame:
    days = pd.date_range("2026-03-02", "2026-03-08")
    logged = [True, False, True, False, False, True, False]
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 7,
            "date": days,
            "logged": logged,
            "strength": [0.1, 0.09, 0.15, 0.14, 0.13, 0.2, 0.19],
        }
    )


@pytest.fixture
def gaps_frame() -> pd.DataFrame:
    """Two roles; r1 has a suppressed estimate and an unassessed skill."""
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 6,
            "role_id": ["r1", "r1", "r1", "r1", "r2", "r2"],
            "role_title": ["Role one"] * 4 + ["Role two"] * 2,
            "skill_id": ["2.A.1.c", "2.A.1.d", "2.B.3.e", "2.A.2.a", "2.A.1.c", "2.A.1.d"],
            "skill": [
                "Writing",
                "Speaking",
                "Programming",
                "Critical Thinking",
                "Writing",
                "Speaking",
            ],
            "required_level": [4.0, 5.0, 3.0, 4.5, 5.0, 3.5],
            "importance": [4.0, 3.0, 2.5, 4.5, 5.0, 2.0],
            "current_level": [3.0, 4.0, 3.5, None, 3.0, 4.0],
            "assessed": [True, True, True, False, True, True],
            "gap": [1.0, 1.0, 0.0, None, 2.0, 0.0],
            "weighted_gap": [0.8, 0.6, 0.0, None, 2.0, 0.0],
            "level_lower": [3.6, 4.5, 2.0, 4.0, None, 3.0],
            "level_upper": [4.4, 5.5, 4.0, 5.0, None, 4.0],
            "suppress": [False, False, True, False, False, False],
            "not_relevant": [False] * 6,
        }
    )


@pytest.fixture
def trend_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 4,
            "role_id": ["r1", "r1", "r2", "r2"],
            "date": pd.to_datetime(["2026-01-01", "2026-06-01"] * 2),
            "weighted_gap": [20.0, 14.5, 30.0, 29.0],
            "match_score": [0.2, 0.35, 0.1, 0.12],
            "n_assessed": [3, 5, 3, 5],
        }
    )


@pytest.fixture
def investment_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 4,
            "skill_id": ["2.A.1.c", "2.A.1.d", "2.B.3.e", "2.B.1.e"],
            "skill": ["Writing", "Speaking", "Programming", "Instructing"],
            "hours": [12.0, 30.0, 50.0, 6.0],
            "first_level": [3.0, 3.0, 2.0, None],
            "latest_level": [3.5, 2.9, 4.0, None],
            "level_gain": [0.5, -0.1, 2.0, None],
            "hours_per_level": [24.0, None, 25.0, None],
        }
    )


@pytest.fixture
def assessments_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 5,
            "date": pd.to_datetime(
                ["2026-01-01", "2026-04-01", "2026-01-01", "2026-02-01", "2026-05-01"]
            ),
            # named as metrics.skill_history names them (the charts read no reference data)
            "skill": [
                "Writing",
                "Writing",
                "Mathematics (skill)",
                "Mathematics (skill)",
                "stakeholders",
            ],
            "skill_id": ["2.A.1.c", "2.A.1.c", "2.A.1.e", "2.A.1.e", "stakeholders"],
            "level": [3.0, 3.5, 2.0, 2.5, 4.0],
            "source": ["self", "mentor", "self", "test", "self"],
        }
    )


@pytest.fixture
def market_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ["ana"] * 3,
            "role_id": ["15-2051.01", "15-2041.00", "lead"],
            "title": ["Business Intelligence Analysts", "Statisticians", "Team lead"],
            "onet_title": ["Business Intelligence Analysts", "Statisticians", None],
            "soc": ["15-2051", "15-2041", None],
            "change_pct": [33.5, 8.5, None],
            "openings": [23.4, 2.0, None],
            "median_wage": [112590.0, 103300.0, None],
            "median_wage_note": ["", "", None],
            "education": ["Bachelor's degree", "Master's degree", None],
            "job_zone": [4, 5, None],
            "note": [None, None, "custom role without based_on"],
        }
    )
