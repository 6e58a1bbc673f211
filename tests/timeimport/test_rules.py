"""Rules: first match wins, unset fields keep defaults, and every mistake is named by YAML path."""

from __future__ import annotations

import pandas as pd
import pytest

from careermap.errors import ImportRejectedError
from careermap.timeimport import apply_rules, plan_import, read_rules, rules_from

ENTRIES = pd.DataFrame(
    {
        "project": ["SQL Course 2026", "SQL course", "", "Portfolio", ""],
        "client": ["", "", "", "Acme", ""],
        "task": ["", "", "", "Charts", ""],
        "tags": [("Learning",), ("networking", "practice"), ("deep work",), (), ("Job-Search",)],
        "text": ["window functions", "Talk with MENTOR", "call with mentor", "bar chart", ""],
    }
)
RULES = {
    "rules": [
        {"match": {"project": "sql course", "text": "mentor"}, "set": {"category": "mentoring"}},
        {"match": {"project": "SQL"}, "set": {"goal": "G1", "milestone": "M1"}},
        {"match": {"text": "mentor"}, "set": {"category": "mentoring", "goal": "G2"}},
        {
            "match": {"client": "acme", "task": "chart"},
            "set": {"category": "practice", "goal": "G1", "milestone": "M2"},
        },
        {"match": {"tag": "work"}, "set": {"category": "reflection"}},
    ]
}


def test_the_first_matching_rule_sets_its_fields_and_the_rest_keep_defaults():
    out = apply_rules(ENTRIES, RULES)
    assert out[["category", "goal", "milestone", "action", "rule"]].values.tolist() == [
        # rule 1 sets goal and milestone only: the category is the tag's (Learning)
        ["learning", "G1", "M1", "", "rules[1]"],
        # rules 0 and 1 both match; the first wins, and goal/milestone stay empty
        ["mentoring", "", "", "", "rules[0]"],
        ["mentoring", "G2", "", "", "rules[2]"],
        ["practice", "G1", "M2", "", "rules[3]"],
        # no rule: the first tag naming a category ("Job-Search") gives job_search
        ["job_search", "", "", "", ""],
    ]


def test_tag_rules_match_any_tag_and_defaults_use_the_first_category_tag():
    out = apply_rules(ENTRIES, {"rules": [{"match": {"tag": "PRACT"}, "set": {"goal": "G2"}}]})
    assert out["goal"].tolist() == ["", "G2", "", "", ""]
    # "networking" comes before "practice" among the tags: the first category tag wins
    assert out["category"].tolist() == ["learning", "networking", "other", "other", "job_search"]


def test_an_empty_match_catches_every_entry_left():
    rules = {
        "rules": [
            {"match": {"text": "chart"}, "set": {"category": "practice"}},
            {"match": {}, "set": {"category": "learning"}},
        ]
    }
    assert apply_rules(ENTRIES, rules)["category"].tolist() == [
        "learning",
        "learning",
        "learning",
        "practice",
        "learning",
    ]


def test_apply_rules_leaves_the_callers_frame_alone():
    before = ENTRIES.copy(deep=True)
    apply_rules(ENTRIES, RULES)
    pd.testing.assert_frame_equal(ENTRIES, before)


def test_a_rules_file_is_read(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "# map my Toggl projects\n"
        "rules:\n"
        "  - match: {project: SQL course}\n"
        "    set: {category: learning, goal: G1, milestone: M1}\n"
        "  - match: {text: mentor}\n"
        "    set: {category: mentoring}\n"
        "  - match: {text: 2026}\n"  # YAML reads 2026 as a number; it is matched as text
        "    set: {category: other}\n",
        encoding="utf-8",
    )
    rules = read_rules(path)
    assert [(r.where, dict(r.match), dict(r.set)) for r in rules.rules] == [
        (
            "rules[0]",
            {"project": "sql course"},
            {"category": "learning", "goal": "G1", "milestone": "M1"},
        ),
        ("rules[1]", {"text": "mentor"}, {"category": "mentoring"}),
        ("rules[2]", {"text": "2026"}, {"category": "other"}),
    ]


@pytest.mark.parametrize(
    ("doc", "location", "key", "match"),
    [
        (
            {"rules": [{"match": {"projekt": "SQL"}, "set": {"category": "learning"}}]},
            "rules[0].match.projekt",
            "projekt",
            "did you mean 'project'",
        ),
        (
            {"rules": [{"match": {"project": "SQL"}, "set": {"category": "studying"}}]},
            "rules[0].set.category",
            "category",
            "one of learning, practice",
        ),
        ({"rules": [{"match": {"project": "SQL"}}]}, "rules[0].set", "set", "required"),
        (
            {"rules": [{"match": {"project": "SQL"}, "set": {}}]},
            "rules[0].set",
            "set",
            "sets nothing",
        ),
        (
            {"rules": [{"match": {"project": ""}, "set": {"goal": "G1"}}]},
            "rules[0].match.project",
            "project",
            "non-empty text",
        ),
        (
            {"rules": [{"match": {"project": "a"}, "set": {"goal": "G1"}, "when": 1}]},
            "rules[0].when",
            "when",
            "unknown key",
        ),
        ({"rules": {"match": {}}}, "rules", "rules", "must be a list"),
        ({"rule": []}, "", "", "one key, rules"),
    ],
)
def test_malformed_rules_are_named_by_yaml_path(doc, location, key, match):
    with pytest.raises(ImportRejectedError, match=match) as err:
        rules_from(doc, file="rules.yaml")
    [problem] = err.value.problems
    assert (problem.file, problem.location, problem.column) == ("rules.yaml", location, key)


def test_a_yaml_syntax_error_names_its_line(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - match: {project: SQL\n    set: {goal: G1}\n", encoding="utf-8")
    with pytest.raises(ImportRejectedError, match="is not valid YAML") as err:
        read_rules(path)
    assert err.value.problems[0].location.startswith("line ")


def test_unknown_targets_are_refused_before_anything_is_read_or_written(
    sourced_map, tmp_path, digest
):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - match: {project: SQL}\n"
        "    set: {category: learning, goal: G1, milestone: M11}\n"
        "  - match: {project: never in any export}\n"
        "    set: {goal: G7}\n"
        "  - match: {project: portfolio}\n"
        "    set: {goal: G2, milestone: M2}\n"
        "  - match: {project: course}\n"
        "    set: {milestone: M1, action: A9}\n",
        encoding="utf-8",
    )
    export = tmp_path / "empty.csv"
    export.write_text(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
        "End time,Duration,Tags,Amount (USD)\n",
        encoding="utf-8",
    )
    before = digest(sourced_map)
    with pytest.raises(ImportRejectedError) as err:
        plan_import(sourced_map, export, rules=rules, tz="Europe/Berlin")
    got = [(p.location, p.value, p.code) for p in err.value.problems]
    assert got == [
        ("rules[0].set.milestone", "'M11'", "unknown_reference"),
        ("rules[1].set.goal", "'G7'", "unknown_reference"),
        ("rules[2].set.milestone", "'M2'", "mismatched_reference"),
        ("rules[3].set.action", "'A9'", "unknown_reference"),
    ]
    assert "did you mean 'M1'? known: M1, M2, M3" in err.value.problems[0].rule
    assert "milestone M2 belongs to goal G1, not G2" in err.value.problems[2].rule
    assert all(p.file == str(rules) for p in err.value.problems)
    assert digest(sourced_map) == before
