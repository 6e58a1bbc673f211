"""Occupations near a person: the closest rated O*NET occupations and transition paths.

Every rated occupation is compared at once (an occupation x element matrix): ranked by how
close its skill profile is to the person's, each with the gap of ``match_score``; paths
follow O*NET's related occupations (``docs/metrics.md#closest_roles``).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from careermap.errors import InvalidArgumentError
from careermap.metrics._common import (
    as_of_arg,
    check_choice,
    check_int,
    check_map,
    sort_people,
    text,
)
from careermap.metrics._levels import levels_now
from careermap.metrics._onet import catalogue, occupations_view, onet_requirements, related_edges
from careermap.model import CareerMap

__all__ = ["closest_roles", "transition_steps"]


@functools.cache
def _occupation_matrix(include_not_relevant: bool):
    """Rated occupations x O*NET elements: required level, importance and inclusion mask
    (cached: callers index into these arrays and never write to them)."""
    req = onet_requirements()
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


def _fit_matrix(
    levels: np.ndarray, evidence: np.ndarray, level: np.ndarray, imp: np.ndarray, used: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``similarity``, ``level_distance`` and the assumed weight share for people x
    occupations (``docs/metrics.md#closest_roles``).

    Over the elements, each weighted ``importance_o,e x evidence_p,e`` (1 assessed,
    the assumed weight for an assumed level, 0 unknown): the weighted Pearson correlation of
    the person's levels with the occupation's required levels (the *shape*: which skills
    are high and low) and the weighted root-mean-square level difference (the *height*).
    Every sum is a matrix product, so the cost is people x occupations x elements flops
    with no people x occupations x elements array.
    """
    w = np.where(used, imp, 0.0)  # (o, s)
    v = evidence  # (p, s)
    x = np.nan_to_num(levels)
    s0 = v @ w.T
    sx, sxx = (v * x) @ w.T, (v * x * x) @ w.T
    sy, syy = v @ (w * level).T, v @ (w * level * level).T
    sxy = (v * x) @ (w * level).T
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.where(s0 > 0, s0, np.nan)
        mx, my = sx / total, sy / total
        cov = sxy / total - mx * my
        vx = np.maximum(sxx / total - mx * mx, 0.0)
        vy = np.maximum(syy / total - my * my, 0.0)
        # a flat profile (one element, or every level alike) has no shape: correlation 0
        flat = (vx < 1e-12) | (vy < 1e-12)
        similarity = np.where(flat, 0.0, cov / np.sqrt(np.where(flat, 1.0, vx * vy)))
        distance = np.sqrt(np.maximum((syy - 2 * sxy + sxx) / total, 0.0))
    return similarity, distance, s0


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


ASSUME = ("current_role", None)
#: How much an assumed level (the current role's O*NET level of an element the person has
#: not assessed) counts in the ranking, relative to an assessed one.
ASSUMED_WEIGHT = 0.25
#: What one level of root-mean-square difference costs in ``fit``, against a profile
#: correlation of 1.
LEVEL_PENALTY = 0.2
ZONE_PENALTY = 0.0


def _unit(name: str, value: object) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not ok or not 0 <= float(value) <= 1:  # type: ignore[arg-type]
        raise InvalidArgumentError(f"{name} must be a number from 0 to 1; got {value!r}")
    return float(value)  # type: ignore[arg-type]


