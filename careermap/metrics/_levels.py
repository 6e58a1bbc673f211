"""Skill levels as of a date: the latest assessment per source and the combined level.

The combination rule (source weights, the 180-day window) is documented in
``docs/metrics.md#skill_levels``; every skill metric reads levels through this module. The
rule is written twice here, side by side: in pandas (:func:`combine_levels`, for the
personal metrics, which evaluate it at many dates per person) and as an Ibis expression
(:func:`combined_levels_expr`, for the cohort KPIs, which run on any Ibis backend, Parquet
cohorts larger than memory included). Both read :data:`SOURCE_WEIGHTS` and
:data:`COMBINE_WINDOW_DAYS`; ``tests/metrics/test_level_parity.py`` checks they agree for
every person, skill and date of the demo cohort.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
from ibis import _

from careermap._vocab import ASSESSMENT_SOURCES
from careermap.metrics._common import as_of_arg, check_map, days, skill_key, sort_people, text
from careermap.metrics._exact import exact_sum, from_units, units
from careermap.metrics._memo import by_content
from careermap.metrics._onet import catalogue
from careermap.model import CareerMap

__all__ = ["COMBINE_WINDOW_DAYS", "SOURCE_WEIGHTS", "skill_history", "skill_levels"]

#: Weight of each assessment source in the combined level (more weight = more reliable).
SOURCE_WEIGHTS = {"test": 3.0, "mentor": 2.0, "manager": 2.0, "peer": 1.0, "self": 1.0}
#: Sources whose latest assessment is older than this, counted back from the skill's most
#: recent assessment, are left out of the combined level.
COMBINE_WINDOW_DAYS = 180
DOMAINS = ("skill", "knowledge", "custom")
LEVEL_SOURCES = (*ASSESSMENT_SOURCES, "combined")


def assessments_upto(m: CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    return _assessments_upto(m.assessments, as_of)


def _assessments_upto(assessments: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    a = assessments[assessments["date"] <= as_of]
    return pd.DataFrame(
        {
            "person_id": a["person_id"].to_numpy(),
            "skill_id": skill_key(a).to_numpy(),
            "date": a["date"].to_numpy(),
            "level": a["level"].to_numpy(dtype="float64"),
            "source": a["source"].astype("str").to_numpy(),
            "_i": np.arange(len(a)),
        }
    )


def latest_levels(a: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Latest level per source of each skill as of each point (``person_id, at`` and optionally
    ``skill_id``): the last assessment on or before ``at`` (ties: the later row of the file)."""
    on = ["person_id", "skill_id"] if "skill_id" in points.columns else ["person_id"]
    x = points.merge(a, on=on, how="inner")
    x = x[x["date"] <= x["at"]]
    x = x.sort_values(["date", "_i"], kind="stable")
    return x.drop_duplicates(["person_id", "at", "skill_id", "source"], keep="last")


def combine_levels(latest: pd.DataFrame) -> pd.DataFrame:
    """The combined level: weighted mean of the latest level per source, over the sources
    assessed within COMBINE_WINDOW_DAYS of the skill's most recent assessment."""
    keys = ["person_id", "at", "skill_id"]
    recent = latest.groupby(keys, sort=False)["date"].transform("max")
    use = latest["date"] >= recent - pd.Timedelta(days=COMBINE_WINDOW_DAYS)
    w = latest["source"].map(SOURCE_WEIGHTS).astype("float64").where(use, 0.0)
    # the weighted levels added exactly (terms to 1e-9, ``_exact``), as the cohort KPIs add
    parts = latest.assign(_w=w, _wl=units(w * latest["level"]), _use=use, date=recent)
    g = parts.groupby(keys, sort=False)
    out = g.agg(
        _w=("_w", "sum"), _wl=("_wl", "sum"), n_sources=("_use", "sum"), date=("date", "max")
    )
    out["level"] = from_units(out["_wl"].to_numpy()) / out["_w"].to_numpy()
    return out.drop(columns=["_w", "_wl"]).reset_index()


