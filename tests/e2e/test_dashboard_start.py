"""``careermap dashboard COHORT --no-browser``, typed at the repository root and in another
folder, for 30 and 1,000 people, timed from the command to the headline in Chromium.

Each test runs the command a coach types (``python -m careermap dashboard ...``, which
starts Voila itself) in its own process group, with isolated Jupyter folders and the
session's careermap cache (so the second start on a cohort reads it from the cache, as a
coach's second start does). The page is asked for as soon as the port answers; it must show
Voila's progress first (not a blank page), then the headline. The seconds from the command to
the headline are printed and added to ``dashboard-start.txt`` in the session's temporary
folder; they are a record, not an assertion (``benchmarks/bench_dashboard.py`` compares them
with a bare Voila page). Checked: one kernel loaded the cohort, once; the "Cohort folder"
field shows the folder as typed; the headline counts everyone.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from e2e._notebooks import ROOT
from e2e._pages import VIEWPORT, ConsoleLog
from e2e._servers import Server, free_port, isolated_env, started, stop_keeping_log
from playwright.sync_api import Browser

import careermap
from careermap.dashboard import READY

pytestmark = pytest.mark.e2e

HEADLINE = re.compile(r"(\d+) of (\d+) people need attention as of 2026-11-15")
START_TIMEOUT_MS = 300_000


def start_command(cohort: str, where: Path, home: Path) -> tuple[Server, float]:
    """``careermap dashboard COHORT --no-browser --port P`` typed in ``where``; the server
    once its port answers, and the ``time.monotonic()`` the command was run at."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = home / "dashboard.log"
    argv = [sys.executable, "-m", "careermap", "dashboard", cohort, "--no-browser"]
    ran = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*argv, f"--port={port}"],
            cwd=where,
            env=isolated_env(home),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return started(Server("voila", f"http://127.0.0.1:{port}", "", home, process, log_path)), ran


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "dashboard-start.txt"


@pytest.mark.parametrize("people", [30, 1000])
@pytest.mark.parametrize("typed_in", ["repository root", "another folder"])
def test_the_command_opens_the_dashboard(
    request, browser: Browser, tmp_path: Path, artifacts: Path, results: Path, people, typed_in
):
    folder = careermap.cohort_path() if people == 30 else request.getfixturevalue("cohort_1000")
    if typed_in == "repository root":
        where = ROOT  # with the root's voila.json (progressive rendering, for notebook 05)
        typed = str(folder.relative_to(ROOT)) if folder.is_relative_to(ROOT) else str(folder)
    else:
        where = tmp_path / "elsewhere"
        where.mkdir()
        (where / "voila.json").write_text('{"VoilaConfiguration": {"show_tracebacks": true}}')
        typed = str(folder)
    server, ran = start_command(typed, where, tmp_path / "home")
    context = browser.new_context(viewport=VIEWPORT)
    try:
        answered = time.monotonic() - ran
        page = context.new_page()
        console = ConsoleLog(page)
        page.goto(server.url + "/", wait_until="commit", timeout=START_TIMEOUT_MS)
        # a page opened early shows Voila's progress while its kernel starts and computes
        page.locator("#loading").wait_for(state="visible", timeout=START_TIMEOUT_MS)
        progress = time.monotonic() - ran
        headline = page.get_by_text(HEADLINE).first
        headline.wait_for(state="visible", timeout=START_TIMEOUT_MS)
        shown = time.monotonic() - ran
        line = (
            f"{people} people, command typed in: {typed_in}; port answered {answered:.1f} s, "
            f"progress shown {progress:.1f} s, headline {shown:.1f} s after the command"
        )
        print(f"\n{line}")
        with results.open("a", encoding="utf-8") as f:
            f.write(line + "\n")

        flagged, everyone = HEADLINE.search(headline.inner_text()).groups()
        assert int(everyone) == people and 0 < int(flagged) < people
        assert page.get_by_label("Cohort folder").input_value() == typed
        log = server.log()
        assert "incompatible" not in log
        said = [x for x in log.splitlines() if READY in x]
        assert len(said) == 1, log[-4000:]  # one kernel loaded the cohort, once
        assert console.page_errors == [], console.tail()
    finally:
        context.close()
        stop_keeping_log(server, artifacts / f"dashboard-start-{people}-{typed_in.split()[0]}")
