"""Labour-market context of the target roles (BLS Employment Projections 2024-34, O*NET)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from careermap import reference
from careermap.metrics._common import check_map, sort_people, text
from careermap.model import CareerMap

__all__ = ["market"]


def market(m: CareerMap) -> pd.DataFrame:
    """BLS projections and O*NET job zone of every target role.

    A custom role is looked up through its ``based_on`` occupation. O*NET codes map to BLS by
    their first 7 characters (15-2051.01 -> 15-2051); where BLS publishes nothing for that
    SOC, or a custom role has no ``based_on``, the figures are NaN and ``note`` says why.
    Cite :data:`careermap.reference.BLS_CITATION` beside these figures.

    Returns
    -------
    pandas.DataFrame
        ``person_id, role_id, kind, priority, title, code, onet_title, job_zone, soc,
        employment_2024, employment_2034, change_pct, openings, median_wage,
        median_wage_note, education, note``. Employment and openings are in thousands
        (as BLS publishes them); ``change_pct`` is the 2024-34 change in percent.

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> mk = metrics.market(m)
    >>> mk[["role_id", "code", "soc"]].values.tolist()[0]
    ['15-2051.01', '15-2051.01', '15-2051']
    """
    m = check_map(m)
    roles = m.target_roles.reset_index(drop=True)
    is_onet = (roles["kind"] == "onet").to_numpy()
    code = pd.Series(np.where(is_onet, roles["role_id"], roles["based_on"]), dtype=object)
    codes = code.fillna("").tolist()
    bls = reference.market_for(codes).drop(columns=["code", "title"])
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
    for col in ("onet_title", "soc"):
        out[col] = text(out[col].astype(object))
    return sort_people(out, m)
