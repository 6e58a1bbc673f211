"""Loading a valid map: frames, types and values checked against the hand-written map."""

from __future__ import annotations

import pandas as pd
import pytest

import careermap
from careermap.model import FRAME_NAMES


@pytest.fixture
def m(small_map):
    return careermap.load(small_map)


def test_every_frame_has_person_id(m):
    for name in FRAME_NAMES:
        df = getattr(m, name)
        assert isinstance(df, pd.DataFrame), name
        assert "person_id" in df.columns, name
        assert set(df["person_id"]) <= {"sam-lee"}, name


def test_people_row(m):
    row = m.people.iloc[0]
    assert row["person_id"] == "sam-lee"
    assert row["name"] == "Sam Lee"
    assert row["weekly_hours"] == 6.0
    assert row["start"] == pd.Timestamp("2025-01-06")
    assert row["horizon"] == pd.Timestamp("2029-12-31")
    assert row["vision"] == "Lead a BI team"


def test_types(m):
    assert m.time_log["date"].dtype == "datetime64[ns]"
    assert m.milestones["done"].dtype == "datetime64[ns]"
    assert isinstance(m.time_log["category"].dtype, pd.CategoricalDtype)
    assert list(m.time_log["category"].cat.categories)[:2] == ["learning", "practice"]
    assert isinstance(m.actions["kind"].dtype, pd.CategoricalDtype)
    assert isinstance(m.assessments["source"].dtype, pd.CategoricalDtype)
    assert m.reviews["motivation"].dtype == "Int64"
    assert pd.api.types.is_string_dtype(m.goals["goal_id"])
    assert m.time_log["hours"].dtype == "float64"


def test_goals_and_milestones(m):
    assert m.goals["goal_id"].tolist() == ["G1", "G2"]
    g1 = m.goals.set_index("goal_id").loc["G1"]
    assert (g1["baseline"], g1["target"]) == (0.0, 4.0)
    assert g1["deadline"] == pd.Timestamp("2026-06-30")
    ms = m.milestones.set_index("milestone_id")
    assert ms.loc["M1", "goal_id"] == "G1" and ms.loc["M3", "goal_id"] == "G2"
    assert ms.loc["M1", "done"] == pd.Timestamp("2025-03-20")
    assert pd.isna(ms.loc["M2", "done"])
    assert ms.loc["M3", "dropped"] == pd.Timestamp("2025-05-01")
    assert ms.loc["M2", "effort_hours"] == 30


def test_reschedules_know_where_the_target_went(m):
    (r,) = m.reschedules.to_dict("records")
    assert r["milestone_id"] == "M1"
    assert r["on"] == pd.Timestamp("2025-02-01")
    assert r["from_target"] == pd.Timestamp("2025-03-01")
    assert r["to_target"] == pd.Timestamp("2025-03-31")  # the current target
    assert r["reason"] == "flu"


def test_dependencies_actions_self_assessment(m):
    assert m.dependencies[["milestone_id", "depends_on"]].values.tolist() == [["M2", "M1"]]
    (a,) = m.actions.to_dict("records")
    assert (a["action_id"], a["milestone_id"], a["goal_id"], a["kind"]) == (
        "A1",
        "M1",
        "G1",
        "course",
    )
    assert m.self_assessment[["kind", "item"]].values.tolist() == [
        ["values", "learning"],
        ["values", "autonomy"],
        ["strengths", "writing"],
    ]


def test_skills_resolve_to_onet_ids_or_custom(m):
    ms = m.milestone_skills.set_index("skill")["skill_id"]
    assert ms["Programming"] == "2.B.3.e"
    assert ms["2.C.3.a"] == "2.C.3.a"
    assert ms["Critical Thinking"] == "2.A.2.a"
    assert ms["storytelling"] == "storytelling"
    assert m.assessments["skill_id"].tolist() == ["2.B.3.e", "2.A.2.a", "2.B.3.e", "storytelling"]
    custom = set(m.custom_skills["skill_id"])
    assert custom == {"storytelling", "mlops"}


