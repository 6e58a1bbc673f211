"""The bundled O*NET 29.3 and BLS 2024-34 reference tables as pandas frames."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from careermap.errors import UnknownOccupationError
from careermap.reference._data import codes_arg, load, select
from careermap.reference._search import resolve_skill, suggest_codes

MARKET_COLUMNS = [
    "soc",
    "title",
    "employment_2024",
    "employment_2034",
    "change_pct",
    "openings",
    "median_wage",
    "median_wage_note",
    "education",
]


def occupations() -> pd.DataFrame:
    """All 1,016 O*NET 29.3 occupations.

    Returns
    -------
    pandas.DataFrame
        ``code`` (O*NET-SOC, e.g. ``"15-2051.01"``), ``title``, ``description``,
        ``job_zone`` (Int64 1-5, missing for occupations O*NET has not zoned), ``rated``
        (bool: O*NET has Skills and Knowledge ratings for it, so it can be a skill-gap
        target), ``soc`` (the 7-character BLS SOC code, e.g. ``"15-2051"``).

    Examples
    --------
    >>> occupations().loc[lambda d: d.code == "15-2051.01", "title"].item()
    'Business Intelligence Analysts'
    >>> occupations().loc[lambda d: d.code == "15-2051.00", "rated"].item()
    False
    """
    return load("occupations").copy()


def occupation(code: str) -> pd.Series:
    """One occupation's row of :func:`occupations`, by O*NET-SOC code.

    Raises
    ------
    careermap.errors.UnknownOccupationError
        When ``code`` is not an O*NET 29.3 code; the message suggests close codes/titles.

    Examples
    --------
    >>> occupation("15-2051.00")["title"]
    'Data Scientists'
    >>> occupation("15-2051")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    careermap.errors.UnknownOccupationError: Unknown O*NET-SOC code '15-2051'. Did you mean ...
    """
    occ = load("occupations")
    text = code.strip() if isinstance(code, str) else code
    rows = occ[occ["code"] == text] if isinstance(text, str) else occ.iloc[:0]
    if rows.empty:
        close = suggest_codes(str(code))
        hint = (
            f"Did you mean {', '.join(close)}?"
            if close
            else "Use careermap.reference.search_occupations() to find codes by title."
        )
        raise UnknownOccupationError(
            f"Unknown O*NET-SOC code {code!r}. {hint} Codes look like '15-2051.01' (O*NET 29.3)."
        )
    row = rows.iloc[0].copy()
    row.name = text
    return row


def skills() -> pd.DataFrame:
    """The catalogue of O*NET skills (35) and knowledge areas (33) that carry ratings.

    Returns
    -------
    pandas.DataFrame
        ``skill_id`` (O*NET element id, e.g. ``"2.B.3.e"``), ``name``, ``domain``
        (categorical: ``"skill"`` or ``"knowledge"``), ``category`` (the O*NET group, e.g.
        ``"Basic Skills"``, ``"Technical Skills"``, ``"Business and Management"``),
        ``description``. Technology skills are a separate table, :func:`technology_skills`.

    Examples
    --------
    >>> s = skills()
    >>> s.loc[s.skill_id == "2.B.3.e", ["name", "category"]].iloc[0].tolist()
    ['Programming', 'Technical Skills']
    >>> s.domain.value_counts().to_dict()
    {'skill': 35, 'knowledge': 33}
    """
    return load("skills").copy()


def skill_labels() -> pd.Series:
    """O*NET element id -> the name careermap shows for it.

    The O*NET name, with the domain added where a skill and a knowledge area share one
    ("Mathematics (skill)", "Mathematics (knowledge)"). Charts and forms use these labels.

    Examples
    --------
    >>> labels = skill_labels()
    >>> labels["2.B.3.e"], labels["2.A.1.e"], labels["2.C.4.a"]
    ('Programming', 'Mathematics (skill)', 'Mathematics (knowledge)')
    """
    sk = load("skills")
    shared = sk["name"].duplicated(keep=False)
    labels = sk["name"].where(~shared, sk["name"] + " (" + sk["domain"].astype(str) + ")")
    return pd.Series(labels.to_numpy(), index=sk["skill_id"].to_numpy(), name="label")


def requirements(codes: str | Iterable[str] | None = None) -> pd.DataFrame:
    """O*NET importance and level ratings, one row per occupation x skill/knowledge element.

    Parameters
    ----------
    codes : str or list of str, optional
        O*NET-SOC code(s) to keep; all rated occupations when None. Codes without ratings
        (unknown, or not rated such as 15-2051.00) give no rows: check ``occupations().rated``.

    Returns
    -------
    pandas.DataFrame
        ``role_id`` (O*NET code), ``skill_id``, ``domain``, ``importance`` (IM scale 1-5),
        ``level`` (LV scale 0-7), ``importance_se``, ``level_se`` (standard errors),
        ``importance_lower``/``importance_upper``, ``level_lower``/``level_upper`` (95% CI
        bounds, NaN where O*NET gives none), ``n`` (sample size of the LV rating, NaN where not
        reported), ``suppress`` (True when O*NET's "Recommend Suppress" is "Y" on the IM *or*
        the LV rating: low precision, show it greyed out) and ``not_relevant`` (True when the
        LV rating is flagged "Not Relevant").

    Examples
    --------
    >>> r = requirements("15-2051.01")
    >>> r.loc[r.skill_id == "2.B.3.e", ["importance", "level"]].iloc[0].tolist()
    [2.5, 2.5]
    >>> len(requirements("15-2051.00"))
    0
    """
    return select(load("requirements"), "role_id", codes_arg(codes, argument="codes"))


def level_anchors(skill_id: str | None = None) -> pd.DataFrame:
    """O*NET's example behaviours that anchor points of the 0-7 level scale.

    Parameters
    ----------
    skill_id : str, optional
        An element id or name (see :func:`resolve_skill`); all 68 elements when None.
        An unknown skill gives no rows.

    Returns
    -------
    pandas.DataFrame
        ``skill_id``, ``anchor_level`` (float, LV scale 0-7), ``description``.

    Examples
    --------
    >>> level_anchors("Programming").anchor_level.tolist()
    [2.0, 4.0, 6.0]
    """
    anchors = load("level_anchors")
    if skill_id is None:
        return anchors.copy()
    resolved = resolve_skill(skill_id)
    return select(anchors, "skill_id", [resolved] if resolved else [])


def job_zones() -> pd.DataFrame:
    """The O*NET Job Zone Reference: what preparation each job zone 1-5 implies.

    Returns
    -------
    pandas.DataFrame
        ``job_zone`` (int 1-5), ``name``, ``experience``, ``education``, ``job_training``,
        ``examples``, ``svp_range``.

    Examples
    --------
    >>> job_zones().set_index("job_zone").loc[4, "name"]
    'Job Zone Four: Considerable Preparation Needed'
    """
    return load("job_zones").copy()


def related_occupations(code: str | Iterable[str] | None = None) -> pd.DataFrame:
    """O*NET's related occupations, closest first.

    Parameters
    ----------
    code : str or list of str, optional
        O*NET-SOC code(s); all occupations when None. Unknown codes give no rows.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``related_code``, ``related_title``, ``relatedness`` (ordered categorical:
        ``"Primary-Short"`` < ``"Primary-Long"`` < ``"Supplemental"``), ``index`` (int rank,
        1 = most related).

    Examples
    --------
    >>> related_occupations("15-2051.00").head(2).related_title.tolist()
    ['Statisticians', 'Financial Quantitative Analysts']
    """
    return select(load("related_occupations"), "code", codes_arg(code, argument="code"))


def technology_skills(code: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Software and technology named in O*NET job postings for each occupation.

    Parameters
    ----------
    code : str or list of str, optional
        O*NET-SOC code(s); all occupations when None. Unknown codes give no rows.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``example`` (product, e.g. ``"Python"``), ``commodity_code`` (UNSPSC),
        ``commodity_title``, ``hot`` (O*NET "Hot Technology"), ``in_demand`` (O*NET "In
        Demand").

    Examples
    --------
    >>> t = technology_skills("15-2051.00")
    >>> bool(t.loc[t.example == "Python", "hot"].item())
    True
    """
    return select(load("technology_skills"), "code", codes_arg(code, argument="code"))


