"""One question, one answer: every page shows the person's and the cohort's numbers from the
views of careermap.views, and the views agree with an independent re-computation."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import careermap
from careermap import metrics, views
from careermap.cli import main
from careermap.report import build_report
from careermap.share import privacy

ROOT = Path(__file__).resolve().parents[1]
DAY = "2026-08-15"  # the sample's forecast has dates on this day
DAYS = ["2025-09-01", "2025-10-15", "2026-03-05", DAY, "2026-11-15"]


@pytest.fixture(scope="module")
def view(sample) -> views.PersonView:
    return views.person_view(sample, as_of=DAY)


# -- the views against a plain-pandas re-computation --------------------------------------


def _counts(m: careermap.CareerMap, day: str) -> dict[str, int]:
    """Milestones in the plan, done, remaining and overdue on ``day``, from the frames."""
    d = pd.Timestamp(day)
    ms = m.milestones
    start = m.people["start"].iloc[0]
    in_scope = ms["planned"].fillna(start).le(d) & ~ms["dropped"].le(d)
    done = ms["done"].le(d)
    target = {}
    for r in ms.itertuples():
        later = m.reschedules[
            (m.reschedules["milestone_id"] == r.milestone_id) & (m.reschedules["on"] > d)
        ]
        target[r.Index] = later["from_target"].iloc[0] if len(later) else r.target
    overdue = in_scope & ~done & (pd.Series(target) < d)
    return {
        "milestones_in_scope": int(in_scope.sum()),
        "milestones_done": int((in_scope & done).sum()),
        "remaining": int((in_scope & ~done).sum()),
        "n_overdue": int(overdue.sum()),
    }


@pytest.mark.parametrize("day", DAYS)
def test_person_view_matches_a_recomputation_from_the_frames(sample, day):
    v = views.person_view(sample, as_of=day)
    assert {k: getattr(v, k) for k in _counts(sample, day)} == _counts(sample, day)
    d = pd.Timestamp(day)
    log = sample.time_log[sample.time_log["date"] <= d]
    month = log[log["date"] >= d.replace(day=1)]
    assert v.hours_this_month == pytest.approx(month["hours"].sum())
    start = max(d.replace(day=1), sample.people["start"].iloc[0])
    days_in = (d - start).days + 1
    assert v.capacity_this_month == pytest.approx(6 * days_in / 7)  # the sample plans 6 h/week
    if len(log):
        assert v.days_since_last_log == (d - log["date"].max()).days
    else:
        assert np.isnan(v.days_since_last_log)
    assert v.as_of == d


def test_person_view_finish_is_the_forecast_with_its_one_default_window(sample, view):
    f = metrics.forecast(sample, as_of=DAY)  # no window given: the forecast's own default
    person = f[f["level"] == "person"].iloc[0]
    assert pd.notna(person["p85"])
    assert (view.finish_p50, view.finish_p85, view.finish_p95) == (
        person["p50"],
        person["p85"],
        person["p95"],
    )
    assert view.forecast_window == person["weeks"]
    assert view.finish_text == f"all done by {person['p85']:%Y-%m-%d} (85% likely)"
    # the numbers of metrics.summary (its default: the same forecast) are the view's
    s = metrics.summary(sample, as_of=DAY).iloc[0]
    assert s["forecast_p85"] == view.finish_p85 and s["gap"] == view.gap


def test_person_view_gap_is_the_cohort_kpi_and_the_role_the_gap_follows(sample, view):
    k = metrics.cohort_summary(sample, as_of=DAY).iloc[0]
    assert view.gap == k["gap_now"]
    assert (view.gap_max, view.gap_coverage) == (k["gap_max"], k["gap_coverage"])
    # the gap role: the first target role by priority that has requirements (the sample's
    # priority-1 role is an O*NET occupation, which always has requirements)
    first = sample.target_roles.sort_values("priority").iloc[0]
    assert (view.gap_role_id, view.gap_role) == (first["role_id"], first["title"])
    covered = round(100 * k["gap_coverage"])
    assert view.gap_text == (
        f"gap to {first['title']}: {k['gap_now']:.2f} of {k['gap_max']:.2f}, "
        f"{covered}% of it assessed"
    )


def test_person_view_without_a_forecast_says_why(sample):
    v = views.person_view(sample, as_of="2026-11-15")
    f = metrics.forecast(sample, as_of="2026-11-15")
    reason = f.loc[f["level"] == "person", "reason"].iloc[0]
    if pd.isna(f.loc[f["level"] == "person", "p85"].iloc[0]):
        assert v.finish_text == f"no finish date yet: {reason}"
        assert v.headline()["all done by (85% likely)"] == "—"
    else:
        assert v.finish_text.startswith("all done by ")


def test_person_view_takes_one_person(cohort):
    with pytest.raises(careermap.errors.InvalidArgumentError, match="takes one person's map"):
        views.person_view(cohort, as_of=DAY)


def test_cohort_view_medians_and_attention_match_plain_pandas(cohort):
    v = views.cohort_view(cohort, as_of="2026-11-15")
    k = metrics.cohort_summary(cohort, as_of="2026-11-15")
    for col in ("progress_pct", "hours_per_week_4w", "days_since_last_log", "on_time_rate"):
        assert v.medians[col] == pytest.approx(k[col].astype("float64").median())
    flagged = k[k["needs_attention"]]
    assert set(v.attention["person_id"]) == set(flagged["person_id"])
    n = v.attention["reasons"].map(len).to_numpy()
    assert (np.diff(n) <= 0).all()  # most reasons first
    assert v.headline == f"{len(flagged)} of {len(k)} people need attention as of 2026-11-15"
    for group, rows in k.groupby("group"):
        row = v.group_medians.set_index("group").loc[group]
        assert row["people"] == len(rows)
        assert row["progress_pct"] == pytest.approx(rows["progress_pct"].median())


def test_cohort_view_reflagged_is_the_view_with_other_thresholds(cohort):
    v = views.cohort_view(cohort, as_of="2026-11-15")
    strict = v.reflagged({"inactive_days": 90})
    fresh = views.cohort_view(cohort, as_of="2026-11-15", thresholds={"inactive_days": 90})
    assert strict.headline == fresh.headline
    assert strict.kpis["flag_inactive"].tolist() == fresh.kpis["flag_inactive"].tolist()


# -- every page against the view ------------------------------------------------------------


def _cards(page: str) -> dict[str, str]:
    found = re.findall(r'<div class="v">(.*?)</div><div class="k">(.*?)</div>', page)
    return {html.unescape(k): html.unescape(v) for v, k in found}


def _figure_p85(fig) -> str | None:
    """The P85 date a burndown figure draws (its P85 line's end), None without a fan."""
    for trace in fig.data:
        if trace.name == "forecast P85":
            return str(trace.x[1])
    return None


def test_the_report_shows_the_view(sample, view):
    page = build_report(sample, as_of=DAY, names=True)
    assert _cards(page) == view.headline()
    assert f"{view.finish_p85:%Y-%m-%d}" in _cards(page).values()
    # the burndown's P85 line ends on that day
    drawn = re.findall(r'"name":"forecast P85","x":\["[^"]*","([^"]*)"\]', page)
    assert drawn == [f"{view.finish_p85:%Y-%m-%d}"]


def test_the_cli_report_shows_the_view(sample, view, tmp_path, capsys):
    out = tmp_path / "report.html"
    code = main(["report", str(careermap.sample_path()), "--out", str(out), "--as-of", DAY])
    assert code == 0
    cards = _cards(out.read_text(encoding="utf-8"))
    assert cards["all done by (85% likely)"] == f"{view.finish_p85:%Y-%m-%d}"
    assert cards[f"skill gap to {view.gap_role}"] == view.gap_words


def _notebook_outputs(cell) -> list[str]:
    found = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            found.append("".join(o["text"]))
        elif "text/plain" in o.get("data", {}):
            found.append("".join(o["data"]["text/plain"]))
    return found


def _cell(nb, starts: str):
    hits = [c for c in nb["cells"] if "".join(c["source"]).startswith(starts)]
    assert len(hits) == 1, starts
    return hits[0]


def test_notebook_02_summary_and_chart_show_the_view(sample):
    """The committed notebook (nbval re-runs it and compares these outputs) was run on the
    sample on the notebooks' day; its summary text, headline table and burndown agree."""
    nb = json.loads((ROOT / "notebooks" / "02-my-progress.ipynb").read_text(encoding="utf-8"))
    v = views.person_view(sample, as_of="2026-11-15")
    printed = _notebook_outputs(_cell(nb, "print(view.finish_text)"))
    assert printed == [f"{v.finish_text}\n{v.gap_text}\n"]
    table = _notebook_outputs(_cell(nb, "view = views.person_view("))[0]
    for label, value in v.headline().items():
        assert re.search(rf"{re.escape(label)}\s+{re.escape(value)}\n", table + "\n"), label
    chart = _cell(nb, "burndown, forecast = view.burndown, view.forecast")
    fig = [o for o in chart["outputs"] if "application/vnd.plotly.v1+json" in o.get("data", {})]
    data = fig[0]["data"]["application/vnd.plotly.v1+json"]
    p85 = [t["x"][1] for t in data["data"] if t.get("name") == "forecast P85"]
    notes = [a.get("text", "") for a in data["layout"].get("annotations", [])]
    if pd.isna(v.finish_p85):
        assert p85 == [] and f"forecast: {v.forecast_reason}" in notes
    else:
        assert p85 == [f"{v.finish_p85:%Y-%m-%d}"]


def test_notebook_02_and_05_pass_no_forecast_window_of_their_own():
    """No page passes a window of its own (``weeks=``) to the forecast or the summary."""
    sources = {
        path.name: path.read_text(encoding="utf-8")
        for path in [
            *(ROOT / "notebooks").glob("0[25]-*.ipynb"),
            ROOT / "careermap" / "report.py",
            ROOT / "careermap" / "cli" / "_export.py",
            ROOT / "careermap" / "cli" / "_report.py",
            *(ROOT / "careermap" / "widgets").glob("*.py"),
            *(ROOT / "careermap" / "dashboard").glob("*"),
            *(ROOT / "careermap" / "views").glob("*.py"),
        ]
        if path.is_file()
    }
    # (saying the window in words, "last {metrics.FORECAST_WEEKS} weeks", is not passing one)
    own = re.compile(
        r"forecast\([^)]*\bweeks\s*=|forecast_weeks\s*=|weeks\s*=\s*(?:metrics\.)?FORECAST_WEEKS"
    )
    assert {name: own.findall(text) for name, text in sources.items() if own.search(text)} == {}


def test_the_coach_dashboard_shows_the_view(cohort):
    from careermap.widgets import coach_dashboard

    board = coach_dashboard(careermap.cohort_path(), as_of=DAY)
    shared = privacy.shareable_map(cohort)
    assert board.headline_text == views.cohort_view(shared, as_of=DAY).headline
    pid = "p002-yuki-zhou"
    board.person.value = pid
    v = views.person_view(shared.person(pid), as_of=DAY)
    assert html.escape(v.finish_text) in board.person_status.value
    assert html.escape(v.gap_text) in board.person_status.value
    assert _figure_p85(board.burndown_chart.figure) == (
        None if pd.isna(v.finish_p85) else f"{v.finish_p85:%Y-%m-%d}"
    )


def _export(tmp_path: Path, day: str) -> pd.DataFrame:
    out = tmp_path / "kpis.csv"
    code = main(["export", str(careermap.cohort_path()), "--out", str(out), "--as-of", day,
                 "--names"])  # fmt: skip
    assert code == 0
    return pd.read_csv(out, encoding="utf-8-sig", dtype={"projected finish": "str"})


def test_export_shows_the_views_gap_and_who_needs_attention(cohort, tmp_path, capsys):
    table = _export(tmp_path, DAY).set_index("person id")
    cv = views.cohort_view(cohort, as_of=DAY)
    assert set(table.index[table["needs attention"] == "yes"]) == set(cv.attention["person_id"])
    for pid in ("p002-yuki-zhou", "p003-kofi-rossi", "p010-zanele-muller"):
        v = views.person_view(cohort.person(pid), as_of=DAY)
        shown = table.loc[pid, "skill gap (weighted)"]
        assert shown == pytest.approx(round(v.gap, 2)), pid


def test_export_shows_the_views_finish_date(cohort, tmp_path, capsys):
    table = _export(tmp_path, DAY).set_index("person id")
    for pid in ("p002-yuki-zhou", "p003-kofi-rossi", "p010-zanele-muller"):
        v = views.person_view(cohort.person(pid), as_of=DAY)
        shown = table.loc[pid, "projected finish"]
        expected = "" if pd.isna(v.finish_p85) else f"{v.finish_p85:%Y-%m-%d}"
        assert ("" if pd.isna(shown) else shown) == expected, pid


def test_careermap_summary_prints_the_view(sample, view, cohort, capsys):
    code = main(["summary", str(careermap.sample_path()), "--as-of", DAY, "--names"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == f"{view.name}, as of {DAY}: {view.finish_text}"
    assert out[1:] == [f"  {label}: {value}" for label, value in view.headline().items()]

    code = main(["summary", str(careermap.cohort_path()), "--as-of", DAY])
    out = capsys.readouterr().out.splitlines()
    cv = views.cohort_view(privacy.shareable_map(cohort), as_of=DAY)
    assert code == 0 and out[0] == cv.headline
    flagged = [line.split(": ", 1)[0].strip() for line in out[2:]]
    assert sorted(flagged) == sorted(cv.attention["name"])  # pseudonyms, everyone flagged


def test_careermap_summary_of_a_missing_folder_says_so(tmp_path, capsys):
    assert main(["summary", str(tmp_path / "nobody")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_notebook_05_shows_the_cohort_view():
    """The committed notebook 05 (run on the demo cohort on the notebooks' day) prints the
    cohort view's headline."""
    nb = json.loads((ROOT / "notebooks" / "05-cohort.ipynb").read_text(encoding="utf-8"))
    m = careermap.load(careermap.cohort_path(), on_error="skip")
    v = views.cohort_view(privacy.shareable_map(m), as_of="2026-11-15")
    printed = _notebook_outputs(_cell(nb, "cohort = views.cohort_view("))[0]
    assert printed.splitlines()[0] == v.headline
