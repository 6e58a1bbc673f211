"""How good the forecast has been: the forecasts a map would have produced at past dates
against when the open milestones were really done (``docs/metrics.md#forecast-backtest``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from careermap.metrics._burndown import open_on
from careermap.metrics._common import (
    as_of_arg,
    check_columns,
    check_int,
    check_map,
    positions,
    sort_people,
    text,
)
from careermap.metrics._forecast import (
    FORECAST_WEEKS,
    dispersion_of,
    finish_days,
    has_pace,
    pace,
)
from careermap.model import CareerMap

__all__ = ["backtest_summary", "forecast_backtest"]

_COLUMNS = [
    "person_id", "made_on", "remaining", "step", "p50", "p85",
    "done_on", "held_p50", "held_p85", "error_weeks",
]  # fmt: skip


def forecast_backtest(
    m: CareerMap,
    *,
    as_of: object = None,
    weeks: int = FORECAST_WEEKS,
) -> pd.DataFrame:
    """The forecasts a map would have made at each month start, against what happened.

    On each first of a month after a person's start and before ``as_of``, the forecast of
    :func:`forecast` (by count) is made as it would have been then: from the pace known on
    that date, for the milestones open on it (nothing later is read). It gives a P50 and a
    P85 date for the 1st, 2nd, ... of those milestones to be done; the outcome is when the
    1st, 2nd, ... of them really was (milestones dropped later do not count). A date is
    judged once it has come (on or before ``as_of``): it **held** when that many were done
    by then.

    Parameters
    ----------
    m : CareerMap
        One person or a cohort.
    as_of : date-like, optional
        What is known (default today): the end of the record the forecasts are judged by.
    weeks : int, default FORECAST_WEEKS
        The forecast's pace window (for comparing windows; views use the default).

    Returns
    -------
    pandas.DataFrame
        One row per person, forecast date and step with a forecast: ``person_id, made_on,
        remaining`` (open on ``made_on``), ``step`` (1 .. remaining: the step-th milestone
        done; ``step == remaining`` is all of them), ``p50, p85`` (NaT beyond 20 years),
        ``done_on`` (when the step-th was done; NaT when not by ``as_of``), ``held_p50,
        held_p85`` (nullable booleans, missing while the date has not come), ``error_weeks``
        (``done_on`` minus P50 in weeks: positive is late). :func:`backtest_summary` reads it.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> bt = metrics.forecast_backtest(m, as_of="2026-11-15")
    >>> bool((bt["made_on"] < "2026-11-15").all()), bool((bt["step"] <= bt["remaining"]).all())
    (True, True)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    weeks = check_int("weeks", weeks, minimum=1)
    return backtest_frame(m, as_of, weeks, finish_days)


def backtest_frame(
    m: CareerMap, as_of: pd.Timestamp, weeks: int, model: Callable[..., np.ndarray]
) -> pd.DataFrame:
    """:func:`forecast_backtest` with the quantile function ``model`` (the signature of
    :func:`._forecast.finish_days`, plus keywords ``context``, a frame of the rows' person
    position, step and forecast date, and ``m``), for comparing candidate models
    (``benchmarks/bench_forecast.py``; a candidate must read ``m`` only as of the date)."""
    starts = m.people["start"].dropna()
    if starts.empty or m.milestones.empty:
        return _empty()
    months = pd.date_range(starts.min() + pd.offsets.MonthBegin(1), as_of, freq="MS")
    months = months[months < as_of]
    ms = m.milestones
    ids = m.people["person_id"].to_numpy(dtype=object)
    pi = positions(m, ms["person_id"])
    done = ms["done"].to_numpy(dtype="datetime64[ns]")
    end = np.datetime64(as_of, "ns")
    start = m.people["start"].to_numpy(dtype="datetime64[ns]")
    frames = []
    for day in months:
        d = np.datetime64(day, "ns")
        is_open = open_on(m, day)
        window_of, _, per = pace(m, day, weeks)
        # what happened next: the done dates (up to as_of) of the milestones open on `day`
        later = is_open & ~np.isnat(done) & (done <= end)
        rem = np.bincount(pi[is_open], minlength=len(ids))
        n_all = per["n_done"].reindex(ids).fillna(0).to_numpy()
        who = np.flatnonzero((rem > 0) & (start < d) & has_pace(n_all, window_of.to_numpy()))
        if not len(who):
            continue
        step = np.concatenate([np.arange(1, rem[p] + 1) for p in who])
        owner = np.repeat(who, rem[who])
        pp = per.reindex(ids[owner])
        n = pp["n_done"].fillna(0).to_numpy(dtype="float64")
        s2 = pp["sum_sq"].fillna(0).to_numpy(dtype="float64")
        w = window_of.to_numpy()[owner].astype("float64")
        disp = dispersion_of(n, w, s2)
        # who and which step each row is, and the date: a candidate model may read the map
        # as it was on that date (its plans in force), nothing later
        context = pd.DataFrame({"owner": owner, "step": step, "made_on": day})
        order = pd.DataFrame({"pi": pi[later], "done": done[later]}).sort_values(["pi", "done"])
        order["k"] = order.groupby("pi").cumcount() + 1
        got = order.set_index(["pi", "k"])["done"]
        done_on = got.reindex(pd.MultiIndex.from_arrays([owner, step])).to_numpy(
            dtype="datetime64[ns]"
        )
        row = {
            "person_id": ids[owner],
            "made_on": pd.Timestamp(day),
            "remaining": rem[owner],
            "step": step,
            "done_on": done_on,
        }
        for q, col in ((0.5, "p50"), (0.85, "p85")):
            dd = model(step, n, w, disp, q, context=context, m=m)
            row[col] = np.where(
                dd >= 0,
                (d.astype("datetime64[D]") + np.maximum(dd, 0).astype("timedelta64[D]")).astype(
                    "datetime64[ns]"
                ),
                np.datetime64("NaT"),
            )
        frames.append(pd.DataFrame(row))
    if not frames:
        return _empty()
    out = pd.concat(frames, ignore_index=True)
    for q in ("p50", "p85"):
        when = out[q].to_numpy(dtype="datetime64[ns]")
        got = out["done_on"].to_numpy(dtype="datetime64[ns]")
        come = ~np.isnat(when) & (when <= end)
        held = ~np.isnat(got) & (got <= when)
        out[f"held_{q}"] = pd.array(np.where(come, held, False), dtype="boolean")
        out.loc[~come, f"held_{q}"] = pd.NA
    out["error_weeks"] = (out["done_on"] - out["p50"]).dt.days / 7.0
    out["person_id"] = text(out["person_id"])
    return sort_people(out, m, ["made_on", "step"])[_COLUMNS]


