"""The demo cohort generator: determinism, planted personas and the data contract.

Invariants are checked with plain pandas on the written files, independent of the loader.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from ruamel.yaml import YAML

import careermap
from careermap._vocab import ACTION_KINDS, ASSESSMENT_SOURCES, SLUG_RE, TIME_CATEGORIES
from careermap.demo import PERSONAS, generate_cohort
from careermap.errors import InvalidArgumentError

AS_OF = pd.Timestamp("2026-11-15")
START = pd.Timestamp("2025-09-01")
REPO = Path(__file__).resolve().parents[1]
_yaml = YAML(typ="safe")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cohort generated here (seed 11), read as files; not the bundled one (seed 7)."""
    return generate_cohort(tmp_path_factory.mktemp("demo") / "cohort", people=30, seed=11)


@pytest.fixture(scope="module")
def people(generated: Path) -> list[dict]:
    """Every person's roadmap, logs and persona, read with plain YAML and pandas."""
    meta = _yaml.load((generated / "cohort.yaml").read_text(encoding="utf-8"))
    out = []
    for pid, persona in meta["personas"].items():
        folder = generated / pid
        roadmap = _yaml.load((folder / "roadmap.yaml").read_text(encoding="utf-8"))
        logs = {
            name: pd.read_csv(folder / f"{name}.csv", parse_dates=["date"], keep_default_na=False)
            for name in ("time_log", "assessments", "reviews", "goal_progress")
        }
        milestones = [m for g in roadmap["goals"] for m in g["milestones"]]
        out.append(
            dict(id=pid, persona=persona, roadmap=roadmap, milestones=milestones, folder=folder)
            | logs
        )
    return out


def _last(p: dict) -> pd.Timestamp:
    """The person's last activity of any kind in the logs."""
    return max(p[n]["date"].max() for n in ("time_log", "assessments", "reviews", "goal_progress"))


def test_same_seed_gives_byte_identical_trees(tmp_path: Path) -> None:
    a = generate_cohort(tmp_path / "a", people=12, seed=5)
    b = generate_cohort(tmp_path / "b", people=12, seed=5)
    c = generate_cohort(tmp_path / "c", people=12, seed=6)
    assert _tree(a) == _tree(b)
    assert _tree(a) != _tree(c)


def test_bundled_cohort_is_what_the_generator_writes(tmp_path: Path) -> None:
    bundled = REPO / "data" / "cohort"
    # the repository ships it (scripts/make_demo_cohort.py): missing is a failure, not a skip
    assert (bundled / "cohort.yaml").is_file(), f"{bundled} is missing"
    fresh = generate_cohort(tmp_path / "cohort", people=30, seed=7)
    assert _tree(fresh) == _tree(bundled)


def test_files_are_written_by_the_yaml_and_csv_libraries(generated: Path) -> None:
    """What the writers produce reads back to the same values with plain YAML and csv."""
    import csv

    roadmap = _yaml.load((generated / "p001-priya-hughes" / "roadmap.yaml").read_text())
    text = (generated / "p001-priya-hughes" / "roadmap.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Demo map of a ")
    assert "&id" not in text and "*id" not in text  # a date used twice is written twice
    first = roadmap["goals"][0]["milestones"][0]
    assert isinstance(first["target"], type(START.date())) and isinstance(first["skills"], list)
    with (generated / "p001-priya-hughes" / "time_log.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["date", "hours", "category", "goal", "milestone", "action", "note"]
    assert all(len(row) == 7 for row in rows)


def test_a_cohort_yaml_of_someone_else_removes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    (out / "p001-keep").mkdir(parents=True)
    (out / "cohort.yaml").write_text("name: [not, a, demo\n", encoding="utf-8")  # broken YAML
    generate_cohort(out, people=2, seed=1)
    assert (out / "p001-keep").is_dir()
    (out / "cohort.yaml").write_text("personas: [p001-keep]\n", encoding="utf-8")
    generate_cohort(out, people=2, seed=1)
    assert (out / "p001-keep").is_dir()


def test_regenerating_replaces_the_earlier_demo_people(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    generate_cohort(out, people=8, seed=1)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    generate_cohort(out, people=3, seed=2)
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == 3
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"people": 0}, "people must be a positive integer; got 0"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"as_of": "15/11/2026"}, "as_of must be an ISO date"),
        ({"start": "2026-10-01"}, "as_of must be at least 240 days after start"),
    ],
)
def test_bad_arguments_are_refused(tmp_path: Path, kwargs: dict, match: str) -> None:
    with pytest.raises(InvalidArgumentError, match=match):
        generate_cohort(tmp_path / "x", **kwargs)


