"""The public API as a whole: names, docstrings (and their examples), purity (no plotting, no
I/O, inputs untouched), one implementation for one person and a cohort, argument checks."""

from __future__ import annotations

import ast
import builtins
import doctest
import importlib
import inspect
import io
import os
import pathlib
import pkgutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import ibis
import ibis.backends.duckdb
import pandas as pd
import pytest

import careermap
import careermap.metrics
from careermap import InvalidArgumentError, metrics
from careermap.metrics import _cohort as metrics_cohort

AS_OF = "2026-11-15"
FUNCTIONS = [n for n in metrics.__all__ if inspect.isfunction(getattr(metrics, n))]

# every public function with the options used by the purity and cohort checks
CALLS = {
    "burndown": lambda m: metrics.burndown(m, by="effort", freq="W", as_of=AS_OF),
    "forecast": lambda m: metrics.forecast(m, as_of=AS_OF),
    "forecast_backtest": lambda m: metrics.forecast_backtest(m, as_of=AS_OF),
    "backtest_summary": lambda m: metrics.backtest_summary(
        metrics.forecast_backtest(m, as_of=AS_OF), per_person=True
    ),
    "goal_at_risk": lambda m: metrics.goal_at_risk(metrics.forecast(m, as_of=AS_OF), m.goals),
    "slip": lambda m: metrics.slip(m, as_of=AS_OF),
    "milestone_status": lambda m: metrics.milestone_status(m, as_of=AS_OF),
    "goal_status": lambda m: metrics.goal_status(m, as_of=AS_OF),
    "milestone_timeline": lambda m: metrics.milestone_timeline(m, as_of=AS_OF),
    "on_time_rate": lambda m: metrics.on_time_rate(m, as_of=AS_OF),
    "time_allocation": lambda m: metrics.time_allocation(m, by="milestone", freq="M", as_of=AS_OF),
    "planned_vs_actual": lambda m: metrics.planned_vs_actual(m, as_of=AS_OF),
    "estimation_accuracy": lambda m: metrics.estimation_accuracy(m, as_of=AS_OF),
    "habit": lambda m: metrics.habit(m, as_of=AS_OF),
    "habit_summary": lambda m: metrics.habit_summary(m, as_of=AS_OF),
    "skill_levels": lambda m: metrics.skill_levels(m, as_of=AS_OF),
    "skill_history": lambda m: metrics.skill_history(m, as_of=AS_OF),
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
    "role_technologies": lambda m: metrics.role_technologies(m),
    "goal_pace": lambda m: metrics.goal_pace(m, as_of=AS_OF),
    "goal_trajectory": lambda m: metrics.goal_trajectory(m, as_of=AS_OF),
    "goal_hours": lambda m: metrics.goal_hours(m, as_of=AS_OF),
    "goal_priorities": lambda m: metrics.goal_priorities(m, as_of=AS_OF),
    "what_if": lambda m: metrics.what_if(m, hours_per_week=8, as_of=AS_OF).goals,
    "action_plan": lambda m: metrics.action_plan(m, as_of=AS_OF),
    "plan_cost": lambda m: metrics.plan_cost(m, as_of=AS_OF),
    "self_assessment_changes": lambda m: metrics.self_assessment_changes(m, as_of=AS_OF),
    "summary": lambda m: metrics.summary(m, as_of=AS_OF),
    "cohort_summary": lambda m: metrics.cohort_summary(m, as_of=AS_OF),
    "cohort_summary_parquet": lambda m: metrics.cohort_summary_parquet(
        m.to_parquet(tempfile.mkdtemp()), as_of=AS_OF
    ),
    "reflag": lambda m: metrics.reflag(
        metrics.cohort_summary(m, as_of=AS_OF), {"inactive_days": 10, "overdue_milestones": 1}
    ),
}


def _grouped(m):
    """``m.people`` with a ``group`` column (everyone in one group when the map has none)."""
    return m.people if "group" in m.people.columns else m.people.assign(group="everyone")