def test_target_roles_and_custom_role(m):
    roles = m.target_roles.set_index("role_id")
    assert roles.loc["15-2051.01", "kind"] == "onet"
    assert roles.loc["15-2051.01", "title"] == "Business Intelligence Analysts"
    assert roles.loc["data-lead", "kind"] == "custom"
    assert roles.loc["data-lead", "title"] == "Data team lead"
    assert roles.loc["data-lead", "based_on"] == "15-2051.01"
    req = m.role_requirements.set_index("skill")
    assert req.loc["Programming", "skill_id"] == "2.B.3.e"
    assert req.loc["mlops", "level"] == 4.0


def test_logs_keep_values_and_extra_columns(make_map):
    from _maps import TIME_LOG

    lines = TIME_LOG.splitlines()
    with_mood = [lines[0] + ",mood"] + [line + ",ok" for line in lines[1:]]
    folder = make_map({"time_log.csv": "\n".join(with_mood) + "\n"})
    m = careermap.load(folder)
    assert m.time_log["mood"].tolist() == ["ok"] * 4
    assert m.time_log["hours"].tolist() == [1.5, 2.0, 1.0, 3.0]
    assert m.time_log["goal_id"].tolist() == ["G1", "G1", "G2", "G1"]
    assert m.time_log["action_id"].isna().tolist() == [False, True, True, True]


def test_missing_logs_are_empty(make_map):
    folder = make_map({"time_log.csv": None, "reviews.csv": None})
    m = careermap.load(folder)
    assert m.time_log.empty and m.reviews.empty
    assert "hours" in m.time_log.columns


def test_bom_and_crlf_are_fine(make_map):
    from _maps import TIME_LOG

    folder = make_map()
    (folder / "time_log.csv").write_bytes(b"\xef\xbb\xbf" + TIME_LOG.replace("\n", "\r\n").encode())
    assert len(careermap.load(folder).time_log) == 4


def test_yaml_on_key_is_not_a_boolean(m):
    # YAML 1.1 would read `on:` as True; the reschedule must keep its date
    assert m.reschedules["on"].notna().all()


def test_sample_loads_completely():
    # (how fast: benchmarks/bench_load.py, against a baseline measured in the same run)
    m = careermap.load(careermap.sample_path())
    assert len(m.goals) >= 3 and len(m.milestones) >= 12 and len(m.time_log) >= 300


def test_person_subset_and_parquet_round_trip(tmp_path):
    m = careermap.load(careermap.cohort_path())
    pid = m.person_ids[3]
    one = m.person(pid)
    assert one.person_ids == [pid]
    assert set(one.time_log["person_id"]) <= {pid}
    with pytest.raises(careermap.InvalidArgumentError, match="unknown person_id 'zz'"):
        m.person("zz")
    back = careermap.load(m.to_parquet(tmp_path / "pq"))
    for name in FRAME_NAMES:
        pd.testing.assert_frame_equal(
            getattr(back, name).reset_index(drop=True),
            getattr(m, name).reset_index(drop=True),
            check_dtype=False,
            check_categorical=False,
        )


def test_only_goals_keeps_the_rows_of_the_chosen_goals():
    m = careermap.load(careermap.sample_path())
    assert m.only_goals(m.goals["goal_id"]) is m  # all goals: hours without a goal still count
    g2 = m.only_goals(["G2"])
    # an independent count from the unfiltered frames
    g2_milestones = set(m.milestones.loc[m.milestones["goal_id"] == "G2", "milestone_id"])
    assert set(g2.milestones["milestone_id"]) == g2_milestones
    assert len(g2.time_log) == (m.time_log["goal_id"] == "G2").sum()
    assert set(g2.reschedules["milestone_id"]) <= g2_milestones
    assert (
        set(g2.dependencies["milestone_id"]) | set(g2.dependencies["depends_on"]) <= g2_milestones
    )
    assert g2.goals["goal_id"].tolist() == ["G2"]
    assert len(m.only_goals([]).milestones) == 0
    with pytest.raises(careermap.InvalidArgumentError, match=r"unknown goal id\(s\) G9"):
        m.only_goals(["G2", "G9"])
