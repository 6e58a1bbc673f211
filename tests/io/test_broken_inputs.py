"""A corpus of hand-broken maps: each must fail with a message naming file, location and value.

Every case starts from the valid small map in conftest.py and damages one thing. The expected
fragments were written by hand from the damage, not copied from the loader's output.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from _maps import ASSESSMENTS, GOAL_PROGRESS, REVIEWS, ROADMAP, ROLE, TIME_LOG

import careermap
from careermap.errors import CareermapError, MapValidationError


def sub(text: str, old: str, new: str) -> str:
    assert old in text, f"test setup: {old!r} not in the base text"
    return text.replace(old, new, 1)


# (case id, {file: new text}, [fragments that must all appear in ONE problem line])
CASES = [
    # --- roadmap.yaml: values -------------------------------------------------------------
    (
        "weekly-hours-too-high",
        {"roadmap.yaml": sub(ROADMAP, "weekly_hours: 6", "weekly_hours: 95")},
        ["roadmap.yaml", "person.weekly_hours", "95", "<= 80"],
    ),
    (
        "weekly-hours-text",
        {"roadmap.yaml": sub(ROADMAP, "weekly_hours: 6", "weekly_hours: lots")},
        ["roadmap.yaml", "person.weekly_hours", "'lots'", "hours per week"],
    ),
    (
        "start-not-a-date",
        {"roadmap.yaml": sub(ROADMAP, "start: 2025-01-06", "start: 06/01/2025")},
        ["roadmap.yaml", "person.start", "06/01/2025", "YYYY-MM-DD"],
    ),
    (
        "bad-person-id",
        {"roadmap.yaml": sub(ROADMAP, "id: sam-lee", "id: Sam Lee!")},
        ["roadmap.yaml", "person.id", "Sam Lee!", "slug"],
    ),
    (
        "missing-person-id",
        {"roadmap.yaml": sub(ROADMAP, "  id: sam-lee\n", "")},
        ["roadmap.yaml", "person.id", "required"],
    ),
    (
        "wrong-version",
        {"roadmap.yaml": sub(ROADMAP, "careermap: 1", "careermap: 3")},
        ["roadmap.yaml", "careermap", "3", "format version"],
    ),
    (
        "milestone-done-bad-date",
        {"roadmap.yaml": sub(ROADMAP, "done: 2025-03-20", "done: 2025-02-30")},
        ["roadmap.yaml", "goals[0].milestones[0] (M1).done", "2025-02-30", "YYYY-MM-DD"],
    ),
    (
        "milestone-missing-target",
        {"roadmap.yaml": sub(ROADMAP, "        target: 2025-06-30\n", "")},
        ["roadmap.yaml", "goals[0].milestones[1] (M2).target", "required"],
    ),
    (
        "done-before-planned",
        {"roadmap.yaml": sub(ROADMAP, "done: 2025-03-20", "done: 2024-12-20")},
        ["roadmap.yaml", "goals[0].milestones[0] (M1).done", "2024-12-20", "before planned"],
    ),
    (
        "dropped-before-planned",
        {"roadmap.yaml": sub(ROADMAP, "dropped: 2025-05-01", "dropped: 2025-01-01")},
        ["roadmap.yaml", "goals[1].milestones[0] (M3).dropped", "2025-01-01", "before planned"],
    ),
    (
        "deadline-before-start",
        {"roadmap.yaml": sub(ROADMAP, "deadline: 2026-06-30", "deadline: 2024-06-30")},
        ["roadmap.yaml", "goals[0] (G1).deadline", "2024-06-30", "after the map's start"],
    ),
    (
        "action-kind",
        {"roadmap.yaml": sub(ROADMAP, "kind: course", "kind: webinar")},
        [
            "roadmap.yaml",
            "goals[0].milestones[0].actions[0] (A1).kind",
            "'webinar'",
            "course, project",
        ],
    ),
    (
        "duplicate-milestone-id",
        {"roadmap.yaml": sub(ROADMAP, "- id: M2", "- id: M1")},
        [
            "roadmap.yaml",
            "goals[0].milestones[1] (M1).id",
            "'M1'",
            "unique",
            "goals[0].milestones[0] (M1)",
        ],
    ),
    (
        "unknown-dependency",
        {"roadmap.yaml": sub(ROADMAP, "depends_on: [M1]", "depends_on: [M9]")},
        ["roadmap.yaml", "goals[0].milestones[1] (M2).depends_on[0]", "'M9'", "no milestone"],
    ),
    (
        "dependency-cycle",
        {
            "roadmap.yaml": sub(
                sub(ROADMAP, "depends_on: [M1]", "depends_on: [M1]"),
                "skills: [Programming, 2.C.3.a]",
                "skills: [Programming, 2.C.3.a]\n        depends_on: [M2]",
            )
        },
        ["roadmap.yaml", "depends_on", "cycle", "M1 -> M2 -> M1"],
    ),
    (
        "misspelled-skill",
        {"roadmap.yaml": sub(ROADMAP, "skills: [Speaking]", "skills: [Programing]")},
        [
            "roadmap.yaml",
            "goals[1].milestones[0] (M3).skills[0]",
            "'Programing'",
            "did you mean 'Programming'",
        ],
    ),
    (
        "unknown-onet-role",
        {
            "roadmap.yaml": sub(
                ROADMAP, "onet: 15-2051.01, priority: 1", "onet: 15-2099.77, priority: 1"
            )
        },
        ["roadmap.yaml", "vision.target_roles[0].onet", "15-2099.77", "not an O*NET-SOC code"],
    ),
    (
        "missing-custom-role",
        {"roadmap.yaml": sub(ROADMAP, "custom: data-lead", "custom: data-boss")},
        ["roadmap.yaml", "vision.target_roles[1].custom", "data-boss", "roles/data-boss.yaml"],
    ),
    (
        "role-both-kinds",
        {
            "roadmap.yaml": sub(
                ROADMAP, "{custom: data-lead, priority: 2}", "{custom: data-lead, onet: 15-2051.01}"
            )
        },
        ["roadmap.yaml", "vision.target_roles[1]", "exactly one of"],
    ),
    (
        "goals-not-a-list",
        {
            "roadmap.yaml": ROADMAP.split("goals:")[0]
            + "goals: finish things\ncustom_skills:\n  - {id: storytelling, name: Data storytelling}\n"
        },
        ["roadmap.yaml", "goals", "finish things", "list of goals"],
    ),
    (
        "yaml-syntax",
        {"roadmap.yaml": sub(ROADMAP, "  name: Sam Lee", "  name: [Sam Lee")},
        ["roadmap.yaml", "line", "not valid YAML"],
    ),
    (
        "yaml-python-object",
        {
            "roadmap.yaml": sub(
                ROADMAP, "name: Sam Lee", "name: !!python/object/apply:os.system [echo hi]"
            )
        },
        ["roadmap.yaml", "not valid YAML"],
    ),
    ("roadmap-empty", {"roadmap.yaml": "   \n"}, ["roadmap.yaml", "is empty"]),
    ("roadmap-binary", {"roadmap.yaml": "\x00\x01binary"}, ["roadmap.yaml", "binary"]),
    (
        "role-level-out-of-scale",
        {"roles/data-lead.yaml": sub(ROLE, "level: 5,", "level: 9,")},
        ["roles/data-lead.yaml", "requirements[0].level", "9", "0-7"],
    ),
    # --- time_log.csv -------------------------------------------------------------------------
    (
        "hours-negative",
        {"time_log.csv": sub(TIME_LOG, "2025-01-09,2,", "2025-01-09,-2,")},
        ["time_log.csv", "line 3", "hours", "-2", "> 0"],
    ),
    (
        "hours-decimal-comma",
        {"time_log.csv": sub(TIME_LOG, "2025-01-07,1.5,", '2025-01-07,"1,5",')},
        ["time_log.csv", "line 2", "hours", "'1,5'", "a number of hours"],
    ),
    (
        "day-over-24h",
        {"time_log.csv": TIME_LOG + "2025-01-09,14,practice,,,,\n2025-01-09,9,practice,,,,\n"},
        ["time_log.csv", "line 3", "2025-01-09", "add up to 25", "lines 3, 6, 7"],
    ),
    (
        "category-unknown",
        {"time_log.csv": sub(TIME_LOG, "networking,G2", "coffee,G2")},
        ["time_log.csv", "line 4", "category", "'coffee'", "learning, practice"],
    ),
    (
        "log-unknown-goal",
        {"time_log.csv": sub(TIME_LOG, ",G2,M3,", ",G3,M3,")},
        ["time_log.csv", "line 4", "goal", "'G3'", "no goal with this id", "known: G1, G2"],
    ),
    (
        "log-unknown-milestone",
        {"time_log.csv": sub(TIME_LOG, "practice,G1,M2", "practice,G1,M7")},
        ["time_log.csv", "line 5", "milestone", "'M7'", "no milestone"],
    ),
    (
        "log-milestone-of-other-goal",
        {"time_log.csv": sub(TIME_LOG, "practice,G1,M2", "practice,G2,M2")},
        ["time_log.csv", "line 5", "goal", "'G2'", "belongs to goal G1"],
    ),
    (
        "log-bad-date",
        {"time_log.csv": sub(TIME_LOG, "2025-02-01,3", "Feb 1,3")},
        ["time_log.csv", "line 5", "date", "'Feb 1'", "YYYY-MM-DD"],
    ),
    (
        "log-ragged-row",
        {"time_log.csv": sub(TIME_LOG, "first chart", "first, chart")},
        ["time_log.csv", "line 5", "8 fields", "header has 7"],
    ),
    (
        "log-semicolons",
        {"time_log.csv": TIME_LOG.replace(",", ";")},
        ["time_log.csv", "line 1", "semicolons"],
    ),
    (
        "log-no-header",
        {"time_log.csv": TIME_LOG.split("\n", 1)[1]},
        ["time_log.csv", "line 1", "no header"],
    ),
    (
        "log-missing-column",
        {"time_log.csv": TIME_LOG.replace(",hours", "", 1)},
        ["time_log.csv", "line 1", "missing column hours"],
    ),
    ("log-latin1", {"time_log.csv": None}, ["time_log.csv", "line 2", "not UTF-8"]),
    ("log-binary", {"time_log.csv": "\x00PK\x03\x04"}, ["time_log.csv", "binary"]),
    # --- assessments.csv, reviews.csv, goal_progress.csv ----------------------------------------
    (
        "level-above-7",
        {"assessments.csv": sub(ASSESSMENTS, "Programming,3,mentor", "Programming,8,mentor")},
        ["assessments.csv", "line 4", "level", "8", "0-7"],
    ),
    (
        "source-unknown",
        {"assessments.csv": sub(ASSESSMENTS, "3,mentor", "3,boss")},
        ["assessments.csv", "line 4", "source", "'boss'", "self, mentor"],
    ),
    (
        "assessment-unknown-skill",
        {"assessments.csv": sub(ASSESSMENTS, "Critical Thinking", "Critcal Thinking")},
        [
            "assessments.csv",
            "line 3",
            "skill",
            "'Critcal Thinking'",
            "did you mean 'Critical Thinking'",
        ],
    ),
    (
        "review-score-6",
        {"reviews.csv": sub(REVIEWS, "2025-02-28,4,4,3,4", "2025-02-28,4,6,3,4")},
        ["reviews.csv", "line 3", "motivation", "6", "1 to 5"],
    ),
    (
        "review-score-fraction",
        {"reviews.csv": sub(REVIEWS, "2025-01-31,3,4", "2025-01-31,3.5,4")},
        ["reviews.csv", "line 2", "satisfaction", "3.5", "whole number"],
    ),
    (
        "progress-unknown-goal",
        {"goal_progress.csv": sub(GOAL_PROGRESS, "2025-05-01,G2", "2025-05-01,G5")},
        ["goal_progress.csv", "line 3", "goal", "'G5'", "no goal"],
    ),
    (
        "progress-not-number",
        {"goal_progress.csv": sub(GOAL_PROGRESS, "G1,1", "G1,one")},
        ["goal_progress.csv", "line 2", "value", "'one'", "a number"],
    ),
]


def _ids():
    return [c[0] for c in CASES]


@pytest.mark.parametrize(("case", "changes", "fragments"), CASES, ids=_ids())
def test_broken_input_is_reported_precisely(make_map, case, changes, fragments):
    folder = make_map({k: v for k, v in changes.items() if v is not None})
    if case == "log-latin1":
        (folder / "time_log.csv").write_bytes(
            TIME_LOG.replace("module 1", "módulo 1").encode("latin-1")
        )
    with pytest.raises(MapValidationError) as info:
        careermap.load(folder)
    err = info.value
    assert err.problems, "a failing map has at least one problem"
    lines = [str(p) for p in err.problems]
    matching = [line for line in lines if all(f in line for f in fragments)]
    assert matching, f"no single problem mentions all of {fragments}:\n" + "\n".join(lines)
    # the file is named with its folder, so a cohort report is unambiguous
    assert all(str(folder.name) in p.file for p in err.problems)


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


def test_all_problems_are_reported_at_once(make_map):
    folder = make_map(
        {
            "roadmap.yaml": sub(ROADMAP, "weekly_hours: 6", "weekly_hours: 0"),
            "time_log.csv": sub(
                sub(TIME_LOG, "2025-01-09,2,", "2025-01-09,-2,"), "networking,G2", "coffee,G2"
            ),
            "reviews.csv": sub(REVIEWS, "2025-02-28,4,4,3,4", "2025-02-28,4,6,3,4"),
        }
    )
    with pytest.raises(MapValidationError) as info:
        careermap.load(folder)
    files = {p.file.rsplit("/", 1)[-1] for p in info.value.problems}
    assert files == {"roadmap.yaml", "time_log.csv", "reviews.csv"}
    assert len(info.value.problems) == 4


def test_cohort_reports_every_person(tmp_path, make_map):
    from _maps import FILES, write_map

    good = dict(FILES)
    write_map(
        tmp_path / "c" / "ann", {**good, "roadmap.yaml": sub(ROADMAP, "id: sam-lee", "id: ann")}
    )
    write_map(
        tmp_path / "c" / "bob",
        {
            **good,
            "roadmap.yaml": sub(ROADMAP, "id: sam-lee", "id: bob"),
            "time_log.csv": sub(TIME_LOG, "2025-01-09,2,", "2025-01-09,-2,"),
        },
    )
    write_map(
        tmp_path / "c" / "cy",
        {
            **good,
            "roadmap.yaml": sub(ROADMAP, "id: sam-lee", "id: cy"),
            "reviews.csv": sub(REVIEWS, "2025-02-28,4,4,3,4", "2025-02-28,4,6,3,4"),
        },
    )
    with pytest.raises(MapValidationError) as info:
        careermap.load(tmp_path / "c")
    assert {p.person_id for p in info.value.problems} == {"bob", "cy"}
    m = careermap.load(tmp_path / "c", on_error="skip")
    assert m.person_ids == ["ann"]
    assert {p.person_id for p in m.skipped} == {"bob", "cy"}


def test_duplicate_person_ids_in_cohort(tmp_path):
    from _maps import FILES, write_map

    write_map(tmp_path / "c" / "a", FILES)
    write_map(tmp_path / "c" / "b", FILES)
    with pytest.raises(MapValidationError) as info:
        careermap.load(tmp_path / "c")
    (p,) = info.value.problems
    assert re.search(
        r"c/b/roadmap.yaml, person.id: 'sam-lee' -> .*unique in a cohort; .*c/a uses it", str(p)
    )


def test_unrated_target_is_a_warning_with_suggestions(make_map):
    folder = make_map(
        {
            "roadmap.yaml": sub(
                ROADMAP, "{custom: data-lead, priority: 2}", "{onet: 15-2051.00, priority: 2}"
            )
        }
    )
    m = careermap.load(folder)
    (w,) = [w for w in m.warnings if w.code == "unrated_occupation"]
    assert "vision.target_roles[1].onet" in str(w)
    assert "Data Scientists" in w.rule
    assert re.search(r"rated related occupations: \d\d-\d{4}\.\d\d", w.rule)


def test_unknown_key_is_a_warning_with_a_suggestion(make_map):
    folder = make_map(
        {"roadmap.yaml": sub(ROADMAP, "    deadline: 2026-12-31", "    deadlne: 2026-12-31")}
    )
    m = careermap.load(folder)
    (w,) = [w for w in m.warnings if w.code == "unknown_key"]
    assert "goals[1] (G2).deadlne" in str(w) and "did you mean 'deadline'" in w.rule


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(MapValidationError, match="does not exist"):
        careermap.load(tmp_path / "nope")
    with pytest.raises(MapValidationError, match=r"no roadmap\.yaml"):
        careermap.load(tmp_path)


def test_errors_are_careermap_errors():
    assert issubclass(MapValidationError, CareermapError)


def test_report_groups_problems_by_file(make_map):
    from _maps import TIME_LOG

    folder = make_map(
        {
            "roadmap.yaml": sub(
                sub(ROADMAP, "weekly_hours: 6", "weekly_hours: 0"), "kind: course", "kind: webinar"
            ),
            "time_log.csv": sub(TIME_LOG, "2025-01-09,2,", "2025-01-09,-2,"),
        }
    )
    with pytest.raises(MapValidationError) as info:
        careermap.load(folder)
    report = info.value.report()
    headings = [
        line.strip()
        for line in report.splitlines()
        if line.startswith("  ") and not line.startswith("    ")
    ]
    assert len(headings) == len(set(headings)) == 2


def test_warnings_survive_the_parquet_layout(make_map, tmp_path):
    folder = make_map(
        {
            "roadmap.yaml": sub(
                ROADMAP, "{custom: data-lead, priority: 2}", "{onet: 15-2051.00, priority: 2}"
            )
        }
    )
    m = careermap.load(folder)
    assert [w.code for w in m.warnings] == ["unrated_occupation"]
    back = careermap.load(m.to_parquet(tmp_path / "pq"))
    assert back.warnings == m.warnings  # the same Problem values, field by field
    assert "1 warnings" in repr(back)
    # a folder written before warnings were kept still loads, with none
    (tmp_path / "pq" / "warnings.parquet").unlink()
    assert careermap.load(tmp_path / "pq").warnings == []
    # a damaged warnings file is named, not a traceback
    pd.DataFrame({"file": ["x"]}).to_parquet(tmp_path / "pq" / "warnings.parquet")
    with pytest.raises(MapValidationError) as err:
        careermap.load(tmp_path / "pq")
    assert "warnings.parquet" in str(err.value) and "location" in str(err.value)
