"""The public API as a whole: names, docstrings (and their examples), purity, one
implementation for one person and a cohort, argument checks."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import careermap
import careermap.metrics
from careermap import InvalidArgumentError, metrics

AS_OF = "2026-11-15"
FUNCTIONS = [n for n in metrics.__all__ if inspect.isfunction(getattr(metrics, n))]

# every public function with the options used by the purity and cohort checks
CALLS = {
    "burndown": lambda m: metrics.burndown(m, by="effort", freq="W", as_of=AS_OF),
    "forecast": lambda m: metrics.forecast(m, as_of=AS_OF, runs=300),
    "slip": lambda m: metrics.slip(m, as_of=AS_OF),
    "milestone_status": lambda m: metrics.milestone_status(m, as_of=AS_OF),
    "goal_status": lambda m: metrics.goal_status(m, as_of=AS_OF),
    "on_time_rate": lambda m: metrics.on_time_rate(m, as_of=AS_OF),
    "time_allocation": lambda m: metrics.time_allocation(m, by="milestone", freq="M", as_of=AS_OF),
    "planned_vs_actual": lambda m: metrics.planned_vs_actual(m, as_of=AS_OF),
    "estimation_accuracy": lambda m: metrics.estimation_accuracy(m, as_of=AS_OF),
    "habit": lambda m: metrics.habit(m, as_of=AS_OF),
    "habit_summary": lambda m: metrics.habit_summary(m, as_of=AS_OF),
    "skill_levels": lambda m: metrics.skill_levels(m, as_of=AS_OF),
    "skill_gaps": lambda m: metrics.skill_gaps(m, as_of=AS_OF),
    "role_coverage": lambda m: metrics.role_coverage(m),
    "match_score": lambda m: metrics.match_score(m, as_of=AS_OF),
    "gap_trend": lambda m: metrics.gap_trend(m, as_of=AS_OF),
    "time_to_close": lambda m: metrics.time_to_close(m, as_of=AS_OF),
    "skill_investment": lambda m: metrics.skill_investment(m, as_of=AS_OF),
    "closest_roles": lambda m: metrics.closest_roles(m, n=3, as_of=AS_OF),
    "transition_steps": lambda m: metrics.transition_steps(m, "11-3021.00", as_of=AS_OF),
    "smart_check": lambda m: metrics.smart_check(m, as_of=AS_OF),
    "market": lambda m: metrics.market(m),
    "summary": lambda m: metrics.summary(m, as_of=AS_OF, runs=300),
    "cohort_summary": lambda m: metrics.cohort_summary(m, as_of=AS_OF),
    "cohort_summary_parquet": lambda m: metrics.cohort_summary_parquet(
        m.to_parquet(tempfile.mkdtemp()), as_of=AS_OF
    ),
}


def test_every_public_function_is_exercised_and_documented():
    assert sorted(CALLS) == sorted(FUNCTIONS)
    assert metrics.__all__ == sorted(metrics.__all__)
    for name in FUNCTIONS:
        doc = inspect.getdoc(getattr(metrics, name))
        assert doc and "Examples" in doc and ">>>" in doc, name
        assert "Returns" in doc, name


MODULES = [
    importlib.import_module(f"careermap.metrics.{info.name}")
    for info in pkgutil.iter_modules(careermap.metrics.__path__)
] + [careermap.metrics]


@pytest.fixture(scope="module")
def cached_load():
    """The examples each load the sample; load it once for all of them (metrics never
    modify a map, and test_inputs_are_never_modified checks that)."""
    cache = {}
    real = careermap.load

    def load(path, *args, **kwargs):
        key = (str(path), args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = real(path, *args, **kwargs)
        return cache[key]

    return load


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples_run(module, cached_load, monkeypatch):
    monkeypatch.setattr(careermap, "load", cached_load)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, module.__name__):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0


def test_metrics_never_plot_or_do_io():
    for path in Path(careermap.metrics.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for banned in (
            "plotly",
            "ipywidgets",
            "open(",
            ".to_csv",
            ".to_parquet",
            "read_csv",
            "print(",
        ):
            assert banned not in source, (path.name, banned)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_inputs_are_never_modified(name, sample, few, unchanged):
    for m in (sample, few):
        with unchanged(m):
            out = CALLS[name](m)
        assert isinstance(out, pd.DataFrame) and "person_id" in out.columns
        assert set(out["person_id"].dropna()) <= set(m.person_ids)
        assert pd.api.types.is_string_dtype(out["person_id"])


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_person_alone_gets_the_same_rows_as_in_the_cohort(name, few):
    some = few.person_ids[1:4]
    whole = CALLS[name](few)
    alone = CALLS[name](few.subset(some))
    mine = whole[whole["person_id"].isin(some)].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, alone.reset_index(drop=True))


def test_as_of_none_is_today(small):
    today = pd.Timestamp.today().normalize()
    pd.testing.assert_frame_equal(metrics.slip(small), metrics.slip(small, as_of=today))
    assert metrics.habit(small)["date"].max() == today


def test_as_of_accepts_dates(small):
    import datetime as dt

    a = metrics.on_time_rate(small, as_of=dt.date(2025, 6, 15))
    b = metrics.on_time_rate(small, as_of=pd.Timestamp("2025-06-15 13:45"))
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("name", sorted(set(CALLS) - {"cohort_summary_parquet"}))
def test_the_map_argument_is_checked(name):
    with pytest.raises(InvalidArgumentError, match=r"m must be a careermap\.CareerMap"):
        CALLS[name](pd.DataFrame())


def test_cohort_summary_parquet_names_what_is_missing(tmp_path):
    with pytest.raises(InvalidArgumentError, match=r"not a Parquet cohort.*people\.parquet"):
        metrics.cohort_summary_parquet(tmp_path, as_of=AS_OF)