def combined_levels_expr(assessments: ibis.Table, points: ibis.Table) -> ibis.Table:
    """:func:`combine_levels` as one Ibis expression: the combined level of a skill as of a date.

    Parameters
    ----------
    assessments
        ``person_id, skill_id, skill, date, level, source, seq`` (the ``assessments`` frame;
        ``seq`` is the order the rows were written: of two assessments by one source on one
        day the later row counts). An unresolved ``skill_id`` falls back to ``skill``, as in
        the pandas rule.
    points
        ``person_id, skill_id, at``: each skill to evaluate, as of ``at`` (a timestamp).

    Returns
    -------
    ibis.Table
        ``person_id, skill_id, at, level, n_sources, date`` for the points whose skill was
        assessed on or before ``at``: the weighted mean of each source's latest level, over
        the sources assessed within ``COMBINE_WINDOW_DAYS`` of the skill's most recent
        assessment (``date``), weights :data:`SOURCE_WEIGHTS`.

    Examples
    --------
    >>> import ibis, pandas as pd
    >>> T = pd.Timestamp
    >>> a = ibis.memtable(pd.DataFrame({"person_id": "p", "skill_id": "s", "skill": "s",
    ...     "date": [T("2026-01-01"), T("2026-09-01"), T("2026-10-01")],
    ...     "level": [2.0, 3.0, 4.0], "source": ["manager", "self", "mentor"], "seq": [0, 1, 2]}))
    >>> pts = ibis.memtable(pd.DataFrame({"person_id": ["p"], "skill_id": ["s"],
    ...     "at": [T("2026-11-15")]}))
    >>> row = ibis.duckdb.connect().execute(combined_levels_expr(a, pts)).iloc[0]
    >>> float(row.level), int(row.n_sources)  # the manager's is 273 days older: left out
    (3.6666666666666665, 2)
    """
    keys = ["person_id", "skill_id", "at"]
    a = assessments.select(
        "person_id",
        "date",
        "level",
        "seq",
        skill_id=_.skill_id.fill_null(_.skill),
        source=_.source.cast("string"),
    )
    x = points.select(*keys).join(a, ["person_id", "skill_id"]).filter(_.date <= _.at)
    # each source's latest assessment as of `at` (the later row on a tie)
    x = x.mutate(
        _k=ibis.row_number().over(
            group_by=[*keys, "source"], order_by=[ibis.desc(_.date), ibis.desc(_.seq)]
        )
    ).filter(_._k == 0)
    x = x.mutate(_recent=_.date.max().over(group_by=keys))
    weight = ibis.cases(
        *((x.source == s, ibis.literal(w, type="float64")) for s, w in SOURCE_WEIGHTS.items()),
        else_=ibis.literal(0.0, type="float64"),
    )
    use = x.date >= x._recent - ibis.interval(days=COMBINE_WINDOW_DAYS)
    x = x.mutate(_w=ibis.ifelse(use, weight, ibis.literal(0.0, type="float64")), _use=use)
    return x.group_by(keys).agg(
        level=exact_sum(_._w * _.level.cast("float64")) / _._w.sum(),
        n_sources=_._use.cast("int64").sum(),
        date=_.date.max(),
    )


