"""The shareable HTML report: self-contained, escaped, private by default, written atomically."""

from __future__ import annotations

import argparse
import html
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import careermap
from careermap import store
from careermap.cli._report import add_report_parsers
from careermap.errors import CareermapError
from careermap.report import build_report, write_report
from careermap.share.privacy import pseudonym, shareable_map

AS_OF = "2026-11-15"
EVIL = "</script><script>alert(1)</script>"
SCRIPT_BLOCK = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[a-zA-Z][^>]*>")
URL_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I
)


@pytest.fixture(scope="module")
def person_page(sample) -> str:
    return build_report(sample, as_of=AS_OF)


@pytest.fixture(scope="module")
def cohort_page(cohort) -> str:
    return build_report(cohort, as_of=AS_OF)


def _tags_outside_scripts(page: str) -> list[str]:
    """The HTML tags of the page, leaving out the inside of <script> blocks.

    plotly.js itself holds URL strings in its code (attribution links of map tiles, the
    plotly logo); they are never fetched on load, so the check is on the page's own tags and
    attributes, not on the whole text.
    """
    outside = SCRIPT_BLOCK.sub("<script></script>", page)
    return TAG.findall(outside)


@pytest.mark.parametrize("page_name", ["person_page", "cohort_page"])
def test_report_is_self_contained(page_name, request):
    page = request.getfixturevalue(page_name)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    tags = _tags_outside_scripts(page)
    assert [t for t in tags if URL_ATTRIBUTE.search(t)] == []
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<img\b", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", page, re.I)
    # plotly.js inline exactly once, however many figures
    big = [s for s in SCRIPT_BLOCK.findall(page) if len(s) > 1_000_000]
    assert len(big) == 1
    assert page.count('class="plotly-graph-div"') >= 4
    assert "MathJax" not in "".join(tags)


@pytest.mark.parametrize("page_name", ["person_page", "cohort_page"])
def test_report_credits_onet_and_bls(page_name, request):
    footer = request.getfixturevalue(page_name).split("<footer>")[1]
    assert "O*NET 29.3" in footer and "CC BY 4.0" in footer
    assert "Bureau of Labor Statistics" in footer


def test_person_report_sections(person_page):
    for heading in ("Headline numbers", "Roadmap", "Burndown and forecast", "Skill gaps"):
        assert f"<h2>{heading}" in person_page
    assert f"Career progress report: {pseudonym('alex-rivera')}" in person_page
    assert "As of 2026-11-15" in person_page


def test_cohort_report_sections(cohort_page, cohort):
    for heading in (
        "KPI overview",
        "Who needs attention, and why",
        "How the cohort is doing",
        "Groups compared",
        "Skill gaps to the most common priority-1 role",
        "Time mix",
    ):
        assert f"<h2>{heading}" in cohort_page
    assert f"{len(cohort.people)} people" in cohort_page


def test_cohort_report_pseudonymises_by_default(cohort_page, cohort, cohort_summary_default):
    for name in cohort.people["name"]:
        assert name not in cohort_page
    for pid in cohort.people["person_id"]:
        assert pid not in cohort_page  # ids are slugs of names: never shown either
    flagged = cohort_summary_default.loc[cohort_summary_default["needs_attention"], "person_id"]
    for pid in flagged:
        assert pseudonym(pid) in cohort_page


@pytest.fixture(scope="module")
def cohort_summary_default(cohort) -> pd.DataFrame:
    from careermap.metrics import cohort_summary

    return cohort_summary(cohort, as_of=AS_OF)


def test_cohort_report_names_on_request(cohort, cohort_summary_default):
    page = build_report(cohort, as_of=AS_OF, names=True)
    flagged = cohort_summary_default.loc[cohort_summary_default["needs_attention"]]
    for name in flagged["name"]:
        assert f"<td>{html.escape(name)}</td>" in page
    assert pseudonym(flagged["person_id"].iloc[0]) not in page


def test_notes_left_out_unless_asked(sample, person_page):
    reason = sample.reschedules["reason"].dropna().iloc[0]
    assert reason not in person_page
    with_notes = build_report(sample, as_of=AS_OF, notes=True)
    assert reason in with_notes


def test_shareable_map_blanks_notes_and_names(sample):
    before = sample.time_log.copy()
    shared = shareable_map(sample)
    pd.testing.assert_frame_equal(sample.time_log, before)  # the caller's map is untouched
    assert shared.time_log["note"].isna().all() and shared.reschedules["reason"].isna().all()
    assert list(shared.time_log.columns) == list(sample.time_log.columns)
    assert shared.people["name"].tolist() == [pseudonym("alex-rivera")]
    kept = shareable_map(sample, names=True, notes=True)
    assert kept.people["name"].tolist() == ["Alex Rivera"]
    pd.testing.assert_frame_equal(kept.time_log, sample.time_log)


