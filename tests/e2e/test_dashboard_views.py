"""``careermap dashboard`` on 1,000 people in Chromium: the views that scale, as a coach sees them.

The dashboard is started as ``careermap dashboard COHORT`` starts it (the helpers of
``test_dashboard.py``) on a generated 1,000-person cohort. The page is checked for what makes
it readable at that size (one bar per reason, group, skill and category; 25 table rows a
page; a Role menu that names the role it shows), each interaction is timed in the browser
(from the change to the page showing its result; printed), and the screenshots of
docs/cohort.md are taken of the dashboard's tabs (not of the folder field, which holds this
machine's path). Every wait is on the page's state, never a fixed sleep.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e._servers import Server, stop_keeping_log
from e2e.test_dashboard import IMAGES, Visit, start_dashboard
from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.e2e

PEOPLE = 1000
_TAB = ".lm-TabBar-tab, .p-TabBar-tab"
_PANEL = ".widget-tab"


@pytest.fixture(scope="module")
def thousand_server(tmp_path_factory, artifacts: Path, thousand_folder: Path) -> Iterator[Server]:
    # the run's generated 1,000-person cohort (tests/conftest.py); the page's kernel starts
    # when the page opens (Visit waits for usable controls)
    root = tmp_path_factory.mktemp("dash1000")
    server = start_dashboard(thousand_folder, root / "home")
    try:
        yield server
    finally:
        stop_keeping_log(server, artifacts / "dashboard-1000")


@pytest.fixture(scope="module")
def visit(browser: Browser, thousand_server: Server) -> Iterator[Visit]:
    v = Visit(browser, thousand_server)
    print(f"controls usable {v.seconds:.1f}s after the page opened")
    yield v
    v.close()


def _plots_with_data(page: Page) -> int:
    return page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter((p) => p.data && p.data.length > 0 && p.offsetParent !== null).length"
    )


def _open_tab(page: Page, title: str) -> None:
    page.locator(_TAB, has_text=title).first.click()


def _panel(page: Page) -> Locator:
    return page.locator(_PANEL).first


# the visible charts of the open tab, each drawn (its SVG is on the page) with data
_DRAWN_JS = """
(n) => [...document.querySelectorAll('.widget-tab .js-plotly-plot')]
  .filter((p) => p.offsetParent !== null && p.data && p.data.length > 0
    && p._fullLayout && p.querySelector('svg.main-svg')).length >= n
"""


def _shoot(page: Page, name: str) -> None:
    """The open tab's content (not the folder field above it, which holds this machine's
    path), as tall as it is."""
    shown = page.locator(".widget-tab-contents > :not(.lm-mod-hidden)")
    (shown.first if shown.count() else _panel(page)).screenshot(path=str(IMAGES / name))


def _timed(label: str, action, wait) -> float:
    start = time.monotonic()
    action()
    wait()
    seconds = time.monotonic() - start
    print(f"{label}: {seconds:.2f}s in the browser at {PEOPLE:,} people")
    return seconds


def test_at_a_glance_first_with_counts_and_distributions(visit: Visit):
    page = visit.page
    headline = page.locator("h3", has_text="need attention as of").inner_text()
    assert headline.split(" need attention")[0].endswith(f"of {PEOPLE} people")
    # the first tab was drawn before the page opened: a tab switch lays it out again
    _open_tab(page, "Needs attention")
    _open_tab(page, "At a glance")
    page.wait_for_function(_DRAWN_JS, arg=2, timeout=120_000)
    counts = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map((p) => p.data.length)"
    )
    assert counts[0] <= 3  # reasons, then groups: one bar each, not one per person
    _shoot(page, "dashboard-1000-glance.png")
    slider = page.locator(".widget-slider", has_text="Inactive after (days)").locator(
        ".noUi-handle"
    )

    def moved() -> None:  # the inactivity line of the distributions at the slider's 120 days
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].some((p) => p.layout"
            " && (p.layout.shapes || []).some((s) => s.x0 === 120))"
        )

    def press() -> None:
        slider.focus()
        page.keyboard.press("End")

    _timed("threshold to its line moved", press, moved)
    assert visit.console.page_errors == [], visit.console.tail()


def test_the_table_shows_one_page_and_searches_in_the_kernel(visit: Visit):
    page = visit.page
    _timed(
        "tab: needs attention",
        lambda: _open_tab(page, "Needs attention"),
        lambda: page.locator("table.cm-table tbody tr").first.wait_for(),
    )
    rows = page.locator("table.cm-table tbody tr")
    assert rows.count() == 25
    assert "page 1 of" in _panel(page).inner_text()
    _shoot(page, "dashboard-1000-table.png")
    first = rows.first.locator("td").first.inner_text()
    box = page.get_by_placeholder("search people, groups, reasons")
    _timed(
        "search for one person",
        lambda: box.fill(first),
        lambda: page.get_by_text("search matched").wait_for(),
    )
    assert first in page.locator("table.cm-table tbody tr").first.inner_text()
    box.fill("")
    page.get_by_text("search matched").wait_for(state="detached")


def test_skill_gaps_per_skill_with_a_named_role(visit: Visit):
    page = visit.page
    _timed(
        "tab: skill gaps (first open: the whole cohort's gaps to the role)",
        lambda: _open_tab(page, "Skill gaps"),
        lambda: page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].some((p) => p.offsetParent"
            " !== null && p.data && p.data.length && p.data[0].type === 'bar')",
            timeout=180_000,
        ),
    )
    role = page.get_by_label("Role", exact=True)
    shown = role.evaluate("(s) => s.selectedIndex >= 0 ? s.options[s.selectedIndex].text : ''")
    assert shown and not shown[:2].isdigit(), shown  # a title, never a blank or a code
    bars = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].filter((p) => p.offsetParent"
        " !== null && p.data && p.data.length && p.data[0].type === 'bar')[0].data[0].y.length"
    )
    assert bars <= 15
    page.wait_for_function(_DRAWN_JS, arg=2, timeout=120_000)  # the bars and the detail
    _shoot(page, "dashboard-1000-skills.png")


def test_time_mix_is_a_spread(visit: Visit):
    page = visit.page
    _timed(
        "tab: time mix (first open: the whole cohort's hours)",
        lambda: _open_tab(page, "Time mix"),
        lambda: page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].some((p) => p.offsetParent"
            " !== null && p.data && p.data.length && p.data[0].type === 'box'"
            " && /Time mix/.test(p.layout.title.text))",
            timeout=120_000,
        ),
    )
    page.wait_for_function(_DRAWN_JS, arg=1)
    _shoot(page, "dashboard-1000-time-mix.png")
    assert visit.console.page_errors == [], visit.console.tail()