def test_cohort_yaml_lists_everyone_with_group_and_persona(generated: Path) -> None:
    meta = _yaml.load((generated / "cohort.yaml").read_text(encoding="utf-8"))
    folders = sorted(p.name for p in generated.iterdir() if p.is_dir())
    assert sorted(meta["groups"]) == sorted(meta["personas"]) == folders
    assert set(meta["groups"].values()) <= {"data", "design", "ops"}
    assert meta["start"] == START.date() and meta["name"] and meta["coach"]
    assert all(SLUG_RE.match(pid) for pid in folders)


def test_persona_mix(generated: Path) -> None:
    personas = pd.Series(_yaml.load((generated / "cohort.yaml").read_text())["personas"])
    counts = personas.value_counts()
    assert set(counts.index) == set(PERSONAS)
    assert (counts >= 2).all()
    assert counts.sum() == 30


def test_small_cohorts_cycle_through_the_personas(tmp_path: Path) -> None:
    out = generate_cohort(tmp_path / "six", people=6, seed=3)
    personas = _yaml.load((out / "cohort.yaml").read_text())["personas"]
    assert sorted(personas.values()) == sorted(PERSONAS)


def test_time_log_rules(people: list[dict]) -> None:
    for p in people:
        t = p["time_log"]
        start = pd.Timestamp(p["roadmap"]["person"]["start"])
        assert list(t.columns) == [
            "date",
            "hours",
            "category",
            "goal",
            "milestone",
            "action",
            "note",
        ]
        assert (t["hours"] > 0).all() and (t["hours"] <= 24).all(), p["id"]
        assert t.groupby("date")["hours"].sum().max() <= 24, p["id"]
        assert t["category"].isin(TIME_CATEGORIES).all(), p["id"]
        assert t["date"].between(start, AS_OF).all(), p["id"]
        assert (t["note"] != "").all(), p["id"]


def test_time_log_references_exist_and_agree(people: list[dict]) -> None:
    for p in people:
        goal_of = {m["id"]: g["id"] for g in p["roadmap"]["goals"] for m in g["milestones"]}
        ms_of = {a["id"]: m["id"] for m in p["milestones"] for a in m["actions"]}
        t = p["time_log"]
        refs = t[t["milestone"] != ""]
        assert refs["milestone"].isin(list(goal_of)).all(), p["id"]
        assert (refs["goal"] == refs["milestone"].map(goal_of)).all(), p["id"]
        acts = t[t["action"] != ""]
        assert (acts["milestone"] == acts["action"].map(ms_of)).all(), p["id"]
        assert (t.loc[t["milestone"] == "", "goal"] == "").all(), p["id"]


def test_roadmaps_follow_the_contract(people: list[dict]) -> None:
    for p in people:
        rm = p["roadmap"]
        assert rm["careermap"] == 1
        assert rm["person"]["id"] == p["id"]
        assert 0 < rm["person"]["weekly_hours"] <= 80
        goals = rm["goals"]
        ids = [g["id"] for g in goals] + [m["id"] for m in p["milestones"]]
        ids += [a["id"] for m in p["milestones"] for a in m["actions"]]
        assert len(ids) == len(set(ids)), p["id"]
        assert 2 <= len(goals) <= 4
        n = len(p["milestones"])
        assert (20 <= n <= 30) if p["persona"] == "over_planner" else (6 <= n <= 15), p["id"]
        for m in p["milestones"]:
            assert m["planned"] < m["target"]
            assert not (m.get("done") and m.get("dropped"))
            for day in (m.get("done"), m.get("dropped"), m["planned"]):
                assert day is None or pd.Timestamp(day) <= AS_OF, (p["id"], m["id"])
            ons = [r["on"] for r in m.get("reschedules", [])]
            assert ons == sorted(ons) and all(pd.Timestamp(on) <= AS_OF for on in ons)
            assert all(
                r["from"] < m["target"] and r["on"] >= m["planned"]
                for r in m.get("reschedules", [])
            )
            assert all(d in ids for d in m["depends_on"])
            for a in m["actions"]:
                assert a["kind"] in ACTION_KINDS
                assert a.get("done") is None or pd.Timestamp(a["done"]) <= AS_OF