def test_report_shareable_map_is_the_privacy_one_with_a_warning(sample):
    import careermap.report

    with pytest.warns(DeprecationWarning, match=r"use careermap\.share\.privacy\.shareable_map"):
        old = careermap.report.shareable_map
    assert old is shareable_map


# Planted texts, one per person and column: none occurs in the data or in plotly's output.
def _planted(m: careermap.CareerMap) -> tuple[careermap.CareerMap, list[str], list[str]]:
    """The map with every name, vision, note and reason replaced by a unique marker.

    Returns the map, the name markers and the free-text markers. Written here with plain
    pandas, from the frames' own columns, independently of careermap.share.privacy's rules.
    """
    people = m.people.copy()
    people["name"] = [f"Zqname{i}x" for i in range(len(people))]
    people["vision"] = [f"Zqvision{i}x" for i in range(len(people))]
    changes, texts = {"people": people}, list(people["vision"])
    for frame_name, column in [
        ("time_log", "note"), ("assessments", "note"), ("reviews", "note"),
        ("reschedules", "reason"), ("goals", "note"), ("milestones", "note"), ("actions", "note"),
    ]:  # fmt: skip
        frame = getattr(m, frame_name).copy()
        frame[column] = pd.Series(
            [f"Zq{frame_name}{i}x" for i in range(len(frame))], index=frame.index, dtype="str"
        )
        changes[frame_name] = frame
        texts += list(frame[column])
    return replace(m, **changes), list(people["name"]), texts


def _without_plotly_js(page: str) -> str:
    """The page without the plotly.js library (its own code is not what a person wrote)."""
    return "".join(s for s in re.split(r"(<script\b[^>]*>.*?</script>)", page, flags=re.S)
                   if len(s) < 1_000_000)  # fmt: skip


@pytest.mark.parametrize("who", ["sample", "cohort"])
def test_private_report_holds_no_name_and_no_note(who, request):
    m = request.getfixturevalue(who)
    if who == "cohort":
        m = m.subset(m.person_ids[:8])
    planted, names, texts = _planted(m)
    page = _without_plotly_js(build_report(planted, as_of=AS_OF))
    assert [t for t in names + texts if t in page] == []
    # the markers do reach the page when asked for, so the check above can fail: names in
    # both reports, notes in a person's (reschedule reasons in the roadmap's hover text;
    # the cohort report shows no free text today, and must not start to by default)
    named = _without_plotly_js(build_report(planted, as_of=AS_OF, names=True, notes=True))
    assert all(name in named for name in names)
    if who == "sample":
        assert any(text in named for text in texts)


def test_private_report_holds_no_real_name(cohort, person_page):
    """On the real files: no name written in a roadmap.yaml appears (read with plain YAML)."""
    from ruamel.yaml import YAML

    def names(root: Path) -> list[str]:
        return [YAML(typ="safe").load(p.read_text(encoding="utf-8"))["person"]["name"]
                for p in sorted(root.glob("**/roadmap.yaml"))]  # fmt: skip

    assert names(careermap.sample_path()) == ["Alex Rivera"]
    assert "Alex Rivera" not in person_page
    cohort_names = names(careermap.cohort_path())
    assert len(cohort_names) == len(cohort.people)
    page = build_report(cohort, as_of=AS_OF)
    assert [n for n in cohort_names if n in page] == []


def _evil_map(m: careermap.CareerMap) -> careermap.CareerMap:
    goals = m.goals.copy()
    goals["title"] = goals["title"].astype("object")
    goals.loc[goals.index[0], "title"] = EVIL
    milestones = m.milestones.copy()
    milestones["title"] = milestones["title"].astype("object")
    milestones.loc[milestones.index[0], "title"] = EVIL
    people = m.people.copy()
    people["name"] = EVIL
    reschedules = m.reschedules.copy()
    reschedules["reason"] = EVIL
    time_log = m.time_log.copy()
    time_log["note"] = EVIL
    return replace(
        m,
        goals=goals,
        milestones=milestones,
        people=people,
        reschedules=reschedules,
        time_log=time_log,
        cohort={**(m.cohort or {}), "name": EVIL},
    )


@pytest.mark.parametrize("names", [False, True])
def test_user_text_cannot_break_out(sample, names):
    page = build_report(_evil_map(sample), as_of=AS_OF, names=names, notes=True)
    assert "<script>alert(1)" not in page
    assert "</script><script>" not in page