def backtest_summary(backtest: pd.DataFrame, *, per_person: bool = False) -> pd.DataFrame:
    """How often the dates of a :func:`forecast_backtest` held: for everyone, or per person.

    Parameters
    ----------
    backtest : DataFrame
        From :func:`forecast_backtest`.
    per_person : bool, default False
        One row per person (with ``person_id``) instead of one row for all the rows.

    Returns
    -------
    pandas.DataFrame
        ``forecasts, judged_p50, held_p50, coverage_p50, judged_p85, held_p85,
        coverage_p85, median_error_weeks, sentence``: how many P50 and P85 dates have come,
        how many held and their share (well calibrated: about 0.5 and 0.85), the median of
        done minus P50 in weeks (positive: later than P50), and the coverage in words.

    Examples
    --------
    >>> import pandas as pd
    >>> bt = pd.DataFrame({"person_id": ["a"] * 3, "held_p50": pd.array([True, False, None]),
    ...     "held_p85": pd.array([True, True, False]), "error_weeks": [-1.0, 2.0, None]})
    >>> backtest_summary(bt).iloc[0]["sentence"]
    'of the forecasts careermap made for you, 2 of 3 P85 dates held (1 of 2 P50 dates)'
    """
    check_columns(
        backtest, ["person_id", "held_p50", "held_p85", "error_weeks"], "backtest_summary"
    )
    one = backtest["person_id"].nunique() == 1
    groups = list(backtest.groupby("person_id", sort=False)) if per_person else [(None, backtest)]
    rows = [_coverage(g, pid, "you" if one or per_person else None) for pid, g in groups]
    cols = [
        "forecasts", "judged_p50", "held_p50", "coverage_p50", "judged_p85", "held_p85",
        "coverage_p85", "median_error_weeks", "sentence",
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=["person_id", *cols])
    if not per_person:
        return out[cols]
    out["person_id"] = text(out["person_id"])
    return out


def _coverage(g: pd.DataFrame, pid: object, who: str | None) -> dict[str, object]:
    row: dict[str, object] = {"person_id": pid, "forecasts": len(g)}
    for q in ("p50", "p85"):
        held = g[f"held_{q}"].dropna().astype(bool)
        row[f"judged_{q}"] = len(held)
        row[f"held_{q}"] = int(held.sum())
        row[f"coverage_{q}"] = float(held.mean()) if len(held) else np.nan
    err = g["error_weeks"].dropna()
    row["median_error_weeks"] = float(err.median()) if len(err) else np.nan
    row["sentence"] = _sentence(row, who)
    return row


def _sentence(row: dict, who: str | None) -> str:
    if not row["judged_p85"]:
        return (
            "no P85 date of a past forecast has come yet: too early to say how good the "
            "forecast has been"
        )
    head = "of the forecasts careermap made" + (f" for {who}" if who else "")
    return (
        f"{head}, {row['held_p85']} of {row['judged_p85']} P85 dates held "
        f"({row['held_p50']} of {row['judged_p50']} P50 dates)"
    )


def _empty() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="float64") for c in _COLUMNS})
    out["person_id"] = pd.Series(dtype="str")
    for c in ("made_on", "p50", "p85", "done_on"):
        out[c] = pd.Series(dtype="datetime64[ns]")
    for c in ("remaining", "step"):
        out[c] = pd.Series(dtype="int64")
    for c in ("held_p50", "held_p85"):
        out[c] = pd.Series(dtype="boolean")
    return out