# The cohort aggregates (docs/metrics.md#cohort-aggregates): a frame (or map) in, a row per
# group, role or category out. They summarise people, so they have no person_id column and a
# person alone is no row of the cohort's result; the other rules (documented, pure, no I/O,
# inputs untouched, arguments checked) hold for them as for every metric.
AGGREGATES = {
    "kpi_medians": lambda m: metrics.kpi_medians(
        metrics.cohort_summary(m, as_of=AS_OF).assign(group=_grouped(m)["group"].to_numpy()),
        by="group",
    ),
    "priority_roles": lambda m: metrics.priority_roles(m),
    "time_mix": lambda m: metrics.time_mix(
        metrics.time_allocation(m, by="category", as_of=AS_OF), people=_grouped(m), by="group"
    ),
}


# One person's views: a dataclass of frames, for one person (a cohort is refused); their purity,
# as-of and argument checks are in their own test files (tests/metrics/test_review.py).
ONE_PERSON_VIEWS = {"weekly_review"}


def test_every_public_function_is_exercised_and_documented():
    assert sorted({*CALLS, *AGGREGATES, *ONE_PERSON_VIEWS}) == sorted(FUNCTIONS)
    assert not set(CALLS) & set(AGGREGATES)
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


# --- metrics never plot and never do I/O ---------------------------------------------------

METRIC_SOURCES = sorted(Path(careermap.metrics.__file__).parent.glob("*.py"))
# What a metric module may import: the standard library's pure parts, the data libraries, and
# the layers below metrics (files -> frames -> metrics -> charts -> widgets).
ALLOWED_IMPORTS = {
    "__future__", "collections", "dataclasses", "functools", "typing", "importlib", "warnings",
    "math", "datetime", "atexit",
    "pathlib",  # only to name a folder (the calls are checked below)
    "numpy", "pandas", "ibis", "duckdb",
    "careermap", "careermap._args", "careermap._dates", "careermap._vocab", "careermap.errors",
    "careermap.model",
    "careermap.reference", "careermap.metrics",
}  # fmt: skip
# What a metric may take from the io layer: its engines (DuckDB or Spark, which read a Parquet
# cohort in their own code) for cohort_summary_parquet, with pyarrow for the schemas' type
# hints only; the one shared in-process DuckDB database for the milestone states and for the
# flags (run after the forecast step on the KPI rows, also by reflag).
# The memo of derived tables hashes a frame's pickle in memory (pickle.dumps, never a file).
ALLOWED_IO = {
    "_cohort.py": {"careermap.io", "pyarrow"},
    "_milestone_state.py": {"careermap.io"},
    "_flags.py": {"careermap.io"},
    "_memo.py": {"hashlib", "pickle", "threading"},
}
BANNED_CALLS = {
    "open", "print", "input", "read_csv", "read_parquet", "read_excel", "read_json",
    "read_table", "read_text", "read_bytes", "to_csv", "to_parquet", "to_excel", "to_json",
    "to_pickle", "to_html", "write_text", "write_bytes", "write_html", "write_image", "show",
    "mkdir", "unlink", "rmdir", "touch", "glob", "iterdir", "exists", "is_file", "replace",
}  # fmt: skip


def io_and_plot_findings(source: str, filename: str) -> list[str]:
    """What in ``source`` imports outside ALLOWED_IMPORTS or calls a BANNED_CALLS name
    (docstrings and comments are not code, so they do not count)."""
    found = []
    allowed = ALLOWED_IMPORTS | ALLOWED_IO.get(filename, set())
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [("." * node.level) + (node.module or "")]
        else:
            names = []
        for name in names:
            ok = name.startswith(".") or any(
                name == a or (name.startswith(a + ".") and a in _PACKAGES) for a in allowed
            )
            if not ok:
                found.append(f"{filename}:{node.lineno} imports {name}")
        if isinstance(node, ast.Call):
            f = node.func
            called = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            # str.replace and DataFrame.replace are not file operations; os.replace / Path.replace are
            if called == "replace" and not (
                isinstance(f, ast.Attribute)
                and isinstance(f.value, ast.Name)
                and f.value.id in ("os", "Path")
            ):
                continue
            if called in BANNED_CALLS:
                found.append(f"{filename}:{node.lineno} calls {called}()")
    return found


