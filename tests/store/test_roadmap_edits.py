"""Roadmap edits: only the intended lines change, comments and layout stay, invalid edits
are refused (nothing written), and the previous version is kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import careermap
from careermap import store
from careermap.errors import InvalidArgumentError


def lines(folder):
    return (folder / "roadmap.yaml").read_text(encoding="utf-8").splitlines()


def comments(text_lines):
    return [line for line in text_lines if "#" in line]


def insert_after(text_lines, anchor, new):
    """``text_lines`` with the ``new`` lines after the one line equal to ``anchor``."""
    (at,) = [i for i, line in enumerate(text_lines) if line == anchor]
    return text_lines[: at + 1] + new + text_lines[at + 1 :]


def replace_line(text_lines, old, new):
    assert text_lines.count(old) == 1, old
    return [new if line == old else line for line in text_lines]


def test_mark_done_adds_one_line_and_keeps_every_comment(alex):
    before = lines(alex)
    change = store.mark_done(alex, "M5", on="2026-11-16")
    assert str(change) == "roadmap.yaml: M5 done on 2026-11-16"
    after = lines(alex)
    # M5 is the only milestone with `depends_on: [M4]`; `done` goes before `actions`
    assert after == insert_after(before, "        depends_on: [M4]", ["        done: 2026-11-16"])
    assert comments(after) == comments(before)
    done = careermap.load(alex).milestones.set_index("milestone_id").loc["M5", "done"]
    assert str(done.date()) == "2026-11-16"


def test_reschedule_keeps_the_end_of_line_comment_and_adds_the_list(alex):
    before = lines(alex)
    store.reschedule(alex, "M15", "2026-12-31", on="2026-11-16", reason="club paused in summer")
    new = "        target: 2026-12-31        # overdue: two speeches still to give"
    expected = replace_line(
        before, "        target: 2026-08-31        # overdue: two speeches still to give", new
    )
    expected = insert_after(
        expected,
        new,
        [
            "        reschedules: [{on: 2026-11-16, from: 2026-08-31, reason: club paused in summer}]"
        ],
    )
    assert lines(alex) == expected
    rs = careermap.load(alex).reschedules.astype({"from_target": str, "to_target": str})
    assert rs.loc[rs["milestone_id"] == "M15", ["from_target", "to_target"]].values.tolist() == [
        ["2026-08-31", "2026-12-31"]
    ]


def test_drop_and_add_milestone_keep_the_comments_that_introduce_the_next_goal(alex):
    before = lines(alex)
    store.drop(alex, "M12", on="2026-11-16")
    store.add_milestone(
        alex,
        "G2",
        {"title": "Bayesian refresher", "planned": "2026-11-16", "target": "2027-06-30",
         "effort_hours": 12, "skills": ["2.A.1.e"], "depends_on": ["M8"],
         "actions": [{"title": "Read chapters 1-4", "due": "2027-03-31", "kind": "reading"}]},
    )  # fmt: skip
    after = lines(alex)
    expected = insert_after(before, "        depends_on: [M9]", ["        dropped: 2026-11-16"])
    expected = insert_after(
        expected,
        "            resource: {provider: State university extension school (module 4)}",
        [
            "",
            "      - id: M18",
            "        title: Bayesian refresher",
            "        planned: 2026-11-16",
            "        target: 2027-06-30",
            "        effort_hours: 12",
            "        skills: [2.A.1.e]",
            "        depends_on: [M8]",
            "        actions:",
            "          - {id: A33, title: Read chapters 1-4, due: 2027-03-31, kind: reading}",
        ],
    )
    assert after == expected
    assert comments(after) == comments(before)
    i = after.index("  - id: G3")
    assert after[i - 3 : i] == [
        "",
        "  # Deliberately loose: no measure, no target, and a deadline past the vision horizon.",
        "  # The SMART check should flag M and T here.",
    ]
    careermap.load(alex)


def test_add_milestone_and_action_on_the_small_map(small_map):
    before = lines(small_map)
    store.add_milestone(small_map, "G1", {"title": "Portfolio site", "planned": "2025-02-01",
                                          "target": "2025-09-30", "skills": ["Writing"]})  # fmt: skip
    change = store.add_action(small_map, "M4", {"title": "Pick a theme", "due": "2025-03-01",
                                                "effort_hours": 2, "kind": "project"})  # fmt: skip
    assert str(change) == "roadmap.yaml: added action A2 to M4"
    assert lines(small_map) == insert_after(
        before,
        "        depends_on: [M1]",
        [
            "      - id: M4",
            "        title: Portfolio site",
            "        planned: 2025-02-01",
            "        target: 2025-09-30",
            "        skills: [Writing]",
            "        actions:",
            "          - {id: A2, title: Pick a theme, due: 2025-03-01, effort_hours: 2, kind: project}",
        ],
    )
    added = lines(small_map)
    store.mark_done(small_map, "A2", on="2025-02-20")  # an action id works too
    old = (
        "          - {id: A2, title: Pick a theme, due: 2025-03-01, effort_hours: 2, kind: project}"
    )
    assert lines(small_map) == replace_line(added, old, old[:-1] + ", done: 2025-02-20}")


def test_reschedule_appends_to_an_existing_list_in_its_style(small_map):
    before = lines(small_map)
    store.reschedule(
        small_map, "M2", "2025-08-31", on=dt.date(2025, 6, 15), reason="scope: 'more charts'"
    )
    expected = replace_line(before, "        target: 2025-06-30", "        target: 2025-08-31")
    expected = insert_after(
        expected,
        "        target: 2025-08-31",
        [
            "        reschedules: [{on: 2025-06-15, from: 2025-06-30, reason: \"scope: 'more charts'\"}]"
        ],
    )
    assert lines(small_map) == expected
    store.reschedule(small_map, "M2", "2025-09-30", on="2025-08-01")  # no reason given
    assert lines(small_map)[lines(small_map).index("        target: 2025-09-30") + 1] == (
        "        reschedules: [{on: 2025-06-15, from: 2025-06-30, reason: \"scope: 'more charts'\"}, "
        "{on: 2025-08-01, from: 2025-08-31}]"
    )


def test_set_self_assessment_replaces_only_the_lists_given(small_map):
    before = lines(small_map)
    store.set_self_assessment(
        small_map, values=["impact", "learning"], passions=["data: stories"], on="2025-06-01"
    )
    expected = replace_line(
        before, "  values: [learning, autonomy]", "  values: [impact, learning]"
    )
    assert lines(small_map) == insert_after(
        expected,
        "  strengths: [writing]",
        [
            "  passions: ['data: stories']",
            "  history:",
            "    - date: 2025-06-01",
            "      values: [impact, learning]",
            "      strengths: [writing]",
            "      passions: ['data: stories']",
            "      growth_areas: []",
        ],
    )
    sa = careermap.load(small_map).self_assessment
    now = sa[sa["date"].isna()]
    assert now.loc[now["kind"] == "passions", "item"].tolist() == ["data: stories"]


def test_set_self_assessment_keeps_a_dated_history(small_map):
    store.set_self_assessment(small_map, values=["impact"], on="2025-06-01")
    store.set_self_assessment(small_map, values=["impact", "craft"], on="2025-09-01")
    store.set_self_assessment(small_map, strengths=["SQL"], on="2025-09-01")  # same day: replaced
    sa = careermap.load(small_map).self_assessment
    dated = sa[sa["date"].notna()]
    assert sorted(dated["date"].dt.strftime("%Y-%m-%d").unique()) == ["2025-06-01", "2025-09-01"]
    sep = dated[dated["date"] == "2025-09-01"]
    assert sep.loc[sep["kind"] == "values", "item"].tolist() == ["impact", "craft"]
    assert sep.loc[sep["kind"] == "strengths", "item"].tolist() == ["SQL"]
    june = dated[dated["date"] == "2025-06-01"]
    assert june.loc[june["kind"] == "strengths", "item"].tolist() == ["writing"]


def test_the_previous_version_is_kept_in_history(small_map):
    original = (small_map / "roadmap.yaml").read_bytes()
    store.drop(small_map, "M2", on="2025-07-01")
    backups = sorted((small_map / ".careermap" / "history").iterdir())
    assert len(backups) == 1
    assert re.fullmatch(r"\d{8}T\d{12}Z-[0-9a-f]{12}-roadmap\.yaml", backups[0].name)
    assert backups[0].read_bytes() == original
    assert (small_map / ".careermap" / ".gitignore").read_text() == "*\n"


def test_line_endings_bom_and_indentation_are_kept(small_map):
    road = small_map / "roadmap.yaml"
    text = road.read_text()
    road.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    store.mark_done(small_map, "M2", on="2025-07-01")
    data = road.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcareermap: 1\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") == text.count("\n") + 1
    assert b"        depends_on: [M1]\r\n        done: 2025-07-01\r\n" in data


def test_four_space_indentation_is_kept(small_map):
    from ruamel.yaml import YAML

    y = YAML()
    y.indent(mapping=4, sequence=6, offset=4)
    y.width = 4096
    road = small_map / "roadmap.yaml"
    with road.open() as fh:
        doc = y.load(fh)
    with road.open("w") as fh:
        y.dump(doc, fh)
    before = lines(small_map)
    store.drop(small_map, "M2", on="2025-07-01")
    assert lines(small_map) == insert_after(
        before, "            depends_on: [M1]", ["            dropped: 2025-07-01"]
    )


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda f: store.reschedule(f, "M2", "2024-12-01", on="2025-02-01"), "is before planned"),
        (lambda f: store.add_action(f, "M2", {"title": "x", "kind": "party"}), "one of course"),
        (lambda f: store.add_milestone(f, "G1", {"id": "A1", "title": "x", "target": "2025-09-01"}),
         "ids must be unique"),
        (lambda f: store.add_milestone(f, "G1", {"title": "no target"}), "target: .*required"),
    ],
)  # fmt: skip
def test_an_edit_that_breaks_the_map_is_refused(small_map, digest, edit, match):
    before = digest(small_map)
    with pytest.raises(store.EntryRejectedError, match=match):
        edit(small_map)
    assert digest(small_map) == before
    assert not (small_map / ".careermap").exists()


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda f: store.mark_done(f, "M22"), "no milestone or action with id 'M22'.*did you mean"),
        (lambda f: store.mark_done(f, "M1"), r"M1 is already done \(2025-03-20\)"),
        (lambda f: store.drop(f, "M3"), "M3 was dropped on 2025-05-01"),
        (lambda f: store.reschedule(f, "M2", "2025-06-30"), "target is already 2025-06-30"),
        (lambda f: store.reschedule(f, "M2", "soon"), "new_target must be a date"),
        # the loader reads YYYY-MM-DD only, so the edits take no other form of a date
        (lambda f: store.mark_done(f, "M2", on="20250701"), "on must be a date like"),
        (lambda f: store.drop(f, "M2", on="2025-07-01 or so"), "on must be a date like"),
        (lambda f: store.add_milestone(f, "G9", {"title": "x"}), "no goal with id 'G9'"),
        (lambda f: store.add_action(f, "M2", {"titel": "x"}), "unknown action key 'titel'"),
        (lambda f: store.set_self_assessment(f), "give at least one of values"),
        (lambda f: store.set_self_assessment(f, values="impact"), "must be a list of words"),
    ],
)
def test_bad_arguments_change_nothing(small_map, digest, edit, match):
    before = digest(small_map)
    with pytest.raises(InvalidArgumentError, match=match):
        edit(small_map)
    assert digest(small_map) == before


def test_a_map_that_already_has_problems_can_still_be_edited(small_map):
    # a problem written by hand elsewhere does not block an edit that adds none
    road = small_map / "roadmap.yaml"
    road.write_text(road.read_text().replace("target: 20\n", "target: twenty\n"))
    assert careermap.validate(small_map)[1]
    store.mark_done(small_map, "M2", on="2025-07-01")
    assert "        done: 2025-07-01" in lines(small_map)


def test_init_map_still_creates_a_map_the_store_can_edit(tmp_path):
    folder = store.init_map(tmp_path / "sam-lee", start=dt.date(2026, 1, 5))
    before = lines(folder)
    store.add_milestone(folder, "G1", {"title": "Third", "planned": "2026-01-05",
                                       "target": "2026-09-30"})  # fmt: skip
    after = lines(folder)
    # the template's closing comment stays the last line
    assert before[-1].startswith("# Logs live next to this file") and after[-1] == before[-1]
    assert after[-5:-1] == [
        "      - id: M3",
        "        title: Third",
        "        planned: 2026-01-05",
        "        target: 2026-09-30",
    ]
    careermap.load(folder)


# --- options are keyword-only; the old positional calls work for one release --------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            lambda f: store.mark_done(f, "M2", "2025-07-01"),
            lambda f: store.mark_done(f, "M2", on="2025-07-01"),
        ),
        (
            lambda f: store.drop(f, "M2", "2025-07-01"),
            lambda f: store.drop(f, "M2", on="2025-07-01"),
        ),
        (
            lambda f: store.reschedule(f, "M2", "2025-08-31", "2025-06-15", "more charts"),
            lambda f: store.reschedule(
                f, "M2", "2025-08-31", on="2025-06-15", reason="more charts"
            ),
        ),
        (
            lambda f: store.reschedule(f, "M2", "2025-08-31", "2025-06-15"),
            lambda f: store.reschedule(f, "M2", "2025-08-31", on="2025-06-15"),
        ),
    ],
)
def test_a_positional_option_still_works_and_warns(small_map, tmp_path, old, new):
    import shutil

    twin = shutil.copytree(small_map, tmp_path / "twin")
    with pytest.warns(DeprecationWarning, match=r"passing on(, reason)? positionally"):
        old_change = old(small_map)
    new_change = new(twin)
    assert old_change.summary == new_change.summary
    assert lines(small_map) == lines(twin)


def test_an_option_given_twice_or_too_many_positions_is_refused(small_map, digest):
    before = digest(small_map)
    with pytest.raises(InvalidArgumentError, match="got on both by position and as on="):
        store.mark_done(small_map, "M2", "2025-07-01", on="2025-07-02")
    with pytest.raises(InvalidArgumentError, match=r"options on by name; got 4 positional"):
        store.drop(small_map, "M2", "2025-07-01", "why")
    assert digest(small_map) == before


def test_store_options_are_keyword_only():
    import inspect

    for name, leading in (
        ("mark_done", ["folder", "milestone_id"]),
        ("drop", ["folder", "milestone_id"]),
        ("reschedule", ["folder", "milestone_id", "new_target"]),
        ("append", ["folder", "table", "rows"]),
        ("add_milestone", ["folder", "goal_id", "milestone"]),
        ("add_action", ["folder", "milestone_id", "action"]),
        ("set_self_assessment", ["folder"]),
        ("undo", ["folder"]),
        ("init_map", ["folder"]),
    ):
        params = inspect.signature(getattr(store, name)).parameters.values()
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert positional == leading, name
