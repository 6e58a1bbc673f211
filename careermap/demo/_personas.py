"""The six planted personas: how often each occurs and how each one behaves.

What each persona does is described in :mod:`careermap.demo`; the numbers that make it so
are here and in the plan and log generators that read them.
"""

from __future__ import annotations

import numpy as np

PERSONAS = ("steady", "stalled", "dropped_out", "late_starter", "over_achiever", "over_planner")

BEHAVIOUR = {
    # p: outcome probabilities of milestones due while active (on time, late, overdue,
    # dropped); resched: chance a milestone is rescheduled; rate: sessions a week;
    # load: hours logged as a multiple of weekly capacity
    "steady": dict(p=(0.78, 0.14, 0.03, 0.05), resched=0.15, rate=(2, 4), load=(0.85, 1.15)),
    "stalled": dict(p=(0.6, 0.2, 0.12, 0.08), resched=0.2, rate=(2, 4), load=(0.85, 1.15)),
    "dropped_out": dict(p=(0.55, 0.2, 0.15, 0.1), resched=0.15, rate=(2, 4), load=(0.7, 1.0)),
    "late_starter": dict(p=(0.78, 0.14, 0.03, 0.05), resched=0.15, rate=(2, 4), load=(0.85, 1.15)),
    "over_achiever": dict(p=(0.95, 0.0, 0.0, 0.05), resched=0.05, rate=(4, 6), load=(1.7, 2.5)),
    "over_planner": dict(p=(0.2, 0.15, 0.5, 0.15), resched=0.7, rate=(2.5, 4), load=(0.9, 1.2)),
}


def assign_personas(rng: np.random.Generator, n: int) -> list[str]:
    """A persona per person, in random order: the mix in :mod:`careermap.demo`'s docstring."""
    if n < 12:
        chosen = [PERSONAS[i % len(PERSONAS)] for i in range(n)]
    else:
        small = max(2, round(0.1 * n))
        counts = {p: small for p in ("stalled", "dropped_out", "over_achiever", "over_planner")}
        counts["late_starter"] = max(2, round(0.15 * n))
        counts["steady"] = n - sum(counts.values())
        chosen = [p for p in PERSONAS for _ in range(counts[p])]
    return [chosen[i] for i in rng.permutation(n)]