def test_dependencies_point_backwards_so_there_are_no_cycles(people: list[dict]) -> None:
    for p in people:
        target = {m["id"]: m["target"] for m in p["milestones"]}
        for m in p["milestones"]:
            assert all(target[d] <= m["target"] for d in m["depends_on"]), p["id"]


def test_assessments_reviews_and_progress_are_in_range(people: list[dict]) -> None:
    for p in people:
        a, r, g = p["assessments"], p["reviews"], p["goal_progress"]
        assert a["level"].between(0, 7).all(), p["id"]
        assert a["source"].isin(ASSESSMENT_SOURCES).all()
        assert a["date"].le(AS_OF).all() and r["date"].le(AS_OF).all() and g["date"].le(AS_OF).all()
        scores = r[["satisfaction", "motivation", "confidence", "alignment"]]
        assert scores.isin([1, 2, 3, 4, 5]).all().all(), p["id"]
        assert r["date"].dt.to_period("M").is_unique  # monthly
        goals = {x["id"] for x in p["roadmap"]["goals"] if x.get("metric")}
        assert g["goal"].isin(goals).all(), p["id"]
        assert (g.groupby("goal")["value"].diff().dropna() >= 0).all()  # progress never undone


def test_assessments_cover_at_least_four_rounds_for_active_people(people: list[dict]) -> None:
    assert any(p["persona"] == "steady" for p in people)
    for p in people:
        if p["persona"] in ("steady", "over_achiever", "over_planner", "stalled"):
            selfs = p["assessments"].query("source == 'self'")
            assert selfs["date"].nunique() >= 4, p["id"]
            assert selfs.groupby("date")["skill"].nunique().min() >= 5, p["id"]


def test_stalled_people_stop_logging_but_fall_behind(people: list[dict]) -> None:
    stalled = [p for p in people if p["persona"] == "stalled"]
    assert stalled
    for p in stalled:
        assert p["time_log"]["date"].max() <= AS_OF - pd.Timedelta(days=45), p["id"]
        overdue = [
            m for m in p["milestones"]
            if pd.Timestamp(m["target"]) < AS_OF and not m.get("done") and not m.get("dropped")
        ]  # fmt: skip
        assert len(overdue) >= 3, p["id"]
        means = p["reviews"].iloc[-3:, 1:5].mean(axis=1).tolist()
        assert means[0] > means[1] > means[2], p["id"]
        assert p["reviews"]["date"].max() > AS_OF - pd.Timedelta(days=31)


def test_dropped_out_people_stop_everything(people: list[dict]) -> None:
    dropped = [p for p in people if p["persona"] == "dropped_out"]
    assert dropped
    for p in dropped:
        assert _last(p) < AS_OF - pd.Timedelta(days=120), p["id"]
        edits = [
            pd.Timestamp(x)
            for m in p["milestones"]
            for x in [m.get("done"), m.get("dropped"), *(r["on"] for r in m.get("reschedules", []))]
            if x is not None
        ]
        assert max(edits, default=START) < AS_OF - pd.Timedelta(days=120), p["id"]


def test_late_starters_begin_three_months_in(people: list[dict]) -> None:
    late = [p for p in people if p["persona"] == "late_starter"]
    assert late  # else the loop below checks nothing
    for p in late:
        start = pd.Timestamp(p["roadmap"]["person"]["start"])
        assert p["time_log"]["date"].min() >= start + pd.Timedelta(days=90), p["id"]
        assert p["time_log"]["date"].max() >= AS_OF - pd.Timedelta(days=7), p["id"]


