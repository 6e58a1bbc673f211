"""The coach's dashboard at 1,000 people: how long each interaction takes, in the kernel.

Builds :func:`careermap.widgets.coach_dashboard` in this process on a generated cohort and
times what a coach does (the threshold slider, the group menu, each tab, a person, the
people table's pages, search and sort, the role menu) as the widget's own callbacks run
them: the time from setting a control's value to every output being updated, which is what
the page waits for before the browser draws (the browser's drawing is not included).

The baseline is the same dashboard on a 30-person cohort from the same generator, measured
in the same run; the ratio says how much of each interaction grows with the cohort. The
target (issue 23): every interaction within 1 s at 1,000 people. The first opening of the
skill-gap and time-mix tabs on a day computes the whole cohort's gaps or hours once (kept
for every group and threshold after), so it is printed apart ("first open").

    uv run python benchmarks/bench_dashboard_views.py                 # 1,000 vs 30 people
    uv run python benchmarks/bench_dashboard_views.py --people 200 --runs 3
    uv run python benchmarks/bench_dashboard_views.py --cohorts bench-cohorts   # kept for reruns
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from careermap.demo import generate_cohort
from careermap.widgets import CoachDashboard, coach_dashboard

AS_OF = "2026-11-15"
TARGET_S = 1.0


def _cohort(root: Path, people: int) -> Path:
    folder = root / f"cohort-{people}"
    if not (folder / "cohort.yaml").is_file():
        generate_cohort(folder, people=people, seed=7, as_of=AS_OF)
    return folder


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _tab(board: CoachDashboard, title: str) -> Callable[[], None]:
    index = board.ui.tabs.titles.index(title)

    def open_it() -> None:
        board.tabs.selected_index = 1 if index != 1 else 0
        board._drawn.clear()  # the state after a threshold or group change: tabs to redraw
        board.tabs.selected_index = index

    return open_it


def measure(folder: Path, runs: int) -> dict[str, float]:
    """Seconds per interaction (median of ``runs``); ``build`` and ``first open`` once."""
    out: dict[str, float] = {}
    start = time.perf_counter()
    board = coach_dashboard(folder, as_of=AS_OF)
    out["build (load + view + first tab)"] = time.perf_counter() - start
    groups = list(board.group.options[1:]) or ["all groups"]
    people = [pid for _, pid in board.person.options[1:]]
    roles = [value for _, value in board.role.options]
    out["first open: skill gaps (whole cohort, one role)"] = _timed(_tab(board, "Skill gaps"))
    out["first open: time mix (whole cohort)"] = _timed(_tab(board, "Time mix"))
    board.tabs.selected_index = 0
    steps: dict[str, list[float]] = {}
    for i in range(runs):
        days = 45 + 10 * i
        group, person = groups[i % len(groups)], people[(7 * i) % len(people)]
        cases: list[tuple[str, Callable[[], object]]] = [
            ("threshold (inactive days)", lambda d=days: setattr(board.inactive_days, "value", d)),
            ("group", lambda g=group: setattr(board.group, "value", g)),
            ("group back to all", lambda: setattr(board.group, "value", "all groups")),
            ("tab: at a glance", _tab(board, "At a glance")),
            ("tab: needs attention", _tab(board, "Needs attention")),
            ("table: next page", lambda: board.people.next.click()),
            ("table: search", lambda i=i: setattr(board.people.search, "value", "ra"[: 1 + i % 2])),
            (
                "table: sort by days",
                lambda: setattr(board.people.sort, "value", "days since last log"),
            ),
            ("tab: person", _tab(board, "Person")),
            ("person", lambda p=person: setattr(board.person, "value", p)),
            ("tab: skill gaps", _tab(board, "Skill gaps")),
            ("tab: time mix", _tab(board, "Time mix")),
        ]
        if len(roles) > 1:
            board.tabs.selected_index = board.ui.tabs.titles.index("Skill gaps")
            cases.append(
                (
                    "role (day and role seen)",
                    lambda r=roles[(i + 1) % 2]: setattr(board.role, "value", r),
                )
            )
        for name, action in cases:
            steps.setdefault(name, []).append(_timed(action))
        board.people.search.value = ""
        board.people.sort.value = ""
    out.update({name: statistics.median(times) for name, times in steps.items()})
    out["_people"] = len(board.summary)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cohorts", type=Path, default=None, help="keep generated cohorts here")
    args = parser.parse_args()
    root = args.cohorts or Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"generating cohorts of {args.baseline} and {args.people} people (seed 7) ...")
    small, large = _cohort(root, args.baseline), _cohort(root, args.people)
    base = measure(small, args.runs)
    big = measure(large, args.runs)
    n_small, n_big = base.pop("_people"), big.pop("_people")
    width = max(map(len, big))
    print(
        f"\nmedian of {args.runs} runs; seconds in the kernel, from the control set to every output updated"
    )
    print(
        f"{'interaction':<{width}}  {n_small:>7,} p  {n_big:>7,} p   ratio  within {TARGET_S:g} s"
    )
    slow = []
    for name, seconds in big.items():
        ratio = seconds / base[name] if base[name] > 0 else float("nan")
        ok = seconds <= TARGET_S or name.startswith(("build", "first open"))
        if not ok:
            slow.append(name)
        mark = "" if name.startswith(("build", "first open")) else ("yes" if ok else "NO")
        print(f"{name:<{width}}  {base[name]:>9.3f}  {seconds:>9.3f}  {ratio:>6.1f}  {mark}")
    interactions = [k for k in big if not k.startswith(("build", "first open"))]
    worst = max(interactions, key=big.get)
    print(f"\nslowest interaction at {n_big:,} people: {worst} {big[worst]:.3f} s", end="")
    print(f"; over {TARGET_S:g} s: {', '.join(slow)}" if slow else f" (all within {TARGET_S:g} s)")


if __name__ == "__main__":
    main()
