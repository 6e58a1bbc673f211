"""benchmarks/bench_metrics.py covers every public metric and the milestone-state latency.

Timings are the benchmark's output, not a unit test's assertion: these tests check only
that the benchmark calls what it says it times (on the small map) and that its baseline
computes the same states as the package.
"""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest

from careermap import metrics

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_metrics.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_metrics", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_cases_call_every_public_metric(bench, small, monkeypatch):
    called = set()
    for name in (n for n in metrics.__all__ if inspect.isfunction(getattr(metrics, n))):
        real = getattr(metrics, name)

        def spy(*args, _name=name, _real=real, **kwargs):
            called.add(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(metrics, name, spy)
    for _label, call in bench.cases(small, as_of="2025-06-15"):
        call()
    assert called == {n for n in metrics.__all__ if inspect.isfunction(getattr(metrics, n))}


def test_status_latency_baseline_gives_the_same_states(bench, cohort):
    # status_latency asserts that the pandas baseline and states_on agree before timing them
    labels = [label for label, _ in bench.status_latency(cohort, as_of="2025-12-01", repeat=1)]
    assert labels[0] == "states: pandas (before)" and "states: states_on (after)" in labels