def test_cohort_user_text_cannot_break_out(cohort):
    evil = _evil_map(cohort.subset(cohort.person_ids[:6]))
    page = build_report(evil, as_of=AS_OF, names=True, notes=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page  # escaped, still readable


def test_cohort_report_shows_group_names_and_names_as_written(cohort):
    """Group names and names with markup are shown as text in the charts and tables, never
    drawn as a link, bold or a line break (plotly reads tags in labels)."""
    groups = {"data": "<a href='https://evil.example'>data</a>", "ops": "<b>ops</b>",
              "design": "de<br>sign"}  # fmt: skip
    people = cohort.people.copy()
    people["group"] = people["group"].map(groups)
    people["name"] = "<b>" + people["name"] + "</b>"
    page = build_report(replace(cohort, people=people), as_of=AS_OF, names=True)

    # plotly's figure JSON writes "<", ">" and "/" as \u003c, \u003e, \u002f; the HTML
    # around the charts writes &lt; and &gt;
    def as_json(text: str) -> str:
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("/", "\\u002f")

    for raw in ["<a href='https://evil.example'>", "<b>ops</b>", "de<br>sign", "<b>Kofi"]:
        assert raw not in page
        assert as_json(raw) not in page
    for shown in ["&lt;a href='https://evil.example'&gt;data", "&lt;b&gt;ops&lt;/b&gt;",
                  "de&lt;br&gt;sign", "&lt;b&gt;Kofi"]:  # fmt: skip
        assert as_json(shown) in page, f"{shown} is not in a chart, escaped"


def test_write_report_is_atomic(sample, tmp_path, monkeypatch):
    out = tmp_path / "report.html"
    assert write_report(sample, out, as_of=AS_OF) == out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out.write_text("previous report", encoding="utf-8")

    def broken(path: Path, data: bytes) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "atomic_write", broken)
    with pytest.raises(OSError, match="disk full"):
        write_report(sample, out, as_of=AS_OF)
    assert out.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_write_report_refuses_missing_folder(sample, tmp_path):
    with pytest.raises(CareermapError, match="does not exist"):
        write_report(sample, tmp_path / "nope" / "r.html", as_of=AS_OF)
    with pytest.raises(CareermapError, match="is a folder"):
        write_report(sample, tmp_path, as_of=AS_OF)


def test_bad_as_of(sample):
    with pytest.raises(CareermapError, match="as_of must be a date"):
        build_report(sample, as_of="someday")


# CLI ---------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careermap")
    add_report_parsers(parser.add_subparsers(dest="command", required=True))
    return parser


def test_cli_report_writes_and_says_what(tmp_path, capsys):
    out = tmp_path / "r.html"
    args = _parser().parse_args(
        ["report", str(careermap.sample_path()), "--out", str(out), "--as-of", AS_OF]
    )
    assert args.func(args) == 0
    said = capsys.readouterr().out
    assert str(out) in said and f"{out.stat().st_size:,} bytes" in said and "1 person" in said
    assert "Alex Rivera" not in out.read_text(encoding="utf-8")


def test_cli_report_names_flag(tmp_path, capsys):
    out = tmp_path / "r.html"
    args = _parser().parse_args(
        ["report", str(careermap.sample_path()), "--out", str(out), "--as-of", AS_OF, "--names"]
    )
    assert args.func(args) == 0
    assert "Alex Rivera" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["report", "no/such/folder"], "does not exist"),
        (["report", ".", "--as-of", "15/11/2026"], "--as-of must be a date"),
    ],
)
def test_cli_report_errors_are_careermap_errors(argv, match, tmp_path):
    args = _parser().parse_args([*argv, "--out", str(tmp_path / "r.html")])
    with pytest.raises(CareermapError, match=match):
        args.func(args)


