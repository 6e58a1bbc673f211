"""self_assessment_changes against the sample's roadmap.yaml history read as plain YAML."""

from __future__ import annotations

import datetime as dt

import yaml

import careermap
from careermap import metrics

KINDS = ("values", "strengths", "passions", "growth_areas")


def test_changes_match_set_differences_of_the_yaml_history(sample):
    doc = yaml.safe_load((careermap.sample_path() / "roadmap.yaml").read_text())
    history = sorted(doc["self_assessment"]["history"], key=lambda e: e["date"])
    got = metrics.self_assessment_changes(sample, as_of="2026-11-15")
    previous: dict[str, set[str]] = {k: set() for k in KINDS}
    for entry in history:
        day = got[got["date"] == str(entry["date"])]
        for kind in KINDS:
            now = set(entry.get(kind, []))
            mine = day[day["kind"] == kind]
            by = {
                c: set(mine.loc[mine["change"] == c, "item"]) for c in ("added", "kept", "removed")
            }
            assert by["added"] == now - previous[kind], (entry["date"], kind)
            assert by["kept"] == now & previous[kind], (entry["date"], kind)
            assert by["removed"] == previous[kind] - now, (entry["date"], kind)
            previous[kind] = now
    # the current (undated) lists are the latest entry
    current = sample.self_assessment[sample.self_assessment["date"].isna()]
    for kind in KINDS:
        assert set(current.loc[current["kind"] == kind, "item"]) == set(history[-1][kind])


def test_as_of_and_a_map_without_history(sample, small):
    early = metrics.self_assessment_changes(sample, as_of="2026-01-01")
    assert early["date"].unique().tolist() == [dt.datetime(2025, 9, 1)]
    assert (early["change"] == "added").all() and early["previous"].isna().all()
    assert metrics.self_assessment_changes(small, as_of="2026-01-01").empty