def assumed_levels(
    current: np.ndarray, person_ids: np.ndarray, m: CareerMap, codes: np.ndarray, level: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Levels with each unassessed element assumed at the person's current role's O*NET level.

    Returns the filled people x elements matrix and, per person, the O*NET code the
    assumption came from (None when the current role is not a rated O*NET occupation: the
    person's unassessed elements stay NaN, full gaps).
    """
    cur = m.people.set_index("person_id")["current_role"].reindex(person_ids).to_numpy(object)
    row = pd.Index(codes).get_indexer(pd.Series(cur, dtype=object).fillna(""))
    basis = np.where(row >= 0, cur, None)
    filled = current.copy()
    has = row >= 0
    if has.any():
        base = level[row[has]]
        filled[has] = np.where(np.isnan(current[has]), base, current[has])
    return filled, basis


def closest_roles(
    m: CareerMap,
    *,
    n: int = 10,
    job_zone: object = None,
    as_of: object = None,
    include_not_relevant: bool = False,
    assume: str | None = "current_role",
    assumed_weight: float = ASSUMED_WEIGHT,
    zone_penalty: float = ZONE_PENALTY,
) -> pd.DataFrame:
    """The rated O*NET occupations whose skill profile is closest to each person's.

    Every rated occupation is compared with the person's levels at once (matrix products,
    no loop over occupations): ``fit = similarity - 0.2 x level_distance``, the weighted
    correlation of the person's levels with the occupation's required levels (which skills
    are high and which low) less the root-mean-square level difference (how high), each
    element weighted by the occupation's importance and by the evidence for the person's
    level: 1 when assessed, ``assumed_weight`` when assumed at the current role's O*NET
    level (the current role a rated O*NET occupation; ``assume=None`` assumes nothing), 0
    otherwise. Beside the rank, each row has the gap to the occupation by the one definition
    (:func:`match_score`: ``match_score``, ``coverage``), and ``assumed_share`` says how
    much of the ranking rests on assumed levels (``docs/metrics.md#closest_roles``).

    Parameters
    ----------
    m : CareerMap
    n : int, default 10
        Occupations per person.
    job_zone : int or list of int, optional
        Keep only occupations of these O*NET job zones (1-5).
    as_of : date-like, optional
    include_not_relevant : bool, default False
    assume : {"current_role", None}, default "current_role"
        Where the level of an unassessed element comes from.
    assumed_weight : float from 0 to 1, default 0.25
        How much an assumed level counts against an assessed one (0: not at all).
    zone_penalty : float from 0 to 1, default 0
        Taken from ``fit`` per job zone of distance from the current role's zone.

    Returns
    -------
    pandas.DataFrame
        ``person_id, rank, role_id, title, job_zone, zone_distance, fit, match_score,
        match_assessed, assessed_share, assumed_share, assumed_from, is_target, is_current,
        is_related, main_gaps, main_unassessed, similarity, level_distance, coverage,
        is_related_to_target``. ``match_score``, ``match_assessed`` and ``coverage`` (also
        ``assessed_share``, its older name) are :func:`match_score`'s for that occupation;
        ``assumed_share`` is the share of the ranking's weight resting on assumed levels,
        ``assumed_from`` the O*NET code they came from; ``is_related`` flags O*NET's related
        occupations of the current role, ``is_related_to_target`` those of a target role.
        ``main_gaps`` names the three elements with the largest weighted gap (an assumed one
        marked ``(assumed)``), ``main_unassessed`` the three heaviest elements not assessed
        yet. A person with no assessed O*NET skill or knowledge element gets no rows.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> c = metrics.closest_roles(m, n=3, as_of="2026-11-15")
    >>> c["role_id"].tolist()  # Operations Research Analysts (current), ...
    ['15-2031.00', '15-1221.00', '15-1243.00']
    >>> bool(c.fit.is_monotonic_decreasing), round(float(c.assumed_share.iloc[1]), 2)
    (True, 0.48)
    """
    m = check_map(m)
    n = check_int("n", n, minimum=1)
    zones = _job_zones(job_zone)
    as_of = as_of_arg(as_of)
    assume = check_choice("assume", assume, ASSUME)
    alpha = _unit("assumed_weight", assumed_weight)
    penalty = _unit("zone_penalty", zone_penalty)
    codes, skills, level, imp, used = _occupation_matrix(bool(include_not_relevant))
    occ = occupations_view()
    ids = m.people["person_id"].to_numpy()
    current = _person_matrix(levels_now(m, as_of), ids, skills)
    # nobody is close to anything without evidence: people with no assessed O*NET element
    # get no rows rather than a ranking of ties
    profiled = ~np.isnan(current).all(axis=1)
    ids, current = ids[profiled], current[profiled]
    if assume == "current_role":
        filled, basis = assumed_levels(current, ids, m, codes, level)
    else:
        filled, basis = current, np.full(len(ids), None, dtype=object)
    assessed = ~np.isnan(current)
    evidence = np.where(assessed, 1.0, np.where(np.isnan(filled), 0.0, alpha))
    keep = np.ones(len(codes), dtype=bool)
    if zones is not None:
        keep = occ["job_zone"].reindex(codes).isin(zones).to_numpy()
    codes, level, imp, used = codes[keep], level[keep], imp[keep], used[keep]
    similarity, distance_l, weight = _fit_matrix(filled, evidence, level, imp, used)
    _, _, weight_a = _fit_matrix(filled, assessed.astype("float64"), level, imp, used)
    match, match_a, share = _match_matrix(current, level, imp, used)
    cur_role = m.people.set_index("person_id")["current_role"].reindex(ids)
    cur_zone = occ["job_zone"].reindex(cur_role).to_numpy(dtype="float64", na_value=np.nan)
    zone = occ["job_zone"].reindex(codes).to_numpy(dtype="float64", na_value=np.nan)
    distance = np.abs(zone[None, :] - cur_zone[:, None])
    fit = similarity - LEVEL_PENALTY * distance_l - penalty * np.nan_to_num(distance, nan=0.0)
    k = min(n, len(codes))
    if k == 0:
        order = np.zeros((len(ids), 0), dtype=int)
    else:
        # best first; ties by code (codes are sorted), NaN last
        order = np.argsort(-np.nan_to_num(fit, nan=-np.inf), axis=1, kind="stable")[:, :k]
    pi = np.repeat(np.arange(len(ids)), k)
    oi = order.ravel()
    with np.errstate(invalid="ignore", divide="ignore"):
        assumed_share = 1.0 - weight_a[pi, oi] / np.where(
            weight[pi, oi] > 0, weight[pi, oi], np.nan
        )
    out = pd.DataFrame(
        {
            "person_id": ids[pi],
            "rank": np.tile(np.arange(1, k + 1), len(ids)),
            "role_id": codes[oi],
            "zone_distance": distance[pi, oi],
            "fit": fit[pi, oi],
            "match_score": match[pi, oi],
            "match_assessed": match_a[pi, oi],
            "assessed_share": share[pi, oi],
            "assumed_share": assumed_share,
            "assumed_from": basis[pi],
            "similarity": similarity[pi, oi],
            "level_distance": distance_l[pi, oi],
        }
    )
    out["coverage"] = out["assessed_share"]
    out["title"] = occ["title"].reindex(out["role_id"]).to_numpy()
    out["job_zone"] = occ["job_zone"].reindex(out["role_id"]).to_numpy()
    targets = pd.MultiIndex.from_frame(m.target_roles[["person_id", "role_id"]])
    out["is_target"] = pd.MultiIndex.from_frame(out[["person_id", "role_id"]]).isin(targets)
    cur = cur_role.to_numpy(dtype=object)[pi]
    out["is_current"] = out["role_id"].to_numpy() == cur
    edges = related_edges()
    related = pd.MultiIndex.from_frame(edges[["code", "related_code"]])
    out["is_related"] = pd.MultiIndex.from_arrays(
        [pd.Series(cur, dtype=object).fillna(""), out["role_id"]]
    ).isin(related)
    out["is_related_to_target"] = _related_to_targets(m, out, edges)
    # main gaps of the selected pairs only
    c, a = filled[pi], current[pi]
    lv, im, us = level[oi], imp[oi], used[oi]
    wgap = np.where(us & ~np.isnan(c), np.clip(lv - np.nan_to_num(c), 0, None) * im / 5.0, -1.0)
    wmiss = np.where(us & np.isnan(a), lv * im / 5.0, -1.0)
    names = catalogue()["label"].reindex(skills).to_numpy().astype(object)
    marked = np.where(np.isnan(a), names[None, :] + " (assumed)", names[None, :])
    out["main_gaps"] = _top_names(wgap, marked)
    out["main_unassessed"] = _top_names(wmiss, names)
    for col in ("person_id", "role_id", "title", "assumed_from"):
        out[col] = text(out[col])
    out["job_zone"] = out["job_zone"].astype("Int64")
    out["zone_distance"] = pd.array(out["zone_distance"], dtype="Float64").astype("Int64")
    cols = [
        "person_id", "rank", "role_id", "title", "job_zone", "zone_distance", "fit",
        "match_score", "match_assessed", "assessed_share", "assumed_share", "assumed_from",
        "is_target", "is_current", "is_related", "main_gaps", "main_unassessed",
        "similarity", "level_distance", "coverage", "is_related_to_target",
    ]  # fmt: skip
    return out[cols]


def _related_to_targets(m: CareerMap, out: pd.DataFrame, edges: pd.DataFrame) -> np.ndarray:
    """Whether each row's occupation is an O*NET related occupation of one of the person's
    target roles (a custom role through its ``based_on`` occupation)."""
    t = m.target_roles
    code = t["based_on"].astype(object).where(t["kind"].astype(str) == "custom", t["role_id"])
    pairs = pd.DataFrame({"person_id": t["person_id"].to_numpy(), "code": code.to_numpy()})
    linked = pairs.dropna().merge(edges[["code", "related_code"]], on="code")
    known = pd.MultiIndex.from_frame(linked[["person_id", "related_code"]])
    return pd.MultiIndex.from_frame(out[["person_id", "role_id"]]).isin(known)


def _top_names(values: np.ndarray, names: np.ndarray, k: int = 3) -> pd.Series:
    """Comma-joined names of the up-to-k largest positive values of each row (``names``: one
    per column, or one per cell)."""
    if values.size == 0:
        return text(pd.Series([""] * len(values), dtype=object))
    top = np.argsort(-values, axis=1, kind="stable")[:, :k]
    picked = np.take_along_axis(values, top, axis=1) > 0
    chosen = np.take_along_axis(names, top, axis=1) if names.ndim == 2 else names[top]
    labels = np.where(picked, chosen, "")
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
    occ = occupations_view()
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
    current = _person_matrix(levels_now(m, as_of), ids, skills)
    cur = m.people.set_index("person_id")["current_role"].reindex(ids)
    from_current = cur.isin(occ.index).to_numpy()
    start = pd.Series(
        np.where(from_current, cur.to_numpy(dtype=object), None), index=ids, dtype=object
    )
    # the closest occupation, as closest_roles ranks it (first of equal scores = lowest code)
    need = ~from_current & ~np.isnan(current).all(axis=1)
    if need.any():
        # no O*NET current role: nothing assumed, the assessed levels alone
        evidence = (~np.isnan(current[need])).astype("float64")
        similarity, distance, _ = _fit_matrix(current[need], evidence, level, imp, used)
        fit = similarity - LEVEL_PENALTY * distance
        best = np.nan_to_num(fit, nan=-np.inf).argmax(axis=1)
        start.iloc[np.flatnonzero(need)] = codes[best]
    start_kind = pd.Series(np.where(from_current, "current_role", "closest_role"), index=ids)

    edges = related_edges()
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
