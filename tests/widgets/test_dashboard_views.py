"""The coach's dashboard as controller and view: its numbers are the views' numbers, its menus
are named and never blank, its people table pages in the kernel, and it works on a cohort
without groups, of one person, and with a broken person.

The expected numbers come from careermap.views and plain pandas on generated cohorts, never
from the widget itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import careermap
from careermap import metrics, views
from careermap.demo import generate_cohort
from careermap.share.privacy import pseudonym
from careermap.widgets import coach_dashboard, threshold_dashboard
from careermap.widgets._dashboard_view import TABS
from careermap.widgets._threshold_form import SLIDERS

AS_OF = "2026-11-15"


@pytest.fixture(scope="module")
def forty(tmp_path_factory) -> Path:
    return generate_cohort(tmp_path_factory.mktemp("dash") / "forty", people=40, seed=31)


@pytest.fixture(scope="module")
def board(forty):
    return coach_dashboard(forty, as_of=AS_OF)


def _tab(board, title: str) -> None:
    board.tabs.selected_index = TABS.index(title)


def test_the_glance_counts_are_the_views_counts(board, forty):
    m = careermap.load(forty)
    kpis = metrics.cohort_summary(m, as_of=AS_OF)
    _tab(board, "At a glance")
    fig = board.counts_chart.figure
    reasons, groups = fig.data[0], fig.data[1]
    flags = ["flag_inactive", "flag_overdue", "flag_forecast", "flag_reviews", "flag_top_goal",
             "flag_low_effort"]  # fmt: skip
    assert list(reasons.x) == [int(kpis[f].sum()) for f in flags]
    plain = kpis.groupby("group")["needs_attention"].sum()
    assert dict(zip(groups.y, groups.x, strict=True)) == plain.astype(int).to_dict()
    # the thresholds are drawn on the distributions, and move with the form
    board.inactive_days.value = 45
    lines = {round(s.x0, 2) for s in board.distribution_chart.figure.layout.shapes}
    assert 45.0 in lines
    board.inactive_days.value = 30


def test_group_narrows_the_headline_counts_and_table(board, forty):
    kpis = metrics.cohort_summary(careermap.load(forty), as_of=AS_OF)
    group = sorted(kpis["group"].unique())[1]
    board.group.value = group
    part = kpis[kpis["group"] == group]
    n = int(part["needs_attention"].sum())
    assert (
        board.headline_text
        == f"{n} of {len(part)} people in group {group} need attention as of {AS_OF}"
    )
    assert set(board.table_frame["person"]) == {
        pseudonym(p) for p in part.loc[part["needs_attention"], "person_id"]
    }
    _tab(board, "At a glance")
    assert list(board.counts_chart.figure.data[1].y) == [group]
    board.group.value = "all groups"


def test_role_menu_names_roles_and_shows_its_value(board, forty):
    m = careermap.load(forty)
    titles = m.target_roles.dropna(subset=["title"]).drop_duplicates("role_id")
    titles = titles.set_index("role_id")["title"]
    assert board.role.value is not None and board.role.label  # never a blank menu
    assert board.role.index == 0
    for label, role_id in board.role.options:
        assert label.startswith(titles[role_id]) and role_id not in label


def test_skill_tab_shows_each_skill_across_the_group(board, forty):
    m = careermap.load(forty)
    group = sorted(m.people["group"].unique())[0]
    board.group.value = group
    _tab(board, "Skill gaps")
    role = board.role.value
    members = m.people.loc[m.people["group"] == group, "person_id"]
    gaps = metrics.skill_gaps(m.subset(members.tolist()), roles=[role], as_of=AS_OF)
    # plain pandas: share of assessed members below the requirement, per skill
    assessed = gaps[gaps["current_level"].notna()]
    below = (
        (assessed["current_level"] < assessed["required_level"]).groupby(assessed["skill"]).mean()
    )
    fig = board.skill_chart.figure
    shown = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    assert shown and all(shown[s] == pytest.approx(round(100 * below[s], 1)) for s in shown)
    # the person x skill detail: at most 30 people, who need attention in the group
    heat = board.heatmap_chart.figure.data[0]
    flagged = board.rows.loc[board.rows["needs_attention"], "person_id"]
    assert 1 <= len(heat.y) <= min(30, len(flagged))
    assert set(heat.y) <= {pseudonym(p) for p in flagged}
    board.group.value = "all groups"


def test_time_mix_is_a_spread_over_the_people_shown(board, forty):
    _tab(board, "Time mix")
    fig = board.time_mix_chart.figure
    assert {t.type for t in fig.data} == {"box"}
    assert "40 people" in fig.layout.title.text
    assert all(len(t.x) <= 40 for t in fig.data)


def test_people_table_pages_searches_and_sorts_in_the_kernel(board):
    _tab(board, "Needs attention")
    board.only_flagged.value = False
    table = board.people
    assert table.page.total == 40 and table.page.pages == 2 and len(table.page.rows) == 25
    assert table.table.value.count("<tr>") == 25 + 1  # only the page is rendered
    table.next.click()
    assert table.page.page == 2 and len(table.page.rows) == 15
    table.sort.value = "days since last log"
    table.descending.value = True
    days = table.page.rows["days since last log"].dropna().tolist()
    everyone = board._table["days since last log"].dropna().sort_values(ascending=False)
    assert days == everyone.head(len(days)).tolist() and table.page.page == 1
    someone = board._table["person"].iloc[7]
    table.search.value = someone
    assert table.page.rows["person"].tolist() == [someone]
    assert "search matched 1 of 40" in table.page_text
    table.search.value = ""
    table.sort.value = ""
    board.only_flagged.value = True
    assert table.page.total == len(board.table_frame)


def test_one_threshold_form_for_both_dashboards(board):
    other = threshold_dashboard(careermap.load(careermap.cohort_path()), as_of=AS_OF)
    for name, (_, lo, hi, step, label) in SLIDERS.items():
        for slider in (getattr(board, name), getattr(other, name)):
            assert (slider.description, slider.min, slider.max, slider.step) == (
                label,
                lo,
                hi,
                step,
            )
    assert type(board.form) is type(other.form)


@pytest.fixture(scope="module")
def odd_cohorts(tmp_path_factory, forty) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("odd")
    no_groups = Path(shutil.copytree(forty, root / "no-groups"))
    (no_groups / "cohort.yaml").unlink()
    one = generate_cohort(root / "one", people=1, seed=2)
    broken = Path(shutil.copytree(forty, root / "broken"))
    victim = sorted(p for p in broken.iterdir() if p.is_dir())[3]
    log = victim / "time_log.csv"
    log.write_text(log.read_text(encoding="utf-8") + "2026-11-01,-2,learning,G1,,,\n")
    return {"no-groups": no_groups, "one": one, "broken": broken, "victim": victim}


def _every_tab(board) -> None:
    for title in TABS:
        _tab(board, title)
    board.person.value = board.person.options[1][1]
    assert board.roadmap_chart.figure is not None


def test_a_cohort_without_groups(odd_cohorts):
    board = coach_dashboard(odd_cohorts["no-groups"], as_of=AS_OF)
    assert list(board.group.options) == ["all groups"]
    assert board.headline_text.endswith(f"of 40 people need attention as of {AS_OF}")
    _every_tab(board)
    _tab(board, "At a glance")
    assert list(board.counts_chart.figure.data[1].y) == ["(no group)"]


def test_a_cohort_of_one(odd_cohorts):
    board = coach_dashboard(odd_cohorts["one"], as_of=AS_OF)
    assert " of 1 person need attention" in board.headline_text
    _every_tab(board)


def test_a_broken_person_is_left_out_and_named(odd_cohorts, forty):
    board = coach_dashboard(odd_cohorts["broken"], as_of=AS_OF)
    victim = odd_cohorts["victim"].name
    assert "39 people" in board.load_text and "1 left out" in board.load_text
    assert victim in board.load_text and "hours" in board.load_text
    assert board.headline_text.endswith(f"of 39 people need attention as of {AS_OF}")
    expected = metrics.cohort_summary(careermap.load(forty), as_of=AS_OF)
    expected = expected[expected["person_id"] != victim]
    assert int(expected["needs_attention"].sum()) == int(board.flagged["needs_attention"].sum())
    _every_tab(board)


def test_views_and_dashboard_say_the_same_headline(board, forty):
    v = views.cohort_view(careermap.load(forty), as_of=AS_OF)
    assert board.headline_text == v.headline
    pd.testing.assert_frame_equal(
        board.shown.reasons, views.reason_counts(v.kpis), check_dtype=False
    )


def test_long_tables_get_their_files_on_request(forty, monkeypatch):
    from careermap.widgets import _dashboard

    monkeypatch.setattr(_dashboard, "FILES_AT_ONCE", 10)
    board = coach_dashboard(forty, as_of=AS_OF)
    assert board.downloads.value == "" and board.downloads_button.layout.display is None
    board.downloads_button.click()
    assert board.downloads.value.count("data:") == 2
    assert board.downloads_button.layout.display == "none"


def test_a_threshold_move_keeps_the_persons_charts_and_renews_the_reasons(forty):
    board = coach_dashboard(forty, as_of=AS_OF)
    pid = board.person.options[1][1]
    board.person.value = pid
    drawn = board.burndown_chart.figure
    board.inactive_days.value = 7
    assert board.burndown_chart.figure is drawn  # the same day and person: not redrawn
    row = metrics.reflag(
        metrics.cohort_summary(careermap.load(forty), as_of=AS_OF), {"inactive_days": 7}
    )
    reasons = row.loc[row["person_id"] == pid, "reasons"].iloc[0]
    assert all(r in board.person_status.value for r in reasons)
    board.as_of.value = pd.Timestamp("2026-10-01").date()
    assert board.burndown_chart.figure is not drawn
