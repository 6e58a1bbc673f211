"""Milliseconds per occupation search, against a plain pandas substring scan of the same tables.

    uv run python benchmarks/bench_reference.py
    uv run python benchmarks/bench_reference.py --repeat 10

``careermap.reference.search_occupations`` ranks O*NET titles and alternate titles, repairs
typos and scores matches. The baseline, measured in the same run, is the floor for looking at
every title once: ``str.contains`` over the occupation titles and the alternate titles (no
ranking, no typo repair). Each number is the best of ``--repeat`` runs after a warm-up (the
search index is built once per process). Budget: a search box answers in under 50 ms (this
used to be a unit-test assertion; timings belong here).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from careermap import reference
from careermap.reference import _data  # the same table the search reads

QUERIES = ("data scientist", "BI analyst", "nurse", "software developer", "web developr")
BUDGET_MS = 50.0


def best_ms(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return 1000 * min(times)


def measure(repeat: int = 5) -> list[tuple[str, float, float]]:
    """``[(query, search ms, substring-scan ms), ...]``."""
    titles = reference.occupations()["title"]
    alternates = _data.load("alternate_titles")["title"]
    reference.search_occupations("warm up the index")

    def scan(query: str) -> int:
        return int(titles.str.contains(query, case=False, regex=False).sum()) + int(
            alternates.str.contains(query, case=False, regex=False).sum()
        )

    return [
        (
            query,
            best_ms(lambda q=query: reference.search_occupations(q), repeat),
            best_ms(lambda q=query: scan(q), repeat),
        )
        for query in QUERIES
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)
    print(f"{'query':<22}{'search ms':>10}{'scan ms':>9}{'ratio':>7}  budget")
    slow = []
    for query, ours, floor in measure(args.repeat):
        verdict = "ok" if ours < BUDGET_MS else f"OVER {BUDGET_MS:g} ms"
        if ours >= BUDGET_MS:
            slow.append(query)
        print(f"{query!r:<22}{ours:10.1f}{floor:9.1f}{ours / floor:7.1f}  {verdict}")
    print(f"queries over the {BUDGET_MS:g} ms budget: {', '.join(slow) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
