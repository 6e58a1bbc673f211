"""benchmarks/bench_metrics.py times every public metric (checked on the small map)."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

from careermap import metrics

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_metrics.py"


def test_bench_run_times_every_metric(small):
    spec = importlib.util.spec_from_file_location("bench_metrics", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    timings = bench.run(small, as_of="2025-06-15")
    labels = [label for label, _ in timings]
    assert all(isinstance(s, float) and s >= 0 for _, s in timings)
    called = {label.split()[0] for label in labels}
    assert called == {n for n in metrics.__all__ if inspect.isfunction(getattr(metrics, n))}
