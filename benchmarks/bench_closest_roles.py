"""Closest occupations from evidence: do O*NET's related occupations rank high?

Generated people whose assessments follow an O*NET occupation's profile with noise (each
level the occupation's required level plus normal noise, clipped to 0-7), scored by
``metrics.closest_roles`` and, in the same run, by the rule it replaced (unassessed elements
assumed at the current role's level with full weight, ranked by match on those levels less
0.05 per job zone). Printed per scenario, over the people:

- ``related@10``: the mean share of a person's top 10 that are O*NET related occupations
  (O*NET 29.3 *Related Occupations*) of the profile occupation (their current role, where
  they have one) or of their target role, strictly (the two roles themselves do not
  count), and ``>=half``, how many people have at least half;
- ``+roles``: the same share, counting the two roles themselves;
- the median rank of the person's target role and of the profile occupation.

Scenarios: every element assessed (no current role: nothing to assume); partly assessed
(5, 10 or 20 elements, the ones most important to the profile with some randomness),
current role the profile occupation, target role one of its related occupations; and
someone moving towards their target: 10 elements assessed at the *target's* profile, the
current role's levels assumed for the rest.

Run: ``uv run python benchmarks/bench_closest_roles.py [--people 200] [--seed 0]``.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np
import pandas as pd

import careermap
from careermap import metrics, reference
from careermap.metrics._occupations import _match_matrix, _occupation_matrix, assumed_levels
from careermap.metrics._onet import occupations_view

AS_OF = pd.Timestamp("2026-06-01")


def related_sets() -> dict[str, set[str]]:
    r = reference.related_occupations()
    return {c: set(g["related_code"]) for c, g in r.groupby("code")}


def synthetic_map(
    base: careermap.CareerMap,
    n: int,
    k: int | None,
    sigma: float,
    seed: int,
    current: bool,
    follow: str = "profile",
) -> tuple[careermap.CareerMap, pd.DataFrame]:
    """``n`` people; person i has profile occupation P_i; ``k`` elements assessed (None: all),
    their levels following P_i's profile (``follow="target"``: the target's, someone moving
    towards it); current role P_i when ``current``; target role a related occupation of P_i."""
    rng = np.random.default_rng(seed)
    codes, skills, level, imp, _ = _occupation_matrix(False)
    rel = related_sets()
    rated = set(codes)
    pool = [c for c in codes if len(rel.get(c, set()) & rated) >= 8]
    profiles = rng.choice(pool, n, replace=False)
    rows, people, targets = [], [], []
    for i, p in enumerate(profiles):
        pid = f"g{i:04d}"
        target = rng.choice(sorted(rel[p] & rated))
        o = int(np.searchsorted(codes, target if follow == "target" else p))
        true = np.clip(level[o] + rng.normal(0, sigma, len(skills)), 0, 7).round(1)
        if k is None:
            chosen = np.arange(len(skills))
        else:
            chosen = np.argsort(-imp[o] + rng.normal(0, 0.7, len(skills)))[:k]
        rows += [(pid, skills[s], true[s]) for s in chosen]
        people.append((pid, p if current else None))
        targets.append((pid, target, p))
    t = pd.DataFrame(targets, columns=["person_id", "target", "profile"])
    one = base.people.iloc[[0] * n].reset_index(drop=True)
    one["person_id"] = [p for p, _ in people]
    one["name"] = one["person_id"]
    one["current_role"] = pd.Series([c for _, c in people], dtype=one["current_role"].dtype)
    tr = base.target_roles.iloc[[0] * n].reset_index(drop=True)
    tr["person_id"] = t["person_id"].to_numpy()
    tr["role_id"] = t["target"].to_numpy()
    tr["kind"] = pd.Categorical(["onet"] * n, categories=tr["kind"].cat.categories)
    tr["priority"] = pd.array([1] * n, dtype="Int64")
    tr["title"] = pd.Series([None] * n, dtype=tr["title"].dtype)
    tr["based_on"] = pd.Series([None] * n, dtype=tr["based_on"].dtype)
    a = base.assessments.iloc[[0] * len(rows)].reset_index(drop=True)
    a["person_id"] = [r[0] for r in rows]
    a["skill"] = [r[1] for r in rows]
    a["skill_id"] = [r[1] for r in rows]
    a["level"] = [float(r[2]) for r in rows]
    a["date"] = AS_OF - pd.Timedelta(days=30)
    a["source"] = pd.Categorical(["self"] * len(rows), categories=a["source"].cat.categories)
    frames = {name: df.iloc[:0] for name, df in base.frames().items()}
    frames.update(people=one, target_roles=tr, assessments=a)
    return replace(base, **frames), t


def before_rule(m: careermap.CareerMap, n: int = 10) -> pd.DataFrame:
    """The ranking closest_roles used before: assumed levels at full weight, match on them,
    less 0.05 per job zone of distance (its top ``n`` codes per person)."""
    codes, skills, level, imp, used = _occupation_matrix(False)
    ids = m.people["person_id"].to_numpy()
    lv = metrics.skill_levels(m, as_of=AS_OF).query("source == 'combined'")
    current = np.full((len(ids), len(skills)), np.nan)
    pi = pd.Index(ids).get_indexer(lv["person_id"])
    si = pd.Index(skills).get_indexer(lv["skill_id"])
    ok = si >= 0
    current[pi[ok], si[ok]] = lv["level"].to_numpy()[ok]
    filled, _ = assumed_levels(current, ids, m, codes, level)
    match, _, _ = _match_matrix(filled, level, imp, used)
    occ = occupations_view()
    cur = occ["job_zone"].reindex(m.people["current_role"]).to_numpy("float64", na_value=np.nan)
    zone = occ["job_zone"].reindex(codes).to_numpy("float64", na_value=np.nan)
    fit = match - 0.05 * np.nan_to_num(np.abs(zone[None, :] - cur[:, None]))
    n = min(n, len(codes))
    order = np.argsort(-np.nan_to_num(fit, nan=-np.inf), axis=1, kind="stable")[:, :n]
    return pd.DataFrame(
        {
            "person_id": np.repeat(ids, n),
            "rank": np.tile(np.arange(1, n + 1), len(ids)),
            "role_id": codes[order.ravel()],
        }
    )


def score(top: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """The numbers of the module docstring for one ranking (``top``: person_id, rank,
    role_id; ranks beyond 10 only count for the median ranks)."""
    rel = related_sets()
    t = truth.set_index("person_id")
    shares, plus, target_rank, profile_rank = [], [], [], []
    for pid, g in top.groupby("person_id", sort=False):
        p, tg = t.at[pid, "profile"], t.at[pid, "target"]
        roles = {p, tg}
        good = rel.get(p, set()) | rel.get(tg, set())
        ten = g[g["rank"] <= 10]["role_id"]
        shares.append(ten.isin(good - roles).mean())
        plus.append(ten.isin(good | roles).mean())
        ranks = dict(zip(g["role_id"], g["rank"], strict=True))
        target_rank.append(ranks.get(tg, np.inf))
        profile_rank.append(ranks.get(p, np.inf))
    shares = np.array(shares)
    return {
        "related@10": shares.mean(),
        "half": (shares >= 0.5).mean(),
        "+roles": np.mean(plus),
        "target rank": float(np.median(target_rank)),
        "profile rank": float(np.median(profile_rank)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    base = careermap.load(careermap.sample_path())
    print(
        f"{args.people} generated people per scenario, seed {args.seed}; levels = O*NET "
        "profile + N(0, 0.5)"
    )
    print(
        f"{'scenario':54s} {'rule':7s} {'related@10':>10s} {'>=half':>7s} {'+roles':>7s} "
        f"{'target rank':>11s} {'profile rank':>12s}"
    )
    scenarios = [
        ("all 68 elements assessed, no current role", None, False),
        ("5 assessed, current = profile", 5, True),
        ("10 assessed, current = profile", 10, True),
        ("20 assessed, current = profile", 20, True),
        ("10 assessed following the target, current = profile", 10, True, "target"),
    ]
    for label, k, current, *follow in scenarios:
        m, truth = synthetic_map(base, args.people, k, 0.5, args.seed, current, *follow)
        after = metrics.closest_roles(m, n=900, as_of=AS_OF)
        rows = [("now", after)]
        if current:
            rows.append(("before", before_rule(m, n=900)))
        for rule, top in rows:
            s = score(top, truth)
            print(
                f"{label:54s} {rule:7s} {s['related@10']:10.2f} {s['half']:7.0%} "
                f"{s['+roles']:7.2f} {s['target rank']:11.0f} {s['profile rank']:12.0f}"
            )


if __name__ == "__main__":
    main()
