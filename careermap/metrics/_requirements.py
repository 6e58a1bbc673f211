"""A role's requirements: which roles a person is compared with, and what each requires.

One builder for every consumer (skill gaps, match, coverage, the cohort KPIs): see
``docs/metrics.md#skill_gaps`` for the rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap.errors import InvalidArgumentError
from careermap.metrics._common import skill_key, sort_people, text
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

    Parameters
    ----------
    roles_df
        ``person_id, role_id, kind, code, has_role, position`` (from :func:`compared_roles`
        or :func:`first_roles`).
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


def first_roles(target_roles: pd.DataFrame) -> pd.DataFrame:
    """Each person's priority-1 target role (ties: the lower role id), in the shape of
    :func:`compared_roles`: the role whose gap the cohort KPIs follow."""
    first = target_roles.sort_values(["person_id", "priority", "role_id"], kind="stable")
    first = first.drop_duplicates("person_id").reset_index(drop=True)
    kind = first["kind"].astype("str")
    code = first["based_on"].astype(object).where(kind == "custom", first["role_id"])
    return pd.DataFrame(
        {
            "person_id": first["person_id"].to_numpy(),
            "role_id": first["role_id"].to_numpy(),
            "kind": kind.to_numpy(),
            "code": text(code.reset_index(drop=True)).to_numpy(),
            "has_role": True,
            "position": np.arange(len(first)),
        }
    )


def first_role_requirements(
    target_roles: pd.DataFrame, custom_requirements: pd.DataFrame
) -> pd.DataFrame:
    """``person_id, skill_id, required_level, importance`` of each person's priority-1 role.

    :func:`role_requirements` for the roles of :func:`first_roles`, without the elements O*NET
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
    reqs = role_requirements(
        first_roles(target_roles), custom_requirements, include_not_relevant=False
    )
    out = reqs[cols].reset_index(drop=True)
    out["person_id"] = text(out["person_id"])
    out["skill_id"] = text(out["skill_id"])
    out["required_level"] = out["required_level"].astype("float64")
    out["importance"] = out["importance"].astype("float64")
    return out
