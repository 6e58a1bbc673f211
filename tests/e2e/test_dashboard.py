"""``careermap dashboard`` in Chromium, the way a coach uses it.

The server is started with the command the CLI runs (:func:`careermap.dashboard.voila_command`)
in isolated Jupyter folders. The tests open the page, measure how long the first controls
take to be usable (printed; the page starts its own kernel, as every page does: the time from
the command a coach types is measured by test_dashboard_start.py), check that every request
goes to this computer and that no uncaught JavaScript error happens, then change the date, a
threshold and the group, sort the table, drill into a person and download both files, whose
contents are checked against ``metrics.cohort_summary`` computed here. Screenshots go to
``docs/images/`` (used by docs/cohort.md).
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import openpyxl
import pandas as pd
import pytest
from e2e._notebooks import ROOT
from e2e._pages import VIEWPORT, ConsoleLog
from e2e._servers import Server, free_port, isolated_env, started, stop_keeping_log
from playwright.sync_api import Browser, Page

import careermap
from careermap.dashboard import voila_command
from careermap.metrics import cohort_summary, reflag
from careermap.share.privacy import pseudonym

pytestmark = pytest.mark.e2e

AS_OF = "2026-11-15"
IMAGES = ROOT / "docs" / "images"
USABLE_TIMEOUT_MS = 300_000
# the first controls are usable: the folder field and the date picker are on the page, the
# attention list is drawn and the headline says how many need attention
_USABLE_JS = """
() => !!document.querySelector('input[type=date]')
  && !!document.querySelector('table.cm-table, .cm-table + p, h3')
  && [...document.querySelectorAll('h3')].some((h) => /need attention as of/.test(h.textContent))
