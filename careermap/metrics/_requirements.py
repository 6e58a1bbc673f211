"""A role's requirements: which roles a person is compared with, and what each requires.

One builder for every consumer (skill gaps, match, coverage, the cohort KPIs): see
``docs/metrics.md#skill_gaps`` for the rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.errors import InvalidArgumentError
from careermap.metrics._common import skill_key, sort_people, text
from careermap.metrics._memo import by_content
from careermap.metrics._onet import occupations_view, onet_for
from careermap.model import CareerMap

#: Importance given to a custom requirement that states none (and is not on the O*NET profile).
DEFAULT_IMPORTANCE = 3.0


def compared_roles(m: CareerMap, roles: list[str] | None) -> pd.DataFrame:
    """One row per person x role compared: ``person_id, role_id, kind, title, priority, code,
    has_role, position`` (``code`` is the O*NET occupation giving the base profile)."""
    occ = occupations_view()
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


@by_content
def role_requirements(
    roles_df: pd.DataFrame, custom_requirements: pd.DataFrame, *, include_not_relevant: bool
) -> pd.DataFrame:
    """Required level and importance per person x role x element: the one builder.

    The O*NET profile of each role's ``code`` (an O*NET role, or a custom role's
    ``based_on``) with the custom role's own requirements laid over it: a custom requirement
    replaces the O*NET row of the same element and adds elements O*NET does not have. A
    custom requirement without importance takes O*NET's importance of that element for the
    ``code`` occupation, else :data:`DEFAULT_IMPORTANCE`. Every consumer (``skill_gaps``,
    ``match_score``, ``role_coverage``, the cohort KPIs) gets requirements from here.
    Remembered by the content of its arguments (a redraw asks for the same roles again).

    Parameters
    ----------
    roles_df
        ``person_id, role_id, kind, code, has_role, position`` (from :func:`compared_roles`,
        :func:`targets_by_priority` or :func:`gap_roles`).
    custom_requirements
        The ``role_requirements`` frame of a map.
    include_not_relevant
        Keep the O*NET elements O*NET flags not relevant for the occupation.
    """
    codes = sorted(set(roles_df["code"].dropna()))
    onet = onet_for(codes).rename(columns={"role_id": "code", "level": "required_level"})
    base = roles_df[roles_df["has_role"]][["person_id", "role_id", "kind", "code", "position"]]
    rows = base.merge(onet, on="code", how="inner")
    rows["requirement"] = "onet"
    if not include_not_relevant:
        rows = rows[~rows["not_relevant"].to_numpy(dtype=bool)]

    rr = custom_requirements
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
        prior = onet_for(codes).set_index(["role_id", "skill_id"])["importance"]
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


def targets_by_priority(target_roles: pd.DataFrame) -> pd.DataFrame:
    """Every target role of each person, highest priority first: the lowest ``priority``,
    roles of the same priority in the order written (``person_id, role_id, kind, code,
    has_role, position``, the shape of :func:`compared_roles`; ``position`` is the rank).

    The one order of a person's target roles: their priority-1 role is the first
    (``metrics.priority_roles``), and the role a gap is measured against is the first that
    has requirements (:func:`gap_roles`).
    """
    ordered = target_roles.sort_values(["person_id", "priority"], kind="stable")
    ordered = ordered.reset_index(drop=True)
    kind = ordered["kind"].astype("str")
    code = ordered["based_on"].astype(object).where(kind == "custom", ordered["role_id"])
    return pd.DataFrame(
        {
            "person_id": ordered["person_id"].to_numpy(),
            "role_id": ordered["role_id"].to_numpy(),
            "kind": kind.to_numpy(),
            "code": text(code).to_numpy(),
            "has_role": True,
            "position": np.arange(len(ordered)),
        }
    )


def gap_roles(target_roles: pd.DataFrame, custom_requirements: pd.DataFrame) -> pd.DataFrame:
    """The role a gap is measured against: for each person, the first of their target roles
    in priority order (:func:`targets_by_priority`) that has requirements to compare with.

    A role has none when O*NET has not rated the occupation (such as 15-2051.00) and it is
    not a custom role with requirements of its own, so a person's headline gap is never
    empty for lack of O*NET data; a person none of whose roles has requirements has no row.
    ``metrics.summary`` (``gap_role_id``, ``top_gaps``, ``match_score``) and the cohort KPIs
    (``gap_first``, ``gap_now``, ``gap_closure_per_month``) both measure this role.

    Returns
    -------
    pandas.DataFrame
        ``person_id, role_id, kind, code, has_role, position``, one row per person.

    Examples
    --------
    >>> import careermap
    >>> from careermap.metrics._requirements import gap_roles
    >>> m = careermap.load(careermap.sample_path())
    >>> gap_roles(m.target_roles, m.role_requirements)[["person_id", "role_id"]].values.tolist()
    [['alex-rivera', '15-2051.01']]
    """
    return _gap_roles_and_requirements(target_roles, custom_requirements)[0]


def _gap_roles_and_requirements(
    target_roles: pd.DataFrame, custom_requirements: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`gap_roles` and their requirement rows, from one pass of the builder."""
    ranked = targets_by_priority(target_roles)
    reqs = role_requirements(ranked, custom_requirements, include_not_relevant=False)
    measurable = ranked[ranked["position"].isin(reqs["position"])]
    chosen = measurable.drop_duplicates("person_id").reset_index(drop=True)
    return chosen, reqs[reqs["position"].isin(chosen["position"])]


def first_role_requirements(
    target_roles: pd.DataFrame, custom_requirements: pd.DataFrame
) -> pd.DataFrame:
    """``person_id, skill_id, required_level, importance`` of each person's gap role: the
    first of their target roles that has requirements (:func:`gap_roles`).

    :func:`role_requirements` for the roles of :func:`gap_roles`, without the elements O*NET
    flags not relevant: what the cohort KPIs join in the engine (a reference-data lookup done
    in pandas, since the O*NET extract is a pandas table).

    Examples
    --------
    >>> import careermap
    >>> from careermap.metrics._requirements import first_role_requirements
    >>> m = careermap.load(careermap.sample_path())
    >>> req = first_role_requirements(m.target_roles, m.role_requirements)
    >>> req.columns.tolist(), int(req["importance"].between(1, 5).all())
    (['person_id', 'skill_id', 'required_level', 'importance'], 1)
    """
    cols = ["person_id", "skill_id", "required_level", "importance"]
    reqs = _gap_roles_and_requirements(target_roles, custom_requirements)[1]
    out = reqs[cols].reset_index(drop=True)
    out["person_id"] = text(out["person_id"])
    out["skill_id"] = text(out["skill_id"])
    out["required_level"] = out["required_level"].astype("float64")
    out["importance"] = out["importance"].astype("float64")
    return out