# packages whose submodules are allowed with them (careermap's own layers are listed one by one)
_PACKAGES = {
    "collections",
    "importlib",
    "numpy",
    "pandas",
    "ibis",
    "duckdb",
    "careermap.metrics",
    "careermap.reference",
}


def test_the_io_check_catches_what_it_is_for():
    bad = (
        "import plotly.graph_objects as go\nfrom careermap.charts import burndown_chart\n"
        "from careermap.io._load import load\nimport pathlib\n"
        "def f(df, p):\n    df.to_csv(p)\n    open(p).read()\n    pathlib.Path(p).read_text()\n"
        "    print(df)\n"
    )
    found = io_and_plot_findings(bad, "_x.py")
    assert sorted(f.split(" ", 1)[1] for f in found) == sorted([
        "imports plotly.graph_objects", "imports careermap.charts", "imports careermap.io._load",
        "calls to_csv()", "calls open()", "calls read_text()", "calls print()",
    ])  # fmt: skip
    clean = '"""Docs may say open( and .to_parquet."""\nimport pandas as pd\ns = "a".replace("a", "b")\n'
    assert io_and_plot_findings(clean, "_x.py") == []


@pytest.mark.parametrize("path", METRIC_SOURCES, ids=lambda p: p.name)
def test_metric_modules_never_plot_or_do_io(path):
    assert io_and_plot_findings(path.read_text(encoding="utf-8"), path.name) == []


def test_importing_metrics_loads_no_plotting_or_widgets():
    code = (
        "import sys, careermap.metrics\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('plotly', 'ipywidgets', 'anywidget') or m.startswith(('careermap.charts', "
        "'careermap.widgets', 'careermap.report'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _no_io(*args, **kwargs):
    raise AssertionError(f"a metric did I/O: {args[:2]!r}")


# Libraries read their own installed files (DuckDB's Ibis backend reads its package metadata
# on connect, the reference layer its bundled tables): reading inside the installed
# environment or the careermap package is not a metric's I/O. Anything else, and any write,
# is.
_REAL_OPEN = io.open
_ENVIRONMENT = tuple(
    {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path(careermap.__file__).parent}
)


def _guarded_open(file, mode="r", *args, **kwargs):
    reading = not set(str(mode)) & set("wax+")
    if reading and isinstance(file, (str, os.PathLike)):
        path = Path(file).resolve()
        if any(path.is_relative_to(root) for root in _ENVIRONMENT):
            return _REAL_OPEN(file, mode, *args, **kwargs)
    raise AssertionError(f"a metric did I/O: open({file!r}, {mode!r})")


IO_FUNCTIONS = [
    (os, "open"), (pathlib.Path, "write_text"), (pathlib.Path, "write_bytes"),
    (pathlib.Path, "mkdir"), (pathlib.Path, "unlink"),
    (pd, "read_csv"), (pd, "read_parquet"), (pd, "read_excel"), (pd, "read_json"),
    (pd.DataFrame, "to_csv"), (pd.DataFrame, "to_parquet"), (pd.DataFrame, "to_excel"),
    (pd.DataFrame, "to_json"), (pd.DataFrame, "to_pickle"), (duckdb, "read_parquet"),
    (duckdb, "read_csv"), (ibis.backends.duckdb.Backend, "read_parquet"),
    (ibis.backends.duckdb.Backend, "read_csv"),
]  # fmt: skip


def _forbid_io(patch: pytest.MonkeyPatch) -> None:
    # pathlib's read_text/open and importlib.metadata go through io.open
    patch.setattr(builtins, "open", _guarded_open)
    patch.setattr(io, "open", _guarded_open)
    for owner, attr in IO_FUNCTIONS:
        patch.setattr(owner, attr, _no_io)


def test_the_run_time_guard_catches_io(tmp_path, monkeypatch):
    user_file = tmp_path / "notes.csv"
    user_file.write_text("a\n1\n")
    with monkeypatch.context() as patch:
        _forbid_io(patch)
        for attempt in (
            user_file.read_text,
            lambda: open(user_file, "w"),  # noqa: SIM115
            lambda: pd.read_csv(user_file),
            lambda: pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "x.parquet"),
            lambda: ibis.duckdb.connect().read_csv(user_file),
        ):
            with pytest.raises(AssertionError, match="a metric did I/O"):
                attempt()
        # the package's own files stay readable (the reference layer's bundled tables)
        assert (Path(careermap.__file__).parent / "py.typed").read_text() is not None


