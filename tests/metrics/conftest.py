"""Fixtures for the metrics tests: the hand-written small map, the sample, a cohort, and a
way to build tiny maps from frames written in the test."""

from __future__ import annotations

import copy
from dataclasses import replace

import pandas as pd
import pytest
from _maps import write_map

import careermap
from careermap.model import CareerMap

AS_OF = "2026-11-15"  # the sample's and the demo cohort's data end


@pytest.fixture(scope="session")
def small(tmp_path_factory) -> CareerMap:
    """Sam Lee, the hand-written map of tests/_maps.py."""
    return careermap.load(write_map(tmp_path_factory.mktemp("small") / "sam-lee"))


@pytest.fixture(scope="session")
def few(cohort) -> CareerMap:
    """The first six people of the cohort (personas cycle, so several kinds are in)."""
    return cohort.subset(cohort.person_ids[:6])


def frames_snapshot(m: CareerMap) -> dict[str, pd.DataFrame]:
    return {name: copy.deepcopy(df) for name, df in m.frames().items()}


def assert_unchanged(m: CareerMap, before: dict[str, pd.DataFrame]) -> None:
    for name, df in m.frames().items():
        pd.testing.assert_frame_equal(df, before[name], obj=name)


def empty_like(df: pd.DataFrame) -> pd.DataFrame:
    return df.iloc[:0].copy()


def tiny_map(base: CareerMap, **frames: pd.DataFrame | list[dict]) -> CareerMap:
    """``base`` with the given frames replaced (records or frames, cast to base's dtypes) and
    every other frame except people/goals/target_roles emptied."""
    keep = {"people", "goals", "target_roles"}
    out = {}
    for name, df in base.frames().items():
        if name in frames:
            given = frames[name]
            new = pd.DataFrame(given) if not isinstance(given, pd.DataFrame) else given.copy()
            for col in df.columns:
                if col not in new.columns:
                    new[col] = None
            new = new[list(df.columns)].astype(df.dtypes.to_dict())
            out[name] = new.reset_index(drop=True)
        elif name not in keep:
            out[name] = empty_like(df)
    return replace(base, **out)


def person_map(base: CareerMap, people: list[dict], goals: list[dict], **frames) -> CareerMap:
    """A map of new people and goals (defaults filled in) plus the given frames."""
    p = [
        {
            "name": r.get("person_id"),
            "current_role": None,
            "weekly_hours": 6.0,
            "vision": "v",
            "horizon": pd.Timestamp("2030-12-31"),
            **r,
        }
        for r in people
    ]
    g = [
        {
            "title": "a goal",
            "specific": "something specific",
            "metric": "m",
            "baseline": 0.0,
            "target": 1.0,
            "deadline": pd.Timestamp("2027-12-31"),
            "relevant_to": "vision",
            "priority": 1,
            "note": None,
            **r,
        }
        for r in goals
    ]
    return tiny_map(base, people=p, goals=g, target_roles=frames.pop("target_roles", []), **frames)


@pytest.fixture(scope="session")
def build(small):
    """``build(people=[...], goals=[...], milestones=[...], ...)``: a tiny map from records
    (people and goals get defaults; see :func:`person_map`)."""

    def make(people, goals, **frames) -> CareerMap:
        return person_map(small, people, goals, **frames)

    return make


@pytest.fixture(scope="session")
def unchanged():
    """``with unchanged(m): ...`` checks that nothing inside changed any frame of ``m``."""
    from contextlib import contextmanager

    @contextmanager
    def check(m: CareerMap):
        before = frames_snapshot(m)
        yield
        assert_unchanged(m, before)

    return check
