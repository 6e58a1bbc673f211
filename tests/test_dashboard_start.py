"""How ``careermap dashboard`` starts (no Voila here; tests/e2e/test_dashboard_start.py
starts it in a browser): one kernel per page loads the cohort once, from the cache that
``serve`` fills beside the server's start, and the folder field shows what was typed."""

from __future__ import annotations

import io
import sys
import threading
from pathlib import Path

import pytest

import careermap
from careermap import dashboard
from careermap.dashboard import (
    ENV_COHORT,
    ENV_SHOWN,
    ENV_WHERE,
    READY,
    app,
    voila_command,
)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """What the kernel writes to the terminal running ``careermap dashboard``."""
    out = io.StringIO()
    monkeypatch.setattr(sys, "__stderr__", out)
    return out


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The environment voila_command gives the kernels, for the bundled demo typed as
    ``cohort`` from its parent folder, in this process."""
    monkeypatch.chdir(tmp_path)  # app() changes folder: put it back afterwards
    monkeypatch.setenv("CAREERMAP_CACHE_DIR", str(tmp_path / "cache"))
    work = tmp_path / "work"
    work.mkdir()
    where = careermap.cohort_path().parent
    _, env = voila_command("cohort", workdir=work, as_of="2026-11-15", where=where)
    for key, value in env.items():
        if key != "JUPYTER_PATH":
            monkeypatch.setenv(key, value)
    return env


def test_the_field_shows_the_folder_as_typed(tmp_path, monkeypatch):
    cohort = careermap.cohort_path()
    for sub in "abc":
        (tmp_path / sub).mkdir()
    _, env = voila_command("cohort", workdir=tmp_path / "a", where=cohort.parent)
    assert (env[ENV_SHOWN], env[ENV_COHORT]) == ("cohort", str(cohort.resolve()))
    assert env[ENV_WHERE] == str(cohort.parent.resolve())
    monkeypatch.chdir(cohort.parent.parent)
    _, env = voila_command("data/cohort", workdir=tmp_path / "b")
    assert (env[ENV_SHOWN], env[ENV_COHORT]) == ("data/cohort", str(cohort.resolve()))
    monkeypatch.setenv("HOME", str(cohort.parent))
    _, env = voila_command(str(cohort), workdir=tmp_path / "c")
    assert env[ENV_SHOWN] == "~/cohort"  # the home folder is not shown


def test_one_kernel_per_page_whatever_voila_json_says(tmp_path):
    argv, _ = voila_command(None, workdir=tmp_path)
    assert "--VoilaConfiguration.preheat_kernel=False" in argv
    assert "--VoilaConfiguration.progressive_rendering=False" in argv


def test_each_page_loads_once_and_the_next_start_reads_the_cache(served, terminal):
    board = app()
    assert board.headline_text == "14 of 30 people need attention as of 2026-11-15"
    assert board.folder.value == "cohort"  # as typed, not this machine's path
    said = [line for line in terminal.getvalue().splitlines() if READY in line]
    assert len(said) == 1 and "imports" in said[0] and "(cached)" not in said[0]
    board = app()  # the next page, or the next start on the same files
    assert board.headline_text == "14 of 30 people need attention as of 2026-11-15"
    said = [line for line in terminal.getvalue().splitlines() if READY in line]
    assert len(said) == 2 and "(cached)" in said[1]


def test_the_kernel_waits_for_the_cache_being_filled(served, terminal):
    """While serve() loads the cohort into the cache, the page's kernel waits for it
    instead of reading every file a second time beside it."""
    marker = Path(served["CAREERMAP_DASHBOARD_WORK"]) / dashboard._WARMING
    marker.touch()
    from careermap.io import load_cached

    def fill() -> None:
        load_cached(careermap.cohort_path())
        marker.unlink()

    filler = threading.Thread(target=fill)
    filler.start()
    board = app()
    filler.join()
    assert not marker.exists()
    assert board.headline_text.startswith("14 of 30 people")
    assert "(cached)" in terminal.getvalue()


def test_serve_fills_the_cache_beside_the_server(served, monkeypatch):
    """serve() runs the command it is given and meanwhile loads the cohort into the cache;
    a cohort that does not load is left to the page to report."""
    from careermap.io import load_cached

    argv = [sys.executable, "-c", "import time; time.sleep(0.2)"]
    assert dashboard.serve(argv, served) == 0
    assert not (Path(served["CAREERMAP_DASHBOARD_WORK"]) / dashboard._WARMING).exists()
    assert load_cached(careermap.cohort_path())[1]  # a hit: serve() put it there
    broken = {**served, ENV_COHORT: str(Path(served[ENV_WHERE]) / "nowhere")}
    assert dashboard.serve([sys.executable, "-c", "raise SystemExit(3)"], broken) == 3


def test_without_a_cohort_the_dashboard_opens_the_demo_ending_today(tmp_path, monkeypatch):
    """`careermap dashboard` alone opens the demo dated to today (written once a day into
    the cache); on the day the tests pin it is the bundled demo, byte for byte."""
    import filecmp

    from careermap.cli import main

    monkeypatch.setenv("CAREERMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CAREERMAP_TODAY", "2026-11-15")
    served: list[dict[str, str]] = []
    monkeypatch.setattr(dashboard, "serve", lambda argv, env: served.append(env) or 0)
    assert main(["dashboard", "--no-browser"]) == 0
    folder = Path(served[0][ENV_COHORT])
    assert folder == (tmp_path / "cache" / "demo" / "2026-11-15" / "cohort").resolve()
    bundled = careermap.cohort_path()
    names = sorted(str(p.relative_to(bundled)) for p in bundled.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert filecmp.cmpfiles(bundled, folder, names, shallow=False)[1:] == ([], [])

    monkeypatch.setenv("CAREERMAP_TODAY", "2027-02-01")  # another day: another demo
    assert main(["dashboard", "--no-browser"]) == 0
    later = Path(served[1][ENV_COHORT])
    assert later.parent.name == "2027-02-01"
    logs = [f.read_text() for f in later.glob("*/time_log.csv")]
    assert max(line[:10] for text in logs for line in text.splitlines()[1:]) <= "2027-02-01"
    assert any("2027-01-2" in text for text in logs)  # people logged last week