def levels_at(m: CareerMap, points: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Combined level per ``person_id, at, skill_id`` (only skills assessed by ``at``)."""
    return combine_levels(latest_levels(assessments_upto(m, as_of), points))


def with_names(m: CareerMap, df: pd.DataFrame) -> pd.DataFrame:
    """Add ``skill`` (how the skill is shown) and ``domain`` for the ``person_id, skill_id`` of
    each row: the O*NET label (:func:`careermap.reference.skill_labels`: the name, with the
    domain where a skill and a knowledge area share it), else the name the person gave a
    custom skill, else the id itself. The charts show this column as it is."""
    cat = catalogue()
    sid = df["skill_id"].to_numpy(dtype=object)
    name = cat["label"].reindex(sid).to_numpy(dtype=object)
    custom = pd.isna(name)
    if custom.any():
        given = pd.concat(
            [
                m.custom_skills[["person_id", "skill_id", "name"]],
                m.role_requirements.assign(skill_id=skill_key(m.role_requirements))[
                    ["person_id", "skill_id", "name"]
                ],
            ],
            ignore_index=True,
        ).dropna(subset=["name"])
        given = given.drop_duplicates(["person_id", "skill_id"])
        given = given.set_index(["person_id", "skill_id"])["name"]
        key = pd.MultiIndex.from_arrays(
            [df["person_id"].to_numpy(dtype=object)[custom], sid[custom]]
        )
        looked = given.reindex(key).to_numpy(dtype=object)
        name[custom] = np.where(pd.isna(looked), sid[custom], looked)
    domain = cat["domain"].astype("str").reindex(sid).fillna("custom").to_numpy()
    return df.assign(
        skill=text(pd.Series(name, dtype=object)).to_numpy(),
        domain=pd.Categorical(domain, categories=list(DOMAINS)),
    )


def skill_levels(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Latest assessed level per person, skill and source, plus a ``combined`` level.

    The combined level is the weighted mean of the latest level of each source, counting
    only sources assessed within 180 days of the skill's most recent assessment, with weights
    test 3, mentor 2, manager 2, peer 1, self 1 (:data:`SOURCE_WEIGHTS`).

    Returns
    -------
    pandas.DataFrame
        ``person_id, skill_id, skill, domain, source, level, date, n_sources``; ``source`` is
        one of self, mentor, manager, peer, test, combined. ``date`` is the assessment's date
        (for ``combined``, the most recent one); ``n_sources`` is how many sources the
        combined level uses (1 on the per-source rows).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> lv = metrics.skill_levels(m, as_of="2026-11-15")
    >>> speaking = lv[(lv.skill == "Speaking") & (lv.source == "combined")].iloc[0]
    >>> round(float(speaking.level), 2), int(speaking.n_sources)  # (3*1 + 3*2 + 2.8*2) / 5
    (2.92, 3)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    points = pd.DataFrame({"person_id": m.people["person_id"].to_numpy(), "at": as_of})
    latest = latest_levels(assessments_upto(m, as_of), points)
    combined = combine_levels(latest).assign(source="combined")
    per_source = latest.assign(n_sources=1)
    cols = ["person_id", "skill_id", "source", "level", "date", "n_sources"]
    out = pd.concat([per_source[cols], combined[cols]], ignore_index=True)
    out = with_names(m, out)
    out["source"] = pd.Categorical(out["source"], categories=list(LEVEL_SOURCES))
    out["n_sources"] = out["n_sources"].astype("int64")
    out["person_id"] = text(out["person_id"])
    out["skill_id"] = text(out["skill_id"])
    cols = ["person_id", "skill_id", "skill", "domain", "source", "level", "date", "n_sources"]
    return sort_people(out[cols], m, ["skill_id", "source"])


def skill_history(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Every skill assessment on or before ``as_of``, with the skill named as careermap shows it.

    The assessments as written (what :func:`careermap.charts.skill_history` draws), with
    ``skill`` the display name of :func:`skill_levels` (the O*NET label, or the name given
    to a custom skill) instead of the text the person typed, so a chart needs no reference
    data to name a skill.

    Returns
    -------
    pandas.DataFrame
        ``person_id, date, skill_id, skill, domain, source, level``, one row per assessment
        in the order written (notes are left out).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> h = metrics.skill_history(m, as_of="2026-11-15")
    >>> m.assessments["skill"].iloc[1], h["skill"].iloc[1]  # written as its id
    ('2.A.1.e', 'Mathematics (skill)')
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    a = assessments_upto(m, as_of)
    out = with_names(m, a[["person_id", "skill_id"]])
    out = pd.DataFrame(
        {
            "person_id": text(a["person_id"]),
            "date": a["date"].astype("datetime64[ns]"),
            "skill_id": text(a["skill_id"]),
            "skill": out["skill"].to_numpy(),
            "domain": out["domain"],
            "source": pd.Categorical(a["source"], categories=list(ASSESSMENT_SOURCES)),
            "level": a["level"].astype("float64"),
        }
    )
    return sort_people(out, m)


def levels_now(m: CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    """Combined level of each skill assessed by ``as_of`` (``person_id, skill_id, level,
    date``), remembered by the content of the assessments (a redraw asks several times)."""
    return _levels_now(m.people[["person_id"]], m.assessments, as_of)


@by_content
def _levels_now(
    people: pd.DataFrame, assessments: pd.DataFrame, as_of: pd.Timestamp
) -> pd.DataFrame:
    points = pd.DataFrame({"person_id": people["person_id"].to_numpy(), "at": as_of})
    latest = latest_levels(_assessments_upto(assessments, as_of), points)
    return combine_levels(latest)[["person_id", "skill_id", "level", "date"]]


def skill_series(m: CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    """Combined level of each skill on every date that skill was assessed (``person_id,
    skill_id, at, level``)."""
    a = assessments_upto(m, as_of)
    points = a[["person_id", "skill_id", "date"]].drop_duplicates().rename(columns={"date": "at"})
    return combine_levels(latest_levels(a, points))[["person_id", "skill_id", "at", "level"]]


def level_trend(series: pd.DataFrame) -> pd.DataFrame:
    """Least-squares slope (levels per day) of each skill's combined level over time."""
    t = days(series["at"]).astype("float64")
    s = series.assign(_t=t)
    g = s.groupby(["person_id", "skill_id"], sort=False)
    mean_t = g["_t"].transform("mean")
    mean_l = g["level"].transform("mean")
    s = s.assign(_xy=(s["_t"] - mean_t) * (s["level"] - mean_l), _xx=(s["_t"] - mean_t) ** 2)
    g = s.groupby(["person_id", "skill_id"], sort=False)
    out = g.agg(
        n_assessments=("level", "size"),
        first_assessed=("at", "min"),
        last_assessed=("at", "max"),
        _xy=("_xy", "sum"),
        _xx=("_xx", "sum"),
    )
    out["slope"] = out["_xy"] / out["_xx"].where(out["_xx"] > 0)
    first = s.sort_values("at").groupby(["person_id", "skill_id"], sort=False)["level"]
    out["first_level"] = first.first()
    out["latest_level"] = first.last()
    return out.drop(columns=["_xy", "_xx"]).reset_index()