def test_cli_main_exit_codes(tmp_path, capsys):
    from careermap.cli import main  # `careermap report` is wired into the main command

    out = tmp_path / "r.html"
    assert main(["report", str(careermap.sample_path()), "--out", str(out), "--as-of", AS_OF]) == 0
    assert out.exists()
    assert main(["report", str(tmp_path / "missing"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


# A cohort with a broken person --------------------------------------------------------------


@pytest.fixture
def cohort_with_a_broken_map(tmp_path: Path) -> Path:
    from _maps import FILES, ROADMAP, write_map

    write_map(tmp_path / "cohort" / "sam-lee")
    broken = ROADMAP.replace("id: sam-lee", "id: kim-park").replace(
        "horizon: 2029-12-31", "horizon: 3000-03-31"
    )
    write_map(tmp_path / "cohort" / "kim-park", {**FILES, "roadmap.yaml": broken})
    write_map(tmp_path / "cohort" / "lee-chan", {"time_log.csv": FILES["time_log.csv"]})
    return tmp_path / "cohort"


def test_cli_report_fails_on_a_broken_person_and_says_how_to_leave_them_out(
    cohort_with_a_broken_map, tmp_path, capsys
):
    from careermap.cli import main

    out = tmp_path / "r.html"
    assert main(["report", str(cohort_with_a_broken_map), "--out", str(out), "--as-of", AS_OF]) == 1
    err = capsys.readouterr().err
    assert "kim-park/roadmap.yaml" in err and "vision.horizon" in err and "3000-03-31" in err
    assert "--skip-broken" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("names", [False, True])
def test_cli_report_skip_broken_lists_who_was_left_out(
    cohort_with_a_broken_map, tmp_path, capsys, names
):
    from careermap.cli import main

    out = tmp_path / "r.html"
    argv = ["report", str(cohort_with_a_broken_map), "--out", str(out), "--as-of", AS_OF]
    assert main([*argv, "--skip-broken", *(["--names"] if names else [])]) == 0
    said = capsys.readouterr()
    assert "1 person" in said.out and "left out 2 with problems" in said.out
    # the coach sees why, on the terminal
    assert "vision.horizon: '3000-03-31'" in said.err and "no roadmap.yaml" in said.err
    page = out.read_text(encoding="utf-8")
    section = page[page.index("<h2>Not in this report</h2>") :]
    section = section[: section.index("</table>")]
    assert "2 people are left out" in section and "1 problem in roadmap.yaml" in section
    assert "1 problem in the person&#x27;s folder" in section
    for pid in ("kim-park", "lee-chan"):
        shown, hidden = (pid, pseudonym(pid))[:: 1 if names else -1]
        assert shown in section and hidden not in page
    assert "3000-03-31" not in page  # no problem text in a shareable page


def test_a_report_of_a_map_without_skipped_people_has_no_such_section(person_page):
    assert "Not in this report" not in person_page


def _cards(page: str) -> dict[str, str]:
    found = re.findall(r'<div class="v">(.*?)</div><div class="k">(.*?)</div>', page)
    return {html.unescape(k): html.unescape(v) for v, k in found}


def test_report_says_how_good_the_forecast_has_been(person_page, sample):
    from careermap import metrics

    bt = metrics.forecast_backtest(sample, as_of="2026-11-15")
    judged = bt["held_p85"].dropna()
    assert len(judged) > 0  # an independent count of the sentence's numbers
    p50 = bt["held_p50"].dropna()
    said = (
        f"Of the forecasts careermap made for you, {int(judged.sum())} of {len(judged)} P85 "
        f"dates held ({int(p50.sum())} of {len(p50)} P50 dates)."
    )
    assert "<h3>How good the forecast has been</h3>" in person_page
    assert said in html.unescape(person_page)


def test_report_of_a_brand_new_map_reads_well(tmp_path):
    import datetime as dt

    m = careermap.load(store.init_map(tmp_path / "sam-lee", start=dt.date(2026, 11, 29)))
    page = build_report(m, as_of="2026-11-29")
    assert _cards(page) == {
        "milestones done (of those in the plan)": "0 of 2",
        "milestones remaining": "2",
        "milestones overdue": "0",
        "done on time": "—",
        "hours logged this month": "0 h",
        "capacity this month": "0.7 h",  # one day of 5 h a week
        "days since the last log": "no log yet",
        "all done by (50% likely)": "—",
        "all done by (85% likely)": "—",
        "skill gap to Business Intelligence Analysts": "not assessed yet",
        "match to Business Intelligence Analysts": "not assessed yet",
    }
    notes = [html.unescape(n) for n in re.findall(r'<p class="note">(.*?)</p>', page)]
    assert notes == [
        "Forecast: no milestone completed yet since the map's start on 2026-11-29 "
        "(the forecast needs at least one to learn your pace from).",
        "No P85 date of a past forecast has come yet: too early to say how good the forecast "
        "has been.",
    ]
    assert "1 weeks" not in page and "NaT" not in page and "nan" not in page.lower().split()
    # the burndown says it is too early instead of drawing a lone point
    assert "too early for a burndown" in page and "no time logged yet" in page


def test_report_headline_names_the_goal_most_at_risk(sample):
    from careermap import metrics

    as_of = "2026-08-15"  # a day the sample's forecast (its one default window) has dates
    page = build_report(sample, as_of=as_of)
    f = metrics.forecast(sample, as_of=as_of)
    goals = f[f["level"] == "goal"].dropna(subset=["prob_by_deadline"])
    assert len(goals)
    worst = goals.sort_values("prob_by_deadline").iloc[0]  # an independent pick
    title = sample.goals.set_index("goal_id").loc[worst["goal_id"], "title"]
    key = (
        f"chance to meet {worst['goal_id']} {title} by {worst['deadline']:%Y-%m-%d} "
        "(the goal most at risk)"
    )
    assert _cards(page)[key] == f"{100 * worst['prob_by_deadline']:.0f}%"