def test_steady_people_log_all_along_near_capacity(people: list[dict]) -> None:
    steady = [p for p in people if p["persona"] == "steady"]
    assert steady  # else the loop below checks nothing
    for p in steady:
        t = p["time_log"]
        start = pd.Timestamp(p["roadmap"]["person"]["start"])
        weeks = (AS_OF - start).days / 7
        per_week = t["hours"].sum() / weeks
        assert 0.6 <= per_week / p["roadmap"]["person"]["weekly_hours"] <= 1.3, p["id"]
        assert t["date"].min() <= start + pd.Timedelta(days=21)
        assert t["date"].max() >= AS_OF - pd.Timedelta(days=7)
        means = p["reviews"].iloc[-3:, 1:5].mean(axis=1).tolist()
        assert not means[0] > means[1] > means[2], p["id"]


def _load_ratio(p: dict) -> float:
    person = p["roadmap"]["person"]
    ms = p["milestones"]
    weeks = (max(pd.Timestamp(m["target"]) for m in ms) - pd.Timestamp(person["start"])).days / 7
    effort = sum(m["effort_hours"] for m in ms if not m.get("dropped"))
    return effort / (person["weekly_hours"] * weeks)


def test_over_achievers_and_over_planners(people: list[dict]) -> None:
    assert {"over_achiever", "over_planner"} <= {p["persona"] for p in people}
    for p in people:
        weekly = p["roadmap"]["person"]["weekly_hours"]
        start = pd.Timestamp(p["roadmap"]["person"]["start"])
        if p["persona"] == "over_achiever":
            per_week = p["time_log"]["hours"].sum() / ((AS_OF - start).days / 7)
            assert per_week >= 1.4 * weekly, p["id"]
            done = [m for m in p["milestones"] if m.get("done")]
            assert all(m["done"] <= m["target"] for m in done), p["id"]
        if p["persona"] == "over_planner":
            assert _load_ratio(p) >= 2.5, p["id"]
            open_ = [m for m in p["milestones"] if not m.get("done") and not m.get("dropped")]
            assert len(open_) > len(p["milestones"]) / 2, p["id"]
            assert sum(len(m.get("reschedules", [])) for m in p["milestones"]) >= 8, p["id"]
        else:
            assert _load_ratio(p) <= 1.0, p["id"]


def test_some_people_target_the_unrated_data_scientists_role(people: list[dict]) -> None:
    roles = [r for p in people for r in p["roadmap"]["vision"]["target_roles"]]
    unrated = [r for r in roles if r.get("onet") == "15-2051.00"]
    assert unrated and all(r["priority"] > 1 for r in unrated)


def test_custom_roles_define_the_custom_skills_used(people: list[dict]) -> None:
    for p in people:
        custom = {}
        for f in sorted((p["folder"] / "roles").glob("*.yaml")):
            role = _yaml.load(f.read_text(encoding="utf-8"))
            assert f.stem == role["id"]
            custom |= {r["skill"]: r for r in role["requirements"] if "name" in r}
        # O*NET names and ids have capitals; custom skill ids are lower-case slugs
        used = [s for m in p["milestones"] for s in m["skills"]] + list(p["assessments"]["skill"])
        assert all(s in custom for s in used if SLUG_RE.match(s)), p["id"]


def test_the_cohort_loads_with_only_the_unrated_role_warning(generated: Path) -> None:
    m = careermap.load(generated, progress=False)
    assert m.people["person_id"].nunique() == 30
    assert m.warnings
    for w in m.warnings:
        assert "15-2051.00" in w.value and "no skill/knowledge ratings" in w.rule


def test_a_large_cohort_loads(tmp_path: Path) -> None:
    out = generate_cohort(tmp_path / "big", people=60, seed=123)
    m = careermap.load(out, progress=False)
    assert len(m.people) == 60