"""


def start_dashboard(cohort: Path, home: Path) -> Server:
    """Voila on the dashboard, exactly as ``careermap dashboard COHORT --as-of`` starts it."""
    home.mkdir(parents=True, exist_ok=True)
    work = home / "work"
    work.mkdir()
    port = free_port()
    # typed from the folder that holds it, as a coach types `careermap dashboard cohort`:
    # the "Cohort folder" field (and so the screenshots) shows "cohort", not this machine's path
    argv, extra = voila_command(
        cohort.name, port=port, as_of=AS_OF, workdir=work, where=cohort.parent
    )
    env = {**isolated_env(home), **extra}
    log_path = home / "voila.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            argv,
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return started(Server("voila", f"http://127.0.0.1:{port}", "", home, process, log_path))


class Visit:
    """A page on the dashboard, with its outside requests and console recorded."""

    def __init__(self, browser: Browser, server: Server) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        self.context.set_default_timeout(60_000)
        self.page: Page = self.context.new_page()
        self.console = ConsoleLog(self.page)
        self.outside: list[str] = []
        self.page.route("**/*", self._route)
        start = time.monotonic()
        self.page.goto(server.url + "/", wait_until="commit")
        self.page.wait_for_function(_USABLE_JS, timeout=USABLE_TIMEOUT_MS, polling=100)
        self.seconds = time.monotonic() - start

    def _route(self, route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def headline(self) -> str:
        return self.page.locator("h3", has_text="need attention as of").inner_text()

    def table_people(self) -> list[str]:
        return self.page.locator("table.cm-table tbody tr td:first-child").all_inner_texts()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.context.close()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, artifacts: Path) -> Iterator[Server]:
    server = start_dashboard(careermap.cohort_path(), tmp_path_factory.mktemp("dash30"))
    try:
        yield server
    finally:
        stop_keeping_log(server, artifacts / "dashboard-30")


@pytest.fixture(scope="module")
def visit(browser: Browser, demo_server) -> Iterator[Visit]:
    v = Visit(browser, demo_server)
    print(f"\ndashboard, 30 people: controls usable {v.seconds:.1f}s after the page opened")
    yield v
    v.close()


def _flagged_labels(frame: pd.DataFrame) -> set[str]:
    return {pseudonym(p) for p in frame.loc[frame["needs_attention"], "person_id"]}


def test_opens_clean_on_the_demo(visit: Visit, summary):
    flagged = _flagged_labels(summary)
    assert visit.headline() == f"{len(flagged)} of 30 people need attention as of {AS_OF}"
    assert set(visit.table_people()) == flagged
    text = visit.page.locator("body").inner_text()
    for tutorial in ("import careermap", "Time to learn", "<CareerMap", "progress_pct"):
        assert tutorial not in text
    assert "2 warnings while loading" in text
    IMAGES.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=str(IMAGES / "dashboard.png"))
    assert visit.outside == []
    assert visit.console.page_errors == [], visit.console.tail()


def test_sort_by_clicking_a_heading(visit: Visit):
    visit.page.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text="Needs attention").click()
    header = visit.page.locator("table.cm-table th", has_text="days since last log")
    header.click()
    column = visit.page.locator("table.cm-table th").all_inner_texts().index(header.inner_text())
    keys = visit.page.locator(f"table.cm-table tbody tr td:nth-child({column + 1})").evaluate_all(
        "(cells) => cells.map((c) => c.dataset.sort)"
    )
    numbers = [float(k) for k in keys if k]
    assert numbers == sorted(numbers) and len(numbers) >= 5
    header.click()
    keys = visit.page.locator(f"table.cm-table tbody tr td:nth-child({column + 1})").evaluate_all(
        "(cells) => cells.map((c) => c.dataset.sort)"
    )
    assert [float(k) for k in keys if k] == sorted(numbers, reverse=True)


def test_change_date_threshold_and_group(visit: Visit, cohort):
    page = visit.page
    m = cohort
    page.locator("input[type=date]").fill("2026-06-01")
    page.locator("input[type=date]").dispatch_event("change")
    page.wait_for_function(
        "() => [...document.querySelectorAll('h3')].some((h) => /as of 2026-06-01/.test(h.textContent))"
    )
    june = cohort_summary(m, as_of="2026-06-01")
    assert visit.headline().startswith(f"{int(june['needs_attention'].sum())} of 30 people")
    assert set(visit.table_people()) == _flagged_labels(june)

    slider = page.locator(".widget-slider", has_text="Inactive after (days)").locator(
        ".noUi-handle"
    )
    slider.focus()
    page.keyboard.press("End")  # the slider's maximum: 120 days
    expected = reflag(june, {"inactive_days": 120})
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('h3')].some((h) => h.textContent.startsWith(n + ' of 30'))",
        arg=str(int(expected["needs_attention"].sum())),
    )
    assert set(visit.table_people()) == _flagged_labels(expected)

    page.get_by_label("Group", exact=True).select_option("design")
    page.wait_for_function(
        "() => [...document.querySelectorAll('h3')].some((h) => /in group design/.test(h.textContent))"
    )
    design = expected[expected["group"] == "design"]
    assert visit.headline().startswith(f"{int(design['needs_attention'].sum())} of 9 people")
    assert set(visit.table_people()) == _flagged_labels(design)
    page.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text="At a glance").click()
    page.locator(".js-plotly-plot").first.wait_for()
    page.screenshot(path=str(IMAGES / "dashboard-distributions.png"), full_page=True)


def test_drill_into_a_person(visit: Visit):
    page = visit.page
    page.locator(".lm-TabBar-tab, .p-TabBar-tab", has_text="Person").click()
    select = page.get_by_label("Person", exact=True)
    option = select.locator("option").nth(1)
    label = option.inner_text()
    before = page.locator(".js-plotly-plot").count()
    select.select_option(option.get_attribute("value"))
    # roadmap, burndown, time and skill-gap charts, each drawn with data
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter((p) => p.data && p.data.length > 0).length >= n",
        arg=before + 4,
        timeout=90_000,
    )
    assert label in page.locator("body").inner_text()
    page.screenshot(path=str(IMAGES / "dashboard-person.png"), full_page=True)
    assert visit.console.page_errors == [], visit.console.tail()


def test_downloads_hold_the_group_shown(visit: Visit, tmp_path, cohort):
    page = visit.page
    m = cohort
    design = reflag(cohort_summary(m, as_of="2026-06-01"), {"inactive_days": 120})
    design = design[design["group"] == "design"]
    with page.expect_download() as got:
        page.get_by_text("Download table (CSV)").click()
    csv = got.value.path().read_bytes()
    table = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    with page.expect_download() as got:
        page.get_by_text("Download table (Excel)").click()
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    book = openpyxl.load_workbook(saved)
    rows = list(book.active.iter_rows(values_only=True))
    xlsx = pd.DataFrame(rows[1:], columns=rows[0])
    for frame in (table, xlsx):
        assert set(frame["person"]) == {pseudonym(p) for p in design["person_id"]}
        by_label = design.assign(label=design["person_id"].map(pseudonym)).set_index("label")
        for _, row in frame.iterrows():
            assert row["days since last log"] == by_label.loc[row["person"], "days_since_last_log"]
            assert (row["needs attention"] == "yes") == by_label.loc[
                row["person"], "needs_attention"
            ]


def test_a_thousand_people_open(browser: Browser, thousand_folder, tmp_path_factory, artifacts):
    # the run's generated 1,000-person cohort (tests/conftest.py), shared with the Spark test
    server = start_dashboard(thousand_folder, tmp_path_factory.mktemp("dash1000"))
    try:
        v = Visit(browser, server)
        print(f"\ndashboard, 1,000 people: controls usable {v.seconds:.1f}s after the page opened")
        try:
            assert "of 1000 people need attention" in v.headline()
            assert v.outside == []
            assert v.console.page_errors == [], v.console.tail()
        finally:
            v.close()
    finally:
        stop_keeping_log(server, artifacts / "dashboard-1000")
