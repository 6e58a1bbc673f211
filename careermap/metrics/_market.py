"""Labour-market context of the target roles (BLS Employment Projections 2024-34, O*NET)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap import reference
from careermap.metrics._common import check_map, sort_people, text
from careermap.model import CareerMap

__all__ = ["market", "role_technologies"]


def market(m: CareerMap) -> pd.DataFrame:
    """BLS projections and O*NET job zone of every target role.

    A custom role is looked up through its ``based_on`` occupation. O*NET codes map to BLS by
    their first 7 characters (15-2051.01 -> 15-2051); where BLS publishes nothing for that
    SOC, or a custom role has no ``based_on``, the figures are NaN and ``note`` says why.
    An O*NET code that does not end in ``.00`` is a detailed O*NET occupation inside a
    broader BLS occupation: ``bls_broader`` is True and ``basis`` says whose figures they
    are (15-2051.01 Business Intelligence Analysts gets 15-2051 "Data scientists"). Cite
    :data:`careermap.reference.BLS_CITATION` beside these figures.

    Returns
    -------
    pandas.DataFrame
        ``person_id, role_id, kind, priority, title, code, onet_title, job_zone, soc,
        bls_title, bls_broader, basis, employment_2024, employment_2034, change_pct,
        openings, median_wage, median_wage_note, education, note``. Employment and
        openings are in thousands (as BLS publishes them); ``change_pct`` is the 2024-34
        change in percent. ``basis`` is one sentence on what the figures are for: the
        custom role's ``based_on`` occupation, and the BLS occupation when it is broader
        (empty when the figures are exactly the role's).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> mk = metrics.market(m)
    >>> mk[["role_id", "code", "soc"]].values.tolist()[0]
    ['15-2051.01', '15-2051.01', '15-2051']
    >>> print(mk.basis.iloc[0])
    BLS figures for the broader occupation 15-2051 Data scientists
    >>> mk.basis.iloc[2].split(" Computer")[0]
    'custom role based on the O*NET occupation 11-3021.00'
    """
    m = check_map(m)
    roles = m.target_roles.reset_index(drop=True)
    is_onet = (roles["kind"] == "onet").to_numpy()
    code = pd.Series(np.where(is_onet, roles["role_id"], roles["based_on"]), dtype=object)
    codes = code.fillna("").tolist()
    bls = reference.market_for(codes).drop(columns=["code"]).rename(columns={"title": "bls_title"})
    occ = reference.occupations().set_index("code")
    out = pd.concat(
        [
            roles[["person_id", "role_id", "kind", "priority", "title"]],
            pd.DataFrame({"code": text(code)}),
            pd.DataFrame(
                {
                    "onet_title": occ["title"].reindex(code.fillna("")).to_numpy(),
                    "job_zone": occ["job_zone"].reindex(code.fillna("")).to_numpy(),
                }
            ),
            bls.reset_index(drop=True),
        ],
        axis=1,
    )
    out["job_zone"] = out["job_zone"].astype("Int64")
    no_code = code.isna().to_numpy()
    no_bls = ~no_code & out["soc"].isna().to_numpy()
    no_wage = ~no_code & ~no_bls & out["median_wage"].isna().to_numpy()
    note = np.select(
        [no_code, no_bls, no_wage],
        [
            "custom role without based_on: no O*NET occupation to look up",
            ("BLS publishes no 2024-34 projection for SOC " + code.fillna("").str[:7]).to_numpy(),
            (
                "BLS gives no median wage figure: "
                + out["median_wage_note"].fillna("").astype("str")
            ).to_numpy(),
        ],
        "",
    )
    out["note"] = text(pd.Series(note, dtype=object)).where(lambda s: s != "")
    for col in ("onet_title", "soc", "bls_title"):
        out[col] = text(out[col].astype(object))
    out["bls_broader"] = (out["soc"].notna() & ~code.fillna("").str.endswith(".00")).to_numpy()
    out["basis"] = _basis(out)
    cols = list(out.columns)
    for col in ("bls_title", "bls_broader", "basis"):
        cols.remove(col)
    at = cols.index("soc") + 1
    return sort_people(out[[*cols[:at], "bls_title", "bls_broader", "basis", *cols[at:]]], m)


def _basis(out: pd.DataFrame) -> pd.Series:
    """What the figures of each role are for, in one sentence (empty: exactly the role)."""
    parts = []
    for kind, code, onet_title, soc, bls_title, broader in zip(
        out["kind"], out["code"], out["onet_title"], out["soc"], out["bls_title"],
        out["bls_broader"], strict=True,
    ):  # fmt: skip
        said = []
        if kind == "custom" and isinstance(code, str):
            said.append(
                f"custom role based on the O*NET occupation {code} {onet_title}: its figures"
            )
        if broader:
            said.append(f"BLS figures for the broader occupation {soc} {bls_title}")
        parts.append("; ".join(said))
    return text(pd.Series(parts, dtype=object))


def role_technologies(m: CareerMap) -> pd.DataFrame:
    """O*NET's Hot Technology and In Demand technology skills of every target role.

    A custom role is looked up through its ``based_on`` occupation.

    Returns
    -------
    pandas.DataFrame
        ``person_id, role_id, title, code, technology, category, hot, in_demand``: one row
        per target role and technology that O*NET marks hot (often in job postings) or in
        demand (in demand among employers); ``category`` is the UNSPSC commodity title.
        Ordered by role priority, then in-demand first, then by name.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> t = metrics.role_technologies(m)
    >>> t[(t.role_id == "15-2041.00") & t.in_demand].technology.tolist()[:4]
    ['IBM SPSS Statistics', 'Microsoft Access', 'Microsoft Excel', 'Microsoft Office software']
    """
    m = check_map(m)
    roles = m.target_roles.sort_values(["priority"], kind="stable")
    is_onet = (roles["kind"] == "onet").to_numpy()
    code = pd.Series(np.where(is_onet, roles["role_id"], roles["based_on"]), dtype=object)
    roles = roles.assign(code=code.to_numpy())[["person_id", "role_id", "title", "code"]]
    roles = roles[roles["code"].notna()]
    tech = reference.technology_skills(sorted(set(roles["code"])) or None) if len(roles) else None
    if tech is None or roles.empty:
        tech = reference.technology_skills([])
    tech = tech[tech["hot"] | tech["in_demand"]].rename(
        columns={"example": "technology", "commodity_title": "category"}
    )
    out = roles.merge(tech[["code", "technology", "category", "hot", "in_demand"]], on="code")
    out = out.assign(_demand=~out["in_demand"]).sort_values(
        ["_demand", "technology"], kind="stable"
    )
    order = {r: i for i, r in enumerate(roles["role_id"])}
    out = out.assign(_r=out["role_id"].map(order)).sort_values("_r", kind="stable")
    out = out.drop(columns=["_demand", "_r"])
    for col in ("person_id", "role_id", "title", "code", "technology", "category"):
        out[col] = text(out[col].astype(object))
    for col in ("hot", "in_demand"):
        out[col] = out[col].astype(bool)
    return sort_people(out.reset_index(drop=True), m)
