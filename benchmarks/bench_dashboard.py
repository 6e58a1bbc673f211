"""How long ``careermap dashboard`` takes to start, from the command to the headline in a
browser, against a bare Voila page with one slider started the same way, in one run.

    .venv/bin/python benchmarks/bench_dashboard.py                # 30 and 1,000 people
    .venv/bin/python benchmarks/bench_dashboard.py --people 30    # quicker

Each start runs the command a person types, in a fresh process group, from a temporary
folder: ``careermap dashboard COHORT --no-browser --port P`` for the dashboard, ``voila
slider.ipynb --no-browser --port P`` for the floor (one cell: an ``ipywidgets.IntSlider``).
Headless Chromium (``/usr/bin/chromium``) asks for the page as soon as the port answers, as a
coach who opens the address at once does; the clock stops when the headline "N of M people
need attention" (the floor: the slider) is visible. Printed for each: when the port
answered, when the headline showed, and what the kernel said it spent (its ``ready`` line:
imports, load, compute).

The 30-person cohort is the bundled demo; the 1,000-person one is written by ``careermap
demo --people 1000`` first. Each cohort starts twice: once with an empty cache (the first
start ever on those files) and once more (every later start: the cohort is read from the
cache). The floor runs before each pair and after the last, and the ratios use the median
floor. Targets (issue 23), on the later start: <= 2 x the floor for 30 people, <= 3 x for
1,000.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = os.environ.get("CAREERMAP_CHROMIUM", "/usr/bin/chromium")
TARGETS = {30: 2.0, 1000: 3.0}
HEADLINE = re.compile(r"\d+ of \d+ people need attention")
TIMEOUT_S = 300.0
SLIDER_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "slider",
            "metadata": {},
            "outputs": [],
            "source": ["import ipywidgets\n", "\n", "ipywidgets.IntSlider(description='x')"],
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def script(name: str) -> str:
    """This environment's own console script (what ``name`` runs in an activated venv)."""
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else name


def environment(home: Path) -> dict[str, str]:
    """Jupyter's folders and careermap's cache under ``home``: nothing of the user's read."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "JPY_"))}
    for key, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[key] = str(home / sub)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["CAREERMAP_CACHE_DIR"] = str(home / "cache")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start(browser, argv: list[str], cwd: Path, env: dict[str, str], port: int, ready) -> dict:
    """Run ``argv``; seconds until the port answers and until ``ready(page)`` is visible."""
    log_path = cwd / f"server-{port}.log"
    t0 = time.perf_counter()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{argv[0]} exited:\n{log_path.read_text()[-3000:]}")
            if time.perf_counter() - t0 > TIMEOUT_S:
                raise RuntimeError(f"no answer on port {port}:\n{log_path.read_text()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        answered = time.perf_counter() - t0
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/", wait_until="commit", timeout=TIMEOUT_S * 1000)
        ready(page).wait_for(state="visible", timeout=TIMEOUT_S * 1000)
        shown = time.perf_counter() - t0
    finally:
        context.close()
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    log = log_path.read_text(errors="replace")
    said = [line for line in log.splitlines() if "careermap dashboard ready" in line]
    return {"answered": answered, "shown": shown, "ready_lines": said}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", default="30,1000", help="comma-separated sizes")
    args = parser.parse_args()
    sizes = [int(x) for x in args.people.split(",")]

    from playwright.sync_api import sync_playwright

    import careermap

    work = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    try:
        (work / "slider.ipynb").write_text(json.dumps(SLIDER_NOTEBOOK))
        cohorts = {}
        for n in sizes:
            if n == 30:
                cohorts[n] = careermap.cohort_path()
                continue
            t = time.perf_counter()
            subprocess.run(
                [script("careermap"), "demo", str(work / f"c{n}"), "--people", str(n)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            print(f"careermap demo --people {n}: {time.perf_counter() - t:.1f} s (not timed below)")
            cohorts[n] = work / f"c{n}"

        def floor() -> dict:
            port = free_port()
            argv = [script("voila"), "slider.ipynb", "--no-browser", f"--port={port}"]
            home = Path(tempfile.mkdtemp(dir=work))
            return start(
                browser, argv, work, environment(home), port,
                lambda page: page.locator(".widget-slider").first,
            )  # fmt: skip

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
            floors, rows = [], []
            for n in sizes:
                floors.append(floor()["shown"])
                home = Path(tempfile.mkdtemp(dir=work))  # one cache for both starts
                env = environment(home)
                for when in ("first start (empty cache)", "later start"):
                    port = free_port()
                    argv = [
                        script("careermap"), "dashboard", str(cohorts[n]),
                        "--no-browser", f"--port={port}",
                    ]  # fmt: skip
                    got = start(
                        browser, argv, work, env, port,
                        lambda page: page.get_by_text(HEADLINE).first,
                    )  # fmt: skip
                    rows.append((n, when, got))
            floors.append(floor()["shown"])
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base = statistics.median(floors)
    print(
        f"\nfloor: bare Voila page with one slider, command to slider visible: "
        f"{', '.join(f'{f:.1f}' for f in floors)} s (median {base:.1f} s)"
    )
    print(f"{'people':>6}  {'start':<26} {'port':>6} {'headline':>9} {'ratio':>6}  target")
    for n, when, got in rows:
        ratio = got["shown"] / base
        target = TARGETS.get(n)
        verdict = ""
        if target and when == "later start":
            verdict = f"<= {target:.0f} x {'met' if ratio <= target else 'MISSED'}"
        print(
            f"{n:>6}  {when:<26} {got['answered']:>5.1f}s {got['shown']:>8.1f}s "
            f"{ratio:>5.2f}x  {verdict}"
        )
        for line in got["ready_lines"]:
            print(f"        kernel: {line.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