def test_the_cohort_aggregates_are_a_documented_category():
    docs = (Path(careermap.__file__).parents[1] / "docs" / "metrics.md").read_text()
    section = docs.split("## Cohort aggregates", 1)[1].split("\n## ", 1)[0]
    for name in AGGREGATES:
        assert f"`{name}(" in section, name


# the demo cohort writes no dated self-assessment history: no rows for it (the sample has some)
EMPTY_FOR_THE_COHORT = {"self_assessment_changes"}

ALL_CALLS = {**CALLS, **AGGREGATES}


@pytest.mark.parametrize("name", sorted(set(ALL_CALLS) - {"cohort_summary_parquet"}))
def test_metrics_do_no_io_at_run_time(name, sample, few, monkeypatch):
    for m in (sample, few):
        ALL_CALLS[name](m)  # warm-up: reference tables, lazy imports load once, outside the check
        with monkeypatch.context() as patch:
            _forbid_io(patch)
            out = ALL_CALLS[name](m)
        may_be_empty = m is few and name in EMPTY_FOR_THE_COHORT
        assert isinstance(out, pd.DataFrame) and (len(out) > 0 or may_be_empty)


def test_cohort_summary_parquet_reads_only_through_the_io_layer(few, tmp_path, monkeypatch):
    folder = few.to_parquet(tmp_path / "pq")
    # the metric asks io where the files are and has io's engine read them (DuckDB or Spark
    # reads them in its own code); the metric itself opens no file
    asked, opened = [], []
    real_paths, real_open = metrics_cohort.parquet_paths, metrics_cohort.open_engine

    def paths(where, names):
        asked.append(Path(where))
        return real_paths(where, names)

    def engine(*args, **kwargs):
        e = real_open(*args, **kwargs)
        opened.append(type(e).__name__)
        return e

    monkeypatch.setattr(metrics_cohort, "parquet_paths", paths)
    monkeypatch.setattr(metrics_cohort, "open_engine", engine)
    out = metrics.cohort_summary_parquet(folder, as_of=AS_OF)
    assert asked == [folder] and opened == ["DuckDBEngine"]
    expected = metrics.cohort_summary(few, as_of=AS_OF)
    pd.testing.assert_frame_equal(
        out.drop(columns="reasons"), expected.drop(columns="reasons"), check_dtype=False
    )


@pytest.mark.parametrize("name", sorted(ALL_CALLS))
def test_inputs_are_never_modified(name, sample, few, unchanged):
    for m in (sample, few):
        with unchanged(m):
            out = ALL_CALLS[name](m)
        assert isinstance(out, pd.DataFrame)
        if name in AGGREGATES:
            assert "person_id" not in out.columns and len(out) > 0
            continue
        assert "person_id" in out.columns
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


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: metrics.priority_roles(pd.DataFrame()), r"m must be a careermap\.CareerMap"),
        (lambda: metrics.kpi_medians(pd.DataFrame()), "kpi_medians needs the column"),
        (lambda: metrics.time_mix(pd.DataFrame()), "time_mix needs the column"),
        (lambda: metrics.kpi_medians([1, 2]), "kpi_medians takes a pandas DataFrame first"),
    ],
)
def test_the_aggregates_check_their_first_argument(call, match):
    with pytest.raises(InvalidArgumentError, match=match):
        call()


def test_cohort_summary_parquet_names_what_is_missing(tmp_path):
    with pytest.raises(InvalidArgumentError, match=r"not a Parquet cohort.*people\.parquet"):
        metrics.cohort_summary_parquet(tmp_path, as_of=AS_OF)
