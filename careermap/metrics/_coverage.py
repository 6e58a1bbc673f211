"""Role coverage: which roles a skill gap can be measured against, and why not."""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.metrics._common import check_map, roles_arg, text
from careermap.metrics._onet import occupations_view, related_edges
from careermap.metrics._requirements import compared_roles, role_requirements
from careermap.model import CareerMap

__all__ = ["role_coverage"]


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
    roles_df = compared_roles(m, roles_arg(roles))
    return coverage(
        m, roles_df, role_requirements(roles_df, m.role_requirements, include_not_relevant=False)
    )


def coverage(m: CareerMap, roles_df: pd.DataFrame, reqs: pd.DataFrame) -> pd.DataFrame:
    occ = occupations_view()
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
    edges = related_edges()
    rel = edges[edges["code"].isin(codes)]
    rel = rel[occ["rated"].reindex(rel["related_code"]).fillna(False).to_numpy(dtype=bool)]
    rel = rel.sort_values(["code", "index"], kind="stable").groupby("code", sort=False).head(5)
    joined = (
        (rel["related_code"] + " " + rel["related_title"])
        .groupby(rel["code"], sort=False)
        .agg("; ".join)
    )
    return joined.to_dict()