def _soc(codes: list[str] | None) -> list[str] | None:
    return None if codes is None else [c[:7] for c in codes]


def market(codes: str | Iterable[str] | None = None) -> pd.DataFrame:
    """BLS Employment Projections 2024-34 (Table 1.2) for the 832 detailed occupations.

    Parameters
    ----------
    codes : str or list of str, optional
        BLS SOC code(s) such as ``"15-2051"`` (O*NET codes are cut to their first 7
        characters); all when None. Codes BLS does not list give no rows.

    Returns
    -------
    pandas.DataFrame
        ``soc``, ``title`` (BLS title), ``employment_2024`` and ``employment_2034`` (in
        thousands of jobs, as BLS publishes them), ``change_pct`` (percent change 2024-34),
        ``openings`` (annual average openings 2024-34, thousands), ``median_wage`` (USD per
        year, May 2024; NaN when BLS gives no number), ``median_wage_note`` (BLS's text when
        the wage is not a number, e.g. ``">=$239,200"`` or ``"—"``; else ``""``),
        ``education`` (ordered categorical: typical education needed for entry).

    Examples
    --------
    >>> m = market("15-2051")
    >>> m[["title", "education"]].iloc[0].tolist()
    ['Data scientists', "Bachelor's degree"]
    >>> anesthesiologists = market("29-1211")  # BLS publishes only a floor for their wage
    >>> bool(anesthesiologists.median_wage.isna().item()), anesthesiologists.median_wage_note.item()
    (True, '>=$239,200')
    """
    return select(load("market"), "soc", _soc(codes_arg(codes, argument="codes")))


def market_for(onet_codes: str | Iterable[str]) -> pd.DataFrame:
    """BLS projections for O*NET occupations, one row per code given, in the order given.

    An O*NET code maps to BLS by its first 7 characters (15-2051.01 -> 15-2051). Codes
    BLS does not list (military occupations, and O*NET codes that BLS only publishes
    aggregated, e.g. 13-1021) get a row of NaN, including ``soc``.

    Returns
    -------
    pandas.DataFrame
        ``code`` followed by the columns of :func:`market`.

    Examples
    --------
    >>> market_for(["15-2051.01", "55-1011.00"])[["code", "soc"]].values.tolist()
    [['15-2051.01', '15-2051'], ['55-1011.00', nan]]
    """
    codes = codes_arg(onet_codes, argument="onet_codes") or []
    keys = pd.DataFrame({"code": pd.Series(codes, dtype="str")})
    keys["_soc"] = keys["code"].str[:7]
    bls = load("market")
    out = keys.merge(bls, left_on="_soc", right_on="soc", how="left", validate="many_to_one")
    return out[["code", *MARKET_COLUMNS]].reset_index(drop=True)
