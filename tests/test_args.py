"""The one set of argument checks (careermap._args) and the layers that use it."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

from careermap import charts
from careermap._args import (
    check_choice,
    check_columns,
    check_fraction,
    check_int,
    check_map,
    renamed_arguments,
)
from careermap.errors import InvalidArgumentError


def test_choice_says_what_was_allowed_and_what_was_given():
    assert check_choice("by", "count", ("count", "effort")) == "count"
    assert check_choice("freq", None, ("D", None)) is None
    with pytest.raises(
        InvalidArgumentError, match=r"^by must be one of 'count', 'effort'; got 'hours'$"
    ):
        check_choice("by", "hours", ("count", "effort"))
    with pytest.raises(InvalidArgumentError, match="got 1"):
        check_choice("by", 1, ("count", "effort"))


@pytest.mark.parametrize("good", [1, 5, np.int64(3)])
def test_int_accepts_integers_from_the_minimum(good):
    assert check_int("runs", good, minimum=1) == int(good)
    assert type(check_int("runs", good, minimum=1)) is int


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "3", None])
def test_int_refuses_the_rest(bad):
    with pytest.raises(InvalidArgumentError, match=rf"^runs must be an integer >= 1; got {bad!r}$"):
        check_int("runs", bad, minimum=1)


@pytest.mark.parametrize(("good", "expected"), [(1, 1.0), (0.5, 0.5), (np.float64(0.1), 0.1)])
def test_fraction_accepts_numbers_in_the_half_open_unit_interval(good, expected):
    assert check_fraction("alpha", good) == expected


@pytest.mark.parametrize("bad", [0, 1.01, -0.5, True, "0.5", None])
def test_fraction_refuses_the_rest(bad):
    with pytest.raises(InvalidArgumentError, match=r"alpha must be a number in \(0, 1\]"):
        check_fraction("alpha", bad)


def test_map_check_names_the_argument_and_the_type(sample):
    assert check_map(sample) is sample
    with pytest.raises(
        InvalidArgumentError,
        match=r"^data must be a careermap.CareerMap \(from careermap.load\); got DataFrame$",
    ):
        check_map(sample.milestones, "data")


def test_renamed_argument_warns_and_passes_the_value_on():
    @renamed_arguments(frame="data", width="size")
    def chart(data, *, size=1):
        return data, size

    assert list(inspect.signature(chart).parameters) == ["data", "size"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert chart("x", size=2) == ("x", 2)  # new names: no warning
    with pytest.warns(
        DeprecationWarning, match=r"chart\(frame=\.\.\.\) is deprecated; use chart\(data=\.\.\.\)"
    ):
        assert chart(frame="x") == ("x", 1)
    with pytest.warns(DeprecationWarning, match=r"width="):
        assert chart("x", width=3) == ("x", 3)
    with pytest.raises(InvalidArgumentError, match=r"got both frame= .* and data="):
        chart(frame="x", data="y")


def test_charts_and_report_use_the_same_checks(sample):
    """The layers raise exactly the message the shared check gives for the same mistake."""
    with pytest.raises(InvalidArgumentError) as shared:
        check_choice("kind", "sideways", ("burndown", "burnup"))
    frame = pd.DataFrame(
        {"person_id": ["a"], "date": [pd.Timestamp("2026-01-05")], "scope": [1], "done": [0],
         "remaining": [1], "ideal": [1.0]}
    )  # fmt: skip
    with pytest.raises(InvalidArgumentError) as chart:
        charts.burndown_chart(frame, kind="sideways")
    assert str(chart.value) == str(shared.value)

    from careermap.report import build_report

    with pytest.raises(InvalidArgumentError) as report:
        build_report(sample.people, as_of="2026-11-15")
    with pytest.raises(InvalidArgumentError) as direct:
        check_map(sample.people)
    assert str(report.value) == str(direct.value)


def test_columns_check_names_what_is_missing_and_what_is_there():
    frame = pd.DataFrame({"date": [], "hours": []})
    assert check_columns(frame, ["date"], "f") is frame
    with pytest.raises(
        InvalidArgumentError,
        match=r"^f needs the column\(s\) category; the frame has: date, hours$",
    ):
        check_columns(frame, ["date", "category"], "f")
    with pytest.raises(InvalidArgumentError, match=r"^f takes a pandas DataFrame first; got list$"):
        check_columns([], ["date"], "f")


def test_a_chart_and_a_cohort_metric_say_the_same_about_a_missing_column():
    from careermap import metrics

    frame = pd.DataFrame({"person_id": ["a"], "period": [pd.Timestamp("2026-01-05")]})
    with pytest.raises(InvalidArgumentError) as metric:
        metrics.time_mix(frame, by="person")
    with pytest.raises(InvalidArgumentError) as chart:
        charts.time_allocation_chart(frame)
    assert str(metric.value).split(" needs ")[1].startswith("the column(s) category, hours")
    assert str(chart.value).split(" needs ")[1].startswith("the column(s) hours")
