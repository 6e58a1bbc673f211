"""How a person's values, strengths, passions and growth areas changed between their dated
self-assessments (``self_assessment.history`` in roadmap.yaml; ``docs/metrics.md``)."""

from __future__ import annotations

import pandas as pd

from careermap._vocab import SELF_ASSESSMENT_KINDS
from careermap.metrics._common import as_of_arg, check_map, sort_people, text
from careermap.model import CareerMap

__all__ = ["SELF_ASSESSMENT_CHANGES", "self_assessment_changes"]

SELF_ASSESSMENT_CHANGES = ("added", "kept", "removed")


def self_assessment_changes(m: CareerMap, *, as_of: object = None) -> pd.DataFrame:
    """What each dated self-assessment added, kept and removed compared with the one before.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like, optional
        Entries dated after this day are left out (default today).

    Returns
    -------
    pandas.DataFrame
        ``person_id, date, previous, kind, item, change``: one row per dated entry, kind
        (values, strengths, passions, growth_areas) and item in that entry or the one
        before, ``change`` one of added (new since ``previous``), kept, removed (in
        ``previous``, gone now). The first entry's items are all added (``previous`` NaT).
        Items compare ignoring case and surrounding spaces. A map without
        ``self_assessment.history`` has no rows (its undated lists have no date to compare).

    Examples
    --------
    >>> import careermap
    >>> from careermap import metrics
    >>> m = careermap.load(careermap.sample_path())
    >>> c = metrics.self_assessment_changes(m, as_of="2026-11-15")
    >>> march = c[(c.date == "2026-03-01") & (c.change != "kept")]
    >>> for row in march[["kind", "item", "change"]].values.tolist():
    ...     print(*row, sep=": ")
    values: impact: added
    values: security: removed
    strengths: writing clear reports: added
    passions: public health: added
    """
    m = check_map(m)
    as_of = as_of_arg(as_of)
    sa = m.self_assessment
    if "date" not in sa.columns:
        sa = sa.assign(date=pd.NaT)
    sa = sa[sa["date"].notna() & (sa["date"] <= as_of)]
    sa = sa.assign(_key=sa["item"].str.strip().str.casefold())
    sa = sa.drop_duplicates(["person_id", "date", "kind", "_key"], keep="last")
    parts = []
    for pid, mine in sa.groupby("person_id", sort=False):
        dates = sorted(mine["date"].unique())
        before = mine.iloc[:0]
        prev = pd.NaT
        for day in dates:
            now = mine[mine["date"] == day]
            old = set(zip(before["kind"].astype(str), before["_key"], strict=True))
            new = set(zip(now["kind"].astype(str), now["_key"], strict=True))
            rows = [
                (str(k), item, "kept" if (str(k), key) in old else "added", key)
                for k, item, key in zip(now["kind"], now["item"], now["_key"], strict=True)
            ]
            rows += [
                (str(k), item, "removed", key)
                for k, item, key in zip(before["kind"], before["item"], before["_key"],
                                        strict=True)
                if (str(k), key) not in new
            ]  # fmt: skip
            frame = pd.DataFrame(rows, columns=["kind", "item", "change", "_key"])
            frame.insert(0, "previous", prev)
            frame.insert(0, "date", day)
            frame.insert(0, "person_id", pid)
            parts.append(frame)
            before, prev = now, day
    cols = ["person_id", "date", "previous", "kind", "item", "change"]
    if not parts:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        out["date"] = pd.Series(dtype="datetime64[ns]")
        out["previous"] = pd.Series(dtype="datetime64[ns]")
    else:
        out = pd.concat(parts, ignore_index=True)
        order = {k: i for i, k in enumerate(SELF_ASSESSMENT_KINDS)}
        rank = {c: i for i, c in enumerate(SELF_ASSESSMENT_CHANGES)}
        out = out.assign(_k=out["kind"].map(order), _c=out["change"].map(rank))
        out = out.sort_values(["person_id", "date", "_k", "_c"], kind="stable")
    out["previous"] = pd.to_datetime(out["previous"])
    out["date"] = pd.to_datetime(out["date"])
    for col in ("person_id", "item"):
        out[col] = text(out[col].astype(object))
    out["kind"] = pd.Categorical(out["kind"], categories=list(SELF_ASSESSMENT_KINDS))
    out["change"] = pd.Categorical(out["change"], categories=list(SELF_ASSESSMENT_CHANGES))
    return sort_people(out[cols], m, by=["date"])
