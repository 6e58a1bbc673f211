"""Skills: levels as of a date, gaps to target roles, match, trend, time to close, investment,
closest O*NET occupations and transition paths through related occupations.

The rules (combined level, unassessed skills, weighting, match score) are documented in
``docs/metrics.md#skills``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from careermap import reference
from careermap._vocab import ASSESSMENT_SOURCES
from careermap.errors import InvalidArgumentError
from careermap.metrics._common import (
    as_of_arg,
    check_int,
    check_map,
    days,
    roles_arg,
    skill_key,
    sort_people,
    text,
)
from careermap.metrics._time import linked_log
from careermap.model import CareerMap

__all__ = [
    "COMBINE_WINDOW_DAYS",
    "SOURCE_WEIGHTS",
    "closest_roles",
    "gap_trend",
    "match_score",
    "role_coverage",
    "skill_gaps",
    "skill_investment",
    "skill_levels",
    "time_to_close",
    "transition_steps",
]

#: Weight of each assessment source in the combined level (more weight = more reliable).
SOURCE_WEIGHTS = {"test": 3.0, "mentor": 2.0, "manager": 2.0, "peer": 1.0, "self": 1.0}
#: Sources whose latest assessment is older than this, counted back from the skill's most
#: recent assessment, are left out of the combined level.
COMBINE_WINDOW_DAYS = 180
#: Importance given to a custom requirement that states none (and is not on the O*NET profile).
DEFAULT_IMPORTANCE = 3.0
DOMAINS = ("skill", "knowledge", "custom")
LEVEL_SOURCES = (*ASSESSMENT_SOURCES, "combined")


# The reference tables never change while a program runs; these cached views are read-only
# by convention (never modified here) and save a copy of the table on every call.
@functools.cache
def _occ() -> pd.DataFrame:
    return reference.occupations().set_index("code")[["title", "job_zone", "rated"]]


@functools.cache
def _catalogue() -> pd.DataFrame:
    return reference.skills().set_index("skill_id")[["name", "domain"]]


@functools.cache
def _onet_requirements() -> pd.DataFrame:
    return reference.requirements()


@functools.cache
def _onet_slices() -> dict[str, pd.DataFrame]:
    req = _onet_requirements()
    return {code: part for code, part in req.groupby("role_id", sort=False)}


@functools.cache
def _edges() -> pd.DataFrame:
    return reference.related_occupations()[
        ["code", "related_code", "related_title", "relatedness", "index"]
    ]


def _onet_for(codes: list[str]) -> pd.DataFrame:
    parts = _onet_slices()
    found = [parts[c] for c in codes if c in parts]
    return pd.concat(found, ignore_index=True) if found else _onet_requirements().iloc[:0]


# --- levels ------------------------------------------------------------------------------------


def _assessments(m: CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    a = m.assessments[m.assessments["date"] <= as_of]
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


def _latest(a: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Latest level per source of each skill as of each point (``person_id, at`` and optionally
    ``skill_id``): the last assessment on or before ``at`` (ties: the later row of the file)."""
    on = ["person_id", "skill_id"] if "skill_id" in points.columns else ["person_id"]
    x = points.merge(a, on=on, how="inner")
    x = x[x["date"] <= x["at"]]
    x = x.sort_values(["date", "_i"], kind="stable")
    return x.drop_duplicates(["person_id", "at", "skill_id", "source"], keep="last")


def _combine(latest: pd.DataFrame) -> pd.DataFrame:
    """The combined level: weighted mean of the latest level per source, over the sources
    assessed within COMBINE_WINDOW_DAYS of the skill's most recent assessment."""
    keys = ["person_id", "at", "skill_id"]
    recent = latest.groupby(keys, sort=False)["date"].transform("max")
    use = latest["date"] >= recent - pd.Timedelta(days=COMBINE_WINDOW_DAYS)
    w = latest["source"].map(SOURCE_WEIGHTS).astype("float64").where(use, 0.0)
    parts = latest.assign(_w=w, _wl=w * latest["level"], _use=use, date=recent)
    g = parts.groupby(keys, sort=False)
    out = g.agg(
        _w=("_w", "sum"), _wl=("_wl", "sum"), n_sources=("_use", "sum"), date=("date", "max")
    )
    out["level"] = out["_wl"] / out["_w"]
    return out.drop(columns=["_w", "_wl"]).reset_index()


