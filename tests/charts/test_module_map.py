"""Charts mirror metrics: a chart module per metric module it draws, named alike; no chart
shares a name with a metric; no chart module imports a private metrics module; the old
clashing names still work, with a warning; docs/charts.md names each chart's module."""

from __future__ import annotations

import ast
import re
import warnings
from pathlib import Path

import pytest

import careermap
from careermap import charts, metrics

PACKAGE = Path(careermap.__file__).parent
DOCS = PACKAGE.parent / "docs" / "charts.md"

#: chart modules that are no metric module's chart: the engine, and the charts of the map
#: itself (the roadmap) and of a table drawn as written (the reviews)
NOT_A_METRIC_CHART = {"_core", "_theme", "_skills", "_update", "_roadmap", "_reviews"}
#: the heatmap of metrics.skill_gaps over a cohort: its own module while the cohort views
#: reorganise the cohort charts (with charts/_cohort.py)
COHORT_VIEWS = {"_cohort_gaps", "_cohort_glance"}  # _cohort_glance draws views/_cohort.py's
#: charts whose metric lives in another metric module than their chart module's name says:
#: the cohort charts, reorganised with the cohort views (charts/_cohort.py, _cohort_gaps.py)
ELSEWHERE = {"group_comparison": "_cohort_stats", "time_mix_chart": "_cohort_stats",
             "gap_heatmap": "_gaps"}  # fmt: skip


def _chart_modules() -> list[Path]:
    return sorted(p for p in (PACKAGE / "charts").glob("_*.py") if p.stem != "__init__")


def test_every_chart_module_is_named_after_the_metric_module_it_draws():
    for path in _chart_modules():
        if path.stem in NOT_A_METRIC_CHART | COHORT_VIEWS:
            continue
        assert (PACKAGE / "metrics" / path.name).exists(), (
            f"charts/{path.name} has no metrics/{path.name}: name a chart module after the "
            "metric module whose frames it draws (or list it in NOT_A_METRIC_CHART, saying why)"
        )


def test_no_chart_module_imports_a_private_metrics_module():
    for path in _chart_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("careermap.metrics._"), (path.name, node.module)


def test_no_chart_is_named_like_a_metric():
    assert not set(charts.__all__) & set(metrics.__all__)


@pytest.mark.parametrize(
    ("old", "new"), [("skill_history", "skill_history_chart"), ("time_mix", "time_mix_chart")]
)
def test_the_old_chart_names_still_work_with_a_warning(old, new):
    with pytest.warns(DeprecationWarning, match=rf"charts\.{old} is deprecated.*charts\.{new}"):
        chart = getattr(charts, old)
    assert chart is getattr(charts, new)
    with pytest.warns(DeprecationWarning):
        exec(f"from careermap.charts import {old}", {})
    assert old not in charts.__all__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        getattr(charts, new)
    with pytest.raises(AttributeError, match="no attribute 'skill_histories'"):
        charts.skill_histories  # noqa: B018


def _docs_rows() -> dict[str, tuple[str, str]]:
    """Chart -> (module, first argument) from the table of docs/charts.md."""
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        found = re.match(r"`(\w+)\(", cells[0]) if len(cells) >= 4 else None
        if found:
            rows[found.group(1)] = (cells[1].strip("`"), cells[2])
    return rows


def test_docs_name_each_charts_module_and_the_metric_it_draws():
    rows = _docs_rows()
    assert rows.pop("update_in_place")[0] == "charts/_update.py"  # a helper, no chart
    assert rows.pop("move_thresholds")[0] == "charts/_cohort.py"  # a helper on a figure
    helpers = {"update_in_place", "move_thresholds"}
    drawn = [n for n in charts.__all__ if callable(getattr(charts, n)) and n not in helpers]
    assert sorted(rows) == sorted(drawn)
    for name, (module, data) in rows.items():
        function = getattr(charts, name)
        assert f"careermap/{module}" == f"careermap/charts/{function.__module__.split('.')[-1]}.py"
        stem = Path(module).stem
        if stem in NOT_A_METRIC_CHART:
            continue
        if stem == "_cohort_glance":  # draws the cohort views' frames
            assert "`views." in data, name
            continue
        metric = re.search(r"`metrics\.(\w+)", data)
        assert metric, f"{name}: docs/charts.md names no metric it draws"
        home = getattr(metrics, metric.group(1)).__module__.split(".")[-1]
        assert home == ELSEWHERE.get(name, stem), (name, home)