def _levels_at(m: CareerMap, points: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Combined level per ``person_id, at, skill_id`` (only skills assessed by ``at``)."""
    return _combine(_latest(_assessments(m, as_of), points))


def _names(m: CareerMap, df: pd.DataFrame) -> pd.DataFrame:
    """Add ``skill`` (display name) and ``domain`` for the ``person_id, skill_id`` of each row:
    the O*NET name, else the name the person gave a custom skill, else the id itself."""
    cat = _catalogue()
    sid = df["skill_id"].to_numpy(dtype=object)
    name = cat["name"].reindex(sid).to_numpy(dtype=object)
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
    latest = _latest(_assessments(m, as_of), points)
    combined = _combine(latest).assign(source="combined")
    per_source = latest.assign(n_sources=1)
    cols = ["person_id", "skill_id", "source", "level", "date", "n_sources"]
    out = pd.concat([per_source[cols], combined[cols]], ignore_index=True)
    out = _names(m, out)
    out["source"] = pd.Categorical(out["source"], categories=list(LEVEL_SOURCES))
    out["n_sources"] = out["n_sources"].astype("int64")
    out["person_id"] = text(out["person_id"])
    out["skill_id"] = text(out["skill_id"])
    cols = ["person_id", "skill_id", "skill", "domain", "source", "level", "date", "n_sources"]
    return sort_people(out[cols], m, ["skill_id", "source"])


# --- roles and requirements --------------------------------------------------------------------


def _roles(m: CareerMap, roles: list[str] | None) -> pd.DataFrame:
    """One row per person x role compared: ``person_id, role_id, kind, title, priority, code,
    has_role, position`` (``code`` is the O*NET occupation giving the base profile)."""
    occ = _occ()
    targets = m.target_roles
    if roles is None:
        out = targets[["person_id", "role_id", "kind", "priority", "title", "based_on"]].copy()
        out["kind"] = out["kind"].astype("str")
        out["has_role"] = True
        out = sort_people(out.assign(_p=out["priority"].astype("float64")), m, ["_p"])
        out = out.drop(columns="_p")
    else:
        custom_ids = set(targets.loc[targets["kind"] == "custom", "role_id"])
        unknown = [r for r in roles if r not in occ.index and r not in custom_ids]
        if unknown:
            shown = ", ".join(sorted(custom_ids)) or "none"
            raise InvalidArgumentError(
                f"roles: unknown role {unknown[0]!r}; give O*NET-SOC codes such as '15-2051.01' "
                "(find them with careermap.reference.search_occupations) or custom role ids "
                f"of this map ({shown})"
            )
        ids = m.people["person_id"].to_numpy()
        out = pd.DataFrame(
            {
                "person_id": np.repeat(ids, len(roles)),
                "role_id": np.tile(np.array(roles, dtype=object), len(ids)),
            }
        )
        t = targets.drop_duplicates(["person_id", "role_id"]).set_index(["person_id", "role_id"])
        key = pd.MultiIndex.from_frame(out[["person_id", "role_id"]])
        is_code = out["role_id"].isin(occ.index).to_numpy()
        out["kind"] = np.where(is_code, "onet", "custom")
        out["priority"] = t["priority"].reindex(key).to_numpy()
        out["title"] = t["title"].reindex(key).to_numpy()
        out["based_on"] = t["based_on"].reindex(key).to_numpy()
        out["has_role"] = is_code | key.isin(t.index)
        out["priority"] = out["priority"].astype("Int64")
    out = out.reset_index(drop=True)
    code = np.where(out["kind"] == "onet", out["role_id"], out["based_on"])
    out["code"] = text(pd.Series(code, dtype=object))
    onet_title = occ["title"].reindex(out["role_id"]).to_numpy()
    out["title"] = text(out["title"].astype(object).fillna(pd.Series(onet_title, dtype=object)))
    out["position"] = np.arange(len(out))
    return out.drop(columns="based_on")


def _requirements(
    m: CareerMap, roles_df: pd.DataFrame, *, include_not_relevant: bool
) -> pd.DataFrame:
    """Required level and importance per person x role x skill: the O*NET profile of
    ``code`` with the custom role's own requirements laid over it (they replace the same skill)."""
    codes = sorted(set(roles_df["code"].dropna()))
    onet = _onet_for(codes).rename(columns={"role_id": "code", "level": "required_level"})
    base = roles_df[roles_df["has_role"]][["person_id", "role_id", "kind", "code", "position"]]
    rows = base.merge(onet, on="code", how="inner")
    rows["requirement"] = "onet"
    if not include_not_relevant:
        rows = rows[~rows["not_relevant"].to_numpy(dtype=bool)]

    rr = m.role_requirements
    custom = pd.DataFrame(
        {
            "person_id": rr["person_id"].to_numpy(),
            "role_id": rr["role_id"].to_numpy(),
            "skill_id": skill_key(rr).to_numpy(),
            "required_level": rr["level"].to_numpy(dtype="float64"),
            "importance": rr["importance"].to_numpy(dtype="float64"),
        }
    ).drop_duplicates(["person_id", "role_id", "skill_id"], keep="last")
    custom = base[base["kind"] == "custom"].merge(custom, on=["person_id", "role_id"], how="inner")
    if len(custom):
        # a custom requirement without importance keeps the O*NET importance of that skill
        on_key = ["person_id", "role_id", "skill_id"]
        prior = _onet_for(codes).set_index(["role_id", "skill_id"])["importance"]
        onet_imp = prior.reindex(pd.MultiIndex.from_frame(custom[["code", "skill_id"]]))
        custom["importance"] = (
            custom["importance"]
            .fillna(pd.Series(onet_imp.to_numpy(), index=custom.index))
            .fillna(DEFAULT_IMPORTANCE)
        )
        custom["requirement"] = "custom"
        custom["suppress"] = False
        custom["not_relevant"] = False
        replaced = pd.MultiIndex.from_frame(rows[on_key]).isin(
            pd.MultiIndex.from_frame(custom[on_key])
        )
        rows = pd.concat([rows[~replaced], custom], ignore_index=True)
    rows["suppress"] = rows["suppress"].astype(bool)
    rows["not_relevant"] = rows["not_relevant"].astype(bool)
    return rows.drop(columns=["domain"], errors="ignore")


def role_coverage(m: CareerMap, *, roles: object = None) -> pd.DataFrame:
    """Which roles a skill gap can be measured against, and why not when it cannot.

    Parameters
    ----------
    m : CareerMap
    roles : str or list of str, optional
        O*NET-SOC codes or custom role ids to check instead of each person's target roles.

    Returns
    -------
    pandas.DataFrame
        ``person_id, role_id, kind, title, priority, code, rated, n_requirements, message,
        suggestions``: ``rated`` tells whether O*NET has skill ratings for ``code`` (the
        role, or the occupation a custom role is based on); ``n_requirements`` counts the
        elements :func:`skill_gaps` compares (0 = no gap can be measured); ``suggestions``
        lists up to five rated related occupations for an unrated one.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> c = metrics.role_coverage(m, roles=["15-2051.00"]).iloc[0]
    >>> bool(c.rated), int(c.n_requirements), c.suggestions.split("; ")[0]
    (False, 0, '15-2041.00 Statisticians')
    """
    m = check_map(m)
    roles_df = _roles(m, roles_arg(roles))
    return _coverage(m, roles_df, _requirements(m, roles_df, include_not_relevant=False))


def _coverage(m: CareerMap, roles_df: pd.DataFrame, reqs: pd.DataFrame) -> pd.DataFrame:
    occ = _occ()
    n_req = reqs.groupby("position").size()
    n_custom = reqs[reqs["requirement"] == "custom"].groupby("position").size()
    out = roles_df.copy()
    out["n_requirements"] = n_req.reindex(out["position"]).fillna(0).astype("int64").to_numpy()
    k = n_custom.reindex(out["position"]).fillna(0).astype("int64").to_numpy()
    rated = occ["rated"].reindex(out["code"]).fillna(False).to_numpy(dtype=bool)
    out["rated"] = rated
    unrated_codes = sorted(set(out.loc[out["code"].notna() & ~rated, "code"]))
    suggestions = pd.Series(_suggestions(unrated_codes, occ), dtype=object)

    code = out["code"].astype(object).fillna("")
    title = pd.Series(occ["title"].reindex(code).fillna("").to_numpy(), dtype=object)
    named = (title + " (" + code + ")").to_numpy()
    k = pd.Series(k).astype(str).to_numpy()
    n = out["n_requirements"].astype(str).to_numpy()
    is_onet = (out["kind"] == "onet").to_numpy()
    no_code = (code == "").to_numpy()
    message = np.select(
        [
            ~out["has_role"].to_numpy(dtype=bool),
            is_onet & rated,
            is_onet,
            no_code,
            rated,
        ],
        [
            "this person has no custom role '" + out["role_id"].astype(object) + "'",
            "O*NET 29.3 profile of " + title + ": " + n + " skill and knowledge ratings",
            named + " has no O*NET skill/knowledge ratings, so no gap can be measured; "
            "compare with a rated related occupation",
            "custom role: " + k + " own requirements (no based_on O*NET profile)",
            "custom role: " + k + " own requirements laid over the O*NET profile of " + named,
        ],
        "custom role: "
        + k
        + " own requirements; its based_on occupation "
        + named
        + " has no O*NET ratings",
    ).astype(object)
    empty_custom = ~is_onet & (out["n_requirements"].to_numpy() == 0) & out["has_role"].to_numpy()
    message[empty_custom] = message[empty_custom] + "; no requirement to compare with"
    out["message"] = text(pd.Series(message, dtype=object))
    sugg = suggestions.reindex(code).to_numpy(dtype=object)
    out["suggestions"] = text(
        pd.Series(np.where(out["has_role"].to_numpy() & ~rated, sugg, None), dtype=object)
    )
    out["kind"] = pd.Categorical(out["kind"], categories=["onet", "custom"])
    cols = [
        "person_id",
        "role_id",
        "kind",
        "title",
        "priority",
        "code",
        "rated",
        "n_requirements",
        "message",
        "suggestions",
    ]
    return out[cols].reset_index(drop=True)


def _suggestions(codes: list[str], occ: pd.DataFrame) -> dict[str, str]:
    if not codes:
        return {}
    edges = _edges()
    rel = edges[edges["code"].isin(codes)]
    rel = rel[occ["rated"].reindex(rel["related_code"]).fillna(False).to_numpy(dtype=bool)]
    rel = rel.sort_values(["code", "index"], kind="stable").groupby("code", sort=False).head(5)
    joined = (
        (rel["related_code"] + " " + rel["related_title"])
        .groupby(rel["code"], sort=False)
        .agg("; ".join)
    )
    return joined.to_dict()


# --- gaps --------------------------------------------------------------------------------------


_GAP_COLUMNS = [
    "person_id", "role_id", "role_title", "priority", "skill_id", "skill", "domain",
    "required_level", "importance", "current_level", "assessed", "gap", "weighted_gap",
    "level_se", "level_lower", "level_upper", "suppress", "not_relevant", "requirement",
]  # fmt: skip


def _gap_rows(
    reqs: pd.DataFrame,
    levels: pd.DataFrame,
    on: tuple[str, ...] | list[str] = ("person_id", "skill_id"),
) -> pd.DataFrame:
    """Requirements joined with the combined levels; gap and weighted gap per row."""
    x = reqs.merge(levels, on=list(on), how="left")
    x["current_level"] = x["level"]
    x["assessed"] = x["current_level"].notna()
    x["gap"] = (x["required_level"] - x["current_level"]).clip(lower=0.0)
    x["weight"] = x["required_level"] * x["importance"] / 5.0
    x["weighted_gap"] = x["gap"] * x["importance"] / 5.0
    return x


def _levels_now(m: CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    points = pd.DataFrame({"person_id": m.people["person_id"].to_numpy(), "at": as_of})
    return _levels_at(m, points, as_of)[["person_id", "skill_id", "level", "date"]]


def skill_gaps(
    m: CareerMap,
    *,
    roles: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
) -> pd.DataFrame:
    """Gap between the person's combined level and each role's required level, per skill.

    Parameters
    ----------
    m : CareerMap
    roles : str or list of str, optional
        O*NET-SOC codes or custom role ids to compare with instead of the target roles
        (applied to every person; ``priority`` is the role's target priority, or missing).
    as_of : date-like, optional
    include_not_relevant : bool, default False
        Keep the elements O*NET flags "not relevant" for an occupation.

    Returns
    -------
    pandas.DataFrame
        One row per person x role x required element: ``person_id, role_id, role_title,
        priority, skill_id, skill, domain, required_level, importance, current_level,
        assessed, gap, weighted_gap, level_se, level_lower, level_upper, suppress,
        not_relevant, requirement`` (``onet`` or ``custom``). ``gap = max(required -
        current, 0)`` and ``weighted_gap = gap * importance / 5``. An unassessed skill stays
        visible: ``assessed=False`` and NaN ``current_level``, ``gap``, ``weighted_gap``.
        Roles with nothing to compare against (e.g. 15-2051.00, which O*NET has not rated)
        give no rows; ``.attrs["notes"]`` says why (see :func:`role_coverage`).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> g = metrics.skill_gaps(m, roles="15-2051.01", as_of="2026-11-15")
    >>> g.set_index("skill").loc["Programming", ["required_level", "current_level", "gap"]].tolist()
    [2.5, 5.0, 0.0]
    >>> g.attrs["notes"]
    []
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    roles_df = _roles(m, roles_arg(roles))
    reqs = _requirements(m, roles_df, include_not_relevant=bool(include_not_relevant))
    out = _gap_rows(reqs, _levels_now(m, as_of))
    out = _finish_gaps(m, out, roles_df)
    cov = _coverage(m, roles_df, reqs)
    empty = cov[cov["n_requirements"] == 0]
    out.attrs["notes"] = [
        f"{r.person_id} {r.role_id}: {r.message}"
        + (
            f"; rated related occupations: {r.suggestions}"
            if isinstance(r.suggestions, str)
            else ""
        )
        for r in empty.itertuples(index=False)
    ]
    return out


def _finish_gaps(m: CareerMap, x: pd.DataFrame, roles_df: pd.DataFrame) -> pd.DataFrame:
    """Names, role columns and order: by role, then largest weighted gap first (unassessed
    last)."""
    info = roles_df.set_index("position")
    x = _names(m, x.reset_index(drop=True))
    x["role_title"] = info["title"].reindex(x["position"]).to_numpy()
    x["priority"] = info["priority"].reindex(x["position"]).to_numpy()
    x["priority"] = x["priority"].astype("Int64")
    x["requirement"] = pd.Categorical(x["requirement"], categories=["onet", "custom"])
    for col in ("person_id", "role_id", "skill_id", "role_title"):
        x[col] = text(x[col])
    x["_wg"] = -x["weighted_gap"].fillna(-np.inf)
    x = x.sort_values(["position", "_wg", "skill_id"], kind="stable")
    return x[_GAP_COLUMNS].reset_index(drop=True)


def _match_table(gaps: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Match per group of gap rows: ``1 - sum(weighted gap, unassessed = full weight) /
    sum(weight)`` with ``weight = required_level * importance / 5``."""
    weight = gaps["required_level"] * gaps["importance"] / 5.0
    full = gaps["weighted_gap"].where(gaps["assessed"], weight)
    parts = gaps[keys].assign(
        _w=weight,
        _full=full,
        _wa=weight.where(gaps["assessed"], 0.0),
        _ga=gaps["weighted_gap"].where(gaps["assessed"], 0.0),
        _n=1,
        _na=gaps["assessed"].astype("int64"),
    )
    agg = parts.groupby(keys, sort=False, dropna=False)[
        ["_w", "_full", "_wa", "_ga", "_n", "_na"]
    ].sum()
    out = pd.DataFrame(index=agg.index)
    out["match_score"] = 1.0 - agg["_full"] / agg["_w"].where(agg["_w"] > 0)
    out["match_assessed"] = 1.0 - agg["_ga"] / agg["_wa"].where(agg["_wa"] > 0)
    out["assessed_share"] = agg["_wa"] / agg["_w"].where(agg["_w"] > 0)
    out["weighted_gap"] = agg["_full"]
    out["weighted_gap_assessed"] = agg["_ga"]
    out["max_weighted_gap"] = agg["_w"]
    out["n_requirements"] = agg["_n"].astype("int64")
    out["n_assessed"] = agg["_na"].astype("int64")
    return out.reset_index()


def match_score(
    m: CareerMap,
    *,
    roles: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
) -> pd.DataFrame:
    """How well each person's current levels meet each role's requirements, in [0, 1].

    ``match_score = 1 - sum(weighted_gap) / sum(required_level * importance / 5)`` over all
    the role's elements, an unassessed element counting as a full gap (no evidence yet);
    ``match_assessed`` is the same ratio over assessed elements only and ``assessed_share``
    the share of the role's weight that is assessed.

    Returns
    -------
    pandas.DataFrame
        ``person_id, role_id, role_title, priority, match_score, match_assessed,
        assessed_share, weighted_gap, max_weighted_gap, n_requirements, n_assessed``; one row
        per compared role, NaN scores where there is nothing to compare
        (see :func:`role_coverage`).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> s = metrics.match_score(m, as_of="2026-11-15")
    >>> bool(s.match_score.between(0, 1).all()), s.role_id.tolist()
    (True, ['15-2051.01', '15-2041.00', 'analytics-lead'])
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    roles_df = _roles(m, roles_arg(roles))
    reqs = _requirements(m, roles_df, include_not_relevant=bool(include_not_relevant))
    gaps = _gap_rows(reqs, _levels_now(m, as_of))
    agg = _match_table(gaps, ["position"])
    out = roles_df.merge(agg, on="position", how="left")
    for col in ("n_requirements", "n_assessed"):
        out[col] = out[col].fillna(0).astype("int64")
    out["role_title"] = out["title"]
    out["person_id"] = text(out["person_id"])
    out["role_id"] = text(out["role_id"])
    cols = [
        "person_id", "role_id", "role_title", "priority", "match_score", "match_assessed",
        "assessed_share", "weighted_gap", "max_weighted_gap", "n_requirements", "n_assessed",
    ]  # fmt: skip
    return out[cols].reset_index(drop=True)


def gap_trend(
    m: CareerMap,
    *,
    roles: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
) -> pd.DataFrame:
    """Total weighted gap to each role on every date the person assessed a skill.

    The levels on each date are the combined levels as of that date (the same rule as
    :func:`skill_levels`), so the series shows how the gap closed as assessments came in.

    Returns
    -------
    pandas.DataFrame
        ``person_id, role_id, date, weighted_gap, weighted_gap_assessed, match_score,
        n_assessed``: ``weighted_gap`` counts unassessed elements as full gaps (so a newly
        assessed skill never raises it), as in :func:`match_score`.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> t = metrics.gap_trend(m, roles="15-2051.01", as_of="2026-11-15")
    >>> bool(t.weighted_gap.iloc[-1] < t.weighted_gap.iloc[0])
    True
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    roles_df = _roles(m, roles_arg(roles))
    reqs = _requirements(m, roles_df, include_not_relevant=bool(include_not_relevant))
    a = _assessments(m, as_of)
    points = a[["person_id", "date"]].drop_duplicates().rename(columns={"date": "at"})
    levels = _combine(_latest(a, points))[["person_id", "at", "skill_id", "level"]]
    # every requirement row on every date of its person, then the levels known on that date
    grid = reqs.merge(points, on="person_id", how="inner")
    gaps = _gap_rows(grid, levels, on=["person_id", "at", "skill_id"])
    agg = _match_table(gaps, ["position", "at"])
    out = agg.merge(roles_df[["position", "person_id", "role_id"]], on="position", how="left")
    out = out.rename(columns={"at": "date"}).sort_values(["position", "date"], kind="stable")
    out["person_id"] = text(out["person_id"])
    out["role_id"] = text(out["role_id"])
    cols = [
        "person_id",
        "role_id",
        "date",
        "weighted_gap",
        "weighted_gap_assessed",
        "match_score",
        "n_assessed",
    ]
    return out[cols].reset_index(drop=True)


# --- time to close and investment --------------------------------------------------------------


def _skill_series(m: CareerMap, as_of: pd.Timestamp) -> pd.DataFrame:
    """Combined level of each skill on every date that skill was assessed (``person_id,
    skill_id, at, level``)."""
    a = _assessments(m, as_of)
    points = a[["person_id", "skill_id", "date"]].drop_duplicates().rename(columns={"date": "at"})
    return _combine(_latest(a, points))[["person_id", "skill_id", "at", "level"]]


def _trend(series: pd.DataFrame) -> pd.DataFrame:
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


def time_to_close(
    m: CareerMap,
    *,
    roles: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
) -> pd.DataFrame:
    """When each gap would close at the person's own rate of level gain for that skill.

    The rate is the least-squares slope of the skill's combined level on the dates it was
    assessed; ``close_by = last_assessed + gap / rate``. No date is invented: NaT with a
    ``reason`` when the gap is 0, the skill is unassessed, assessed once, or not improving.

    Returns
    -------
    pandas.DataFrame
        The :func:`skill_gaps` keys plus ``current_level, required_level, gap,
        rate_per_year, n_assessments, last_assessed, close_by, reason``.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> t = metrics.time_to_close(m, roles="analytics-lead", as_of="2026-11-15")
    >>> t.set_index("skill").loc["Speaking", "reason"]
    'no level gain since the first assessment'
    """
    g = skill_gaps(m, roles=roles, as_of=as_of, include_not_relevant=include_not_relevant)
    as_of = as_of_arg(as_of)
    trend = _trend(_skill_series(m, as_of)).set_index(["person_id", "skill_id"])
    key = pd.MultiIndex.from_frame(g[["person_id", "skill_id"]])
    slope = trend["slope"].reindex(key).to_numpy()
    n = trend["n_assessments"].reindex(key).fillna(0).astype("int64").to_numpy()
    last = trend["last_assessed"].reindex(key).to_numpy(dtype="datetime64[ns]")
    out = g[
        ["person_id", "role_id", "skill_id", "skill", "current_level", "required_level", "gap"]
    ].copy()
    out["rate_per_year"] = slope * 365.25
    out["n_assessments"] = n
    out["last_assessed"] = last
    gap = out["gap"].to_numpy()
    ok = (gap > 0) & (slope > 0)
    span = np.where(ok, np.round(gap / np.where(ok, slope, 1.0)), 0)
    span = np.minimum(span, 365 * 200).astype("int64")
    out["close_by"] = np.where(
        ok, last + span.astype("timedelta64[D]"), np.datetime64("NaT")
    ).astype("datetime64[ns]")
    reason = np.select(
        [~g["assessed"].to_numpy(), gap <= 0, n < 2, ~(slope > 0)],
        [
            "not assessed yet",
            "no gap",
            "only one assessment: no rate of gain yet",
            "no level gain since the first assessment",
        ],
        "at the current rate of gain",
    )
    out["reason"] = text(pd.Series(reason, dtype=object))
    return out


def skill_investment(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """Hours invested per skill vs the level gained from its first to its latest assessment.

    Time-log rows count for a skill through the milestone they are linked to (directly or by
    their action); a milestone's hours are split equally among its skills. Hours not linked
    to a milestone with skills are not attributed to any skill.

    Returns
    -------
    pandas.DataFrame
        ``person_id, skill_id, skill, domain, hours, first_assessed, first_level,
        last_assessed, latest_level, level_gain, hours_per_level`` for every skill with hours
        or assessments (levels are combined levels; ``hours_per_level`` is NaN without gain).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> inv = metrics.skill_investment(m, as_of="2026-11-15").set_index("skill")
    >>> bool(inv.loc["Programming", "hours"] > 0), float(inv.loc["Programming", "level_gain"])
    (True, 1.5)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    log = linked_log(m, as_of)
    mss = m.milestone_skills.assign(skill_id=skill_key(m.milestone_skills))
    mss = mss.drop_duplicates(["person_id", "milestone_id", "skill_id"])
    share = 1.0 / mss.groupby(["person_id", "milestone_id"], sort=False)["skill_id"].transform(
        "size"
    )
    mss = mss.assign(share=share)
    per_ms = log.groupby(["person_id", "milestone_id"], sort=False)["hours"].sum().reset_index()
    hours = per_ms.merge(
        mss[["person_id", "milestone_id", "skill_id", "share"]], on=["person_id", "milestone_id"]
    )
    hours = (
        (hours["hours"] * hours["share"])
        .groupby([hours["person_id"], hours["skill_id"]], sort=False)
        .sum()
    )
    trend = _trend(_skill_series(m, as_of)).set_index(["person_id", "skill_id"])
    idx = hours.index.union(trend.index)
    out = pd.DataFrame(index=idx)
    out["hours"] = hours.reindex(idx).fillna(0.0)
    out["first_assessed"] = trend["first_assessed"].reindex(idx)
    out["first_level"] = trend["first_level"].reindex(idx)
    out["last_assessed"] = trend["last_assessed"].reindex(idx)
    out["latest_level"] = trend["latest_level"].reindex(idx)
    out["level_gain"] = out["latest_level"] - out["first_level"]
    out["hours_per_level"] = out["hours"] / out["level_gain"].where(out["level_gain"] > 0)
    out = out.reset_index()
    out = _names(m, out)
    out["person_id"] = text(out["person_id"])
    out["skill_id"] = text(out["skill_id"])
    cols = [
        "person_id", "skill_id", "skill", "domain", "hours", "first_assessed", "first_level",
        "last_assessed", "latest_level", "level_gain", "hours_per_level",
    ]  # fmt: skip
    return sort_people(out[cols], m, ["skill_id"])


# --- closest occupations and transitions -------------------------------------------------------


@functools.cache
def _occupation_matrix(include_not_relevant: bool):
    """Rated occupations x O*NET elements: required level, importance and inclusion mask
    (cached: callers index into these arrays and never write to them)."""
    req = _onet_requirements()
    codes = np.sort(req["role_id"].unique())
    skills = np.sort(req["skill_id"].unique())
    oi = pd.Index(codes).get_indexer(req["role_id"])
    si = pd.Index(skills).get_indexer(req["skill_id"])
    level = np.zeros((len(codes), len(skills)))
    imp = np.zeros_like(level)
    used = np.zeros(level.shape, dtype=bool)
    level[oi, si] = req["level"].to_numpy()
    imp[oi, si] = req["importance"].to_numpy()
    used[oi, si] = True if include_not_relevant else ~req["not_relevant"].to_numpy(dtype=bool)
    return codes, skills, level, imp, used


def _person_matrix(levels: pd.DataFrame, person_ids: np.ndarray, skills: np.ndarray) -> np.ndarray:
    """Combined level per person x element (NaN where unassessed)."""
    out = np.full((len(person_ids), len(skills)), np.nan)
    lv = levels[levels["skill_id"].isin(skills)]
    pi = pd.Index(person_ids).get_indexer(lv["person_id"])
    si = pd.Index(skills).get_indexer(lv["skill_id"])
    ok = pi >= 0
    out[pi[ok], si[ok]] = lv["level"].to_numpy()[ok]
    return out


def _match_matrix(current: np.ndarray, level: np.ndarray, imp: np.ndarray, used: np.ndarray):
    """match_score, match_assessed and assessed_share for people x occupations.

    The assessed weight is a matrix product; the gap sum loops over the elements (68) and
    touches only the people who assessed each one, so the cost follows the number of
    assessed person x element pairs rather than people x occupations x elements.
    """
    per_level = np.where(used, imp / 5.0, 0.0)  # (o, s)
    weight = level * per_level
    total_w = weight.sum(axis=1)
    assessed = ~np.isnan(current)  # (p, s)
    w_a = assessed.astype("float64") @ weight.T  # (p, o)
    gap_a = np.zeros_like(w_a)
    for s in range(current.shape[1]):
        rows = np.flatnonzero(assessed[:, s])
        if rows.size:
            short = level[None, :, s] - current[rows, s][:, None]
            gap_a[rows] += np.maximum(short, 0.0) * per_level[None, :, s]
    total = np.where(total_w > 0, total_w, np.nan)[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        match = 1.0 - (gap_a + total_w[None, :] - w_a) / total
        match_a = 1.0 - gap_a / np.where(w_a > 0, w_a, np.nan)
        share = w_a / total
    return match, match_a, share


def _job_zones(job_zone: object) -> list[int] | None:
    if job_zone is None:
        return None
    items = [job_zone] if isinstance(job_zone, (int, np.integer)) else job_zone
    try:
        zones = list(items)  # type: ignore[call-overload]
    except TypeError:
        zones = [job_zone]
    bad = [
        z
        for z in zones
        if isinstance(z, bool) or not isinstance(z, (int, np.integer)) or not 1 <= z <= 5
    ]
    if bad or not zones:
        raise InvalidArgumentError(
            f"job_zone must be None, an integer 1-5 or a list of them; got {job_zone!r}"
        )
    return [int(z) for z in zones]


def closest_roles(
    m: CareerMap,
    *,
    n: int = 10,
    job_zone: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
) -> pd.DataFrame:
    """The rated O*NET occupations that best match each person's current skill profile.

    Every rated occupation is scored with :func:`match_score`'s rule (one matrix of
    occupations x elements, no loop over occupations) and the ``n`` best are kept.

    Parameters
    ----------
    m : CareerMap
    n : int, default 10
        Occupations per person.
    job_zone : int or list of int, optional
        Keep only occupations of these O*NET job zones (1-5).
    as_of : date-like, optional
    include_not_relevant : bool, default False

    Returns
    -------
    pandas.DataFrame
        ``person_id, rank, role_id, title, job_zone, match_score, match_assessed,
        assessed_share, is_target, is_current, main_gaps, main_unassessed``:
        ``main_gaps`` names the three assessed elements with the largest weighted gap,
        ``main_unassessed`` the three heaviest elements not assessed yet. A person with no
        assessed O*NET skill or knowledge element gets no rows.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> c = metrics.closest_roles(m, n=3, job_zone=4, as_of="2026-11-15")
    >>> c["rank"].tolist(), bool(c.match_score.is_monotonic_decreasing)
    ([1, 2, 3], True)
    """
    m = check_map(m)
    n = check_int("n", n, minimum=1)
    zones = _job_zones(job_zone)
    as_of = as_of_arg(as_of)
    codes, skills, level, imp, used = _occupation_matrix(bool(include_not_relevant))
    occ = _occ()
    keep = np.ones(len(codes), dtype=bool)
    if zones is not None:
        keep = occ["job_zone"].reindex(codes).isin(zones).to_numpy()
    codes, level, imp, used = codes[keep], level[keep], imp[keep], used[keep]
    ids = m.people["person_id"].to_numpy()
    current = _person_matrix(_levels_now(m, as_of), ids, skills)
    # nobody is close to anything without evidence: people with no assessed O*NET element
    # get no rows rather than a ranking of ties
    profiled = ~np.isnan(current).all(axis=1)
    ids, current = ids[profiled], current[profiled]
    match, match_a, share = _match_matrix(current, level, imp, used)
    k = min(n, len(codes))
    if k == 0:
        order = np.zeros((len(ids), 0), dtype=int)
    else:
        # best first; ties by code (codes are sorted), NaN last
        order = np.argsort(-np.nan_to_num(match, nan=-np.inf), axis=1, kind="stable")[:, :k]
    pi = np.repeat(np.arange(len(ids)), k)
    oi = order.ravel()
    out = pd.DataFrame(
        {
            "person_id": ids[pi],
            "rank": np.tile(np.arange(1, k + 1), len(ids)),
            "role_id": codes[oi],
            "match_score": match[pi, oi],
            "match_assessed": match_a[pi, oi],
            "assessed_share": share[pi, oi],
        }
    )
    out["title"] = occ["title"].reindex(out["role_id"]).to_numpy()
    out["job_zone"] = occ["job_zone"].reindex(out["role_id"]).to_numpy()
    targets = pd.MultiIndex.from_frame(m.target_roles[["person_id", "role_id"]])
    out["is_target"] = pd.MultiIndex.from_frame(out[["person_id", "role_id"]]).isin(targets)
    cur = m.people.set_index("person_id")["current_role"].reindex(out["person_id"]).to_numpy()
    out["is_current"] = out["role_id"].to_numpy() == cur
    # main gaps of the selected pairs only
    c = current[pi]
    lv, im, us = level[oi], imp[oi], used[oi]
    wgap = np.where(us & ~np.isnan(c), np.clip(lv - np.nan_to_num(c), 0, None) * im / 5.0, -1.0)
    wmiss = np.where(us & np.isnan(c), lv * im / 5.0, -1.0)
    names = _catalogue()["name"].reindex(skills).to_numpy()
    out["main_gaps"] = _top_names(wgap, names)
    out["main_unassessed"] = _top_names(wmiss, names)
    for col in ("person_id", "role_id", "title"):
        out[col] = text(out[col])
    out["job_zone"] = out["job_zone"].astype("Int64")
    cols = [
        "person_id", "rank", "role_id", "title", "job_zone", "match_score", "match_assessed",
        "assessed_share", "is_target", "is_current", "main_gaps", "main_unassessed",
    ]  # fmt: skip
    return out[cols]


def _top_names(values: np.ndarray, names: np.ndarray, k: int = 3) -> pd.Series:
    """Comma-joined names of the up-to-k largest positive values of each row."""
    if values.size == 0:
        return text(pd.Series([""] * len(values), dtype=object))
    top = np.argsort(-values, axis=1, kind="stable")[:, :k]
    picked = np.take_along_axis(values, top, axis=1) > 0
    labels = np.where(picked, names[top], "")
    joined = [", ".join(x for x in row if x) for row in labels.tolist()]
    return text(pd.Series(joined, dtype=object))


def transition_steps(
    m: CareerMap,
    target: str,
    *,
    as_of: object = None,
    max_steps: int = 4,
) -> pd.DataFrame:
    """A shortest path of O*NET related occupations from where each person is to ``target``.

    The path starts at the person's ``current_role`` when it is an O*NET-SOC code, else at
    their closest occupation (:func:`closest_roles`), and follows O*NET's "related
    occupations" links (breadth-first search backwards from the target; among equally short
    paths, the link O*NET ranks as more related wins).

    Parameters
    ----------
    m : CareerMap
    target : str
        An O*NET-SOC code, or a custom role id (its ``based_on`` occupation is used).
    as_of : date-like, optional
        Date of the skill levels behind ``match_score`` and the closest occupation.
    max_steps : int, default 4
        Longest path searched, in links.

    Returns
    -------
    pandas.DataFrame
        ``person_id, step, role_id, title, job_zone, rated, relatedness, match_score,
        start, reason``. ``step`` 0 is the start (``start`` says whether it is the current
        role or the closest occupation); ``relatedness`` is O*NET's label of the link into
        that step; ``match_score`` is :func:`match_score` of the person against that
        occupation (NaN when O*NET has not rated it). Without a path, the start (if any) and
        the target are returned, the target with a missing ``step``, and ``reason`` says why.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> p = metrics.transition_steps(m, "11-3021.00", as_of="2026-11-15")
    >>> p.role_id.iloc[-1], p.step.tolist() == list(range(len(p)))
    ('11-3021.00', True)
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    max_steps = check_int("max_steps", max_steps, minimum=1)
    if not isinstance(target, str) or not target.strip():
        raise InvalidArgumentError(
            f"target must be an O*NET-SOC code or a custom role id; got {target!r}"
        )
    target = target.strip()
    occ = _occ()
    ids = m.people["person_id"].to_numpy()
    if target in occ.index:
        goal = pd.Series(target, index=ids, dtype=object)
    else:
        roles = m.target_roles
        t = roles[(roles["role_id"] == target) & (roles["kind"] == "custom")]
        if t.empty:
            raise InvalidArgumentError(
                "target must be an O*NET-SOC code such as '11-3021.00' (see "
                "careermap.reference.search_occupations) or a custom role id of this map; "
                f"got {target!r}"
            )
        goal = t.set_index("person_id")["based_on"].reindex(ids).astype(object)
        goal = goal.where(goal.notna(), None)

    codes, skills, level, imp, used = _occupation_matrix(False)
    current = _person_matrix(_levels_now(m, as_of), ids, skills)
    cur = m.people.set_index("person_id")["current_role"].reindex(ids)
    from_current = cur.isin(occ.index).to_numpy()
    start = pd.Series(
        np.where(from_current, cur.to_numpy(dtype=object), None), index=ids, dtype=object
    )
    # the closest occupation, as closest_roles ranks it (first of equal scores = lowest code)
    need = ~from_current & ~np.isnan(current).all(axis=1)
    if need.any():
        match, _, _ = _match_matrix(current[need], level, imp, used)
        best = np.nan_to_num(match, nan=-np.inf).argmax(axis=1)
        start.iloc[np.flatnonzero(need)] = codes[best]
    start_kind = pd.Series(np.where(from_current, "current_role", "closest_role"), index=ids)

    edges = _edges()
    parts = []
    for code in pd.unique(
        goal.dropna().to_numpy()
    ):  # one search per distinct target, not per person
        who = goal.index[goal.to_numpy() == code]
        parts.append(
            _walk(who, start.reindex(who), code, _next_hops(edges, code, max_steps), max_steps)
        )
    lost = goal.index[goal.isna().to_numpy()]
    if len(lost):
        parts.append(
            pd.DataFrame(
                {
                    "person_id": lost.to_numpy(),
                    "step": pd.NA,
                    "role_id": None,
                    "relatedness": None,
                    "reason": f"custom role {target!r} has no based_on O*NET occupation",
                }
            )
        )
    if not parts:
        parts.append(
            pd.DataFrame(columns=["person_id", "step", "role_id", "relatedness", "reason"])
        )
    out = pd.concat(parts, ignore_index=True)
    out["title"] = occ["title"].reindex(out["role_id"]).to_numpy()
    out["job_zone"] = occ["job_zone"].reindex(out["role_id"]).to_numpy()
    out["rated"] = occ["rated"].reindex(out["role_id"]).fillna(False).to_numpy(dtype=bool)
    out["start"] = start_kind.reindex(out["person_id"]).to_numpy()

    oi = pd.Index(codes).get_indexer(out["role_id"])
    pi = pd.Index(ids).get_indexer(out["person_id"])
    score = np.full(len(out), np.nan)
    ok = oi >= 0
    if ok.any():
        score[ok] = _match_pairs(current, level, imp, used, pi[ok], oi[ok])
    out["match_score"] = score
    for col in ("person_id", "role_id", "title", "relatedness", "start", "reason"):
        out[col] = text(out[col].astype(object))
    out["step"] = out["step"].astype("Int64")
    out["job_zone"] = out["job_zone"].astype("Int64")
    cols = [
        "person_id", "step", "role_id", "title", "job_zone", "rated", "relatedness",
        "match_score", "start", "reason",
    ]  # fmt: skip
    return sort_people(out[cols], m)


def _match_pairs(current, level, imp, used, pi, oi) -> np.ndarray:
    """match_score for (person, occupation) index pairs (same rule as :func:`match_score`)."""
    c = current[pi]
    lv, im, us = level[oi], imp[oi], used[oi]
    weight = np.where(us, lv * im / 5.0, 0.0)
    assessed = ~np.isnan(c)
    gap = np.where(us & assessed, np.clip(lv - np.nan_to_num(c), 0, None) * im / 5.0, 0.0)
    full = gap.sum(axis=1) + np.where(assessed, 0.0, weight).sum(axis=1)
    total = weight.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 1.0 - full / np.where(total > 0, total, np.nan)


def _next_hops(edges: pd.DataFrame, target: str, max_steps: int) -> pd.DataFrame:
    """Breadth-first search backwards from ``target``: for each occupation within
    ``max_steps`` links, its distance and the next occupation on a shortest path."""
    found = [pd.DataFrame({"code": [target], "dist": [0], "next": [None], "relatedness": [None]})]
    seen = {target}
    frontier = [target]
    for d in range(1, max_steps + 1):
        e = edges[edges["related_code"].isin(frontier) & ~edges["code"].isin(seen)]
        if e.empty:
            break
        e = e.sort_values(["code", "index", "related_code"], kind="stable").drop_duplicates("code")
        layer = pd.DataFrame(
            {
                "code": e["code"].to_numpy(),
                "dist": d,
                "next": e["related_code"].to_numpy(),
                "relatedness": e["relatedness"].astype("str").to_numpy(),
            }
        )
        found.append(layer)
        frontier = layer["code"].tolist()
        seen.update(frontier)
    return pd.concat(found, ignore_index=True).set_index("code")


def _walk(
    who: pd.Index, start: pd.Series, target: str, hops: pd.DataFrame, max_steps: int
) -> pd.DataFrame:
    """Follow the next hops from each person's start to the target, all people at once."""
    begin = start.to_numpy(dtype=object)
    dist = hops["dist"].reindex(begin).to_numpy()
    reach = ~np.isnan(dist.astype("float64"))
    links = np.nan_to_num(dist.astype("float64")).astype(int)
    reason = np.where(
        reach,
        np.where(
            links == 0,
            "already in the target occupation",
            np.char.add(np.char.add("shortest path: ", links.astype(str)), f" link(s) to {target}"),
        ),
        np.where(
            pd.isna(begin),
            "no O*NET current_role and no assessed O*NET skill to start from",
            f"no path of at most {max_steps} O*NET related-occupation links to {target}",
        ),
    )
    steps = []
    node = np.where(reach, begin, None)
    relatedness = np.full(len(begin), None, dtype=object)
    for step in range(max_steps + 1):
        steps.append(
            pd.DataFrame(
                {
                    "person_id": who.to_numpy(),
                    "step": step,
                    "role_id": node,
                    "relatedness": relatedness,
                    "reason": reason,
                }
            )
        )
        moving = pd.notna(node) & (node != target)
        if not moving.any():
            break
        info = hops.reindex(np.where(moving, node, target))
        relatedness = np.where(moving, info["relatedness"].to_numpy(), None)
        node = np.where(moving, info["next"].to_numpy(), None)
    walk = pd.concat(steps, ignore_index=True)
    walk = walk[pd.notna(walk["role_id"])]
    stuck = ~reach
    if stuck.any():
        extra = pd.DataFrame(
            {
                "person_id": np.concatenate([who.to_numpy()[stuck]] * 2),
                "step": [0] * int(stuck.sum()) + [pd.NA] * int(stuck.sum()),
                "role_id": np.concatenate(
                    [begin[stuck], np.full(stuck.sum(), target, dtype=object)]
                ),
                "relatedness": None,
                "reason": np.concatenate([reason[stuck]] * 2),
            }
        )
        walk = pd.concat([walk, extra[pd.notna(extra["role_id"])]], ignore_index=True)
    return walk
