"""Build the compact O*NET/BLS extract bundled in ``careermap/reference/data``.

Reads the unmodified O*NET 29.3 (Excel) and BLS Employment Projections 2024-34 files from
``../shared/reference-data`` (or ``--source``) and writes one zstd-compressed Parquet file per
reference table. The output is deterministic: rows are sorted, columns are fixed, and no
timestamps are written, so re-running on the same sources gives byte-identical files.

Usage::

    uv run python scripts/build_reference.py [--source DIR] [--dest DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "reference-data"
DEFAULT_DEST = REPO / "careermap" / "reference" / "data"

ONET_DIR = "onet-29.3"
BLS_FILE = Path("bls-ep-2024-34") / "occupation.xlsx"
BLS_SHEET = "Table 1.2"

CODE = "O*NET-SOC Code"
DOMAINS = ("skill", "knowledge")
RELATEDNESS = ("Primary-Short", "Primary-Long", "Supplemental")
# BLS "typical education needed for entry", from least to most.
EDUCATION = (
    "No formal educational credential",
    "High school diploma or equivalent",
    "Some college, no degree",
    "Postsecondary nondegree award",
    "Associate's degree",
    "Bachelor's degree",
    "Master's degree",
    "Doctoral or professional degree",
)

EXPECTED_ROWS = {
    "occupations": 1016,
    "skills": 68,
    "requirements": (61530 + 58014) // 2,
    "job_zones": 5,
    "related_occupations": 18460,
    "technology_skills": 32681,
    "market": 832,
}


def _onet(source: Path, name: str, **kwargs) -> pd.DataFrame:
    path = source / ONET_DIR / f"{name}.xlsx"
    return pd.read_excel(path, engine="calamine", **kwargs)


def _element_key(element_id: str) -> tuple:
    """Sort O*NET element ids in content-model order (2.C.2 before 2.C.10)."""
    return tuple(int(p) if p.isdigit() else p for p in element_id.split("."))


def _yes(series: pd.Series) -> pd.Series:
    """Y/N flag column to bool; anything but 'Y' (including missing) is False."""
    bad = set(series.dropna().unique()) - {"Y", "N"}
    assert not bad, f"unexpected flag values {bad}"
    return series.eq("Y").fillna(False).astype(bool)


def _strings(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for col in columns:
        df[col] = df[col].astype("str")
    return df


def read_ratings(source: Path) -> dict[str, pd.DataFrame]:
    """The Skills and Knowledge rating files (the slowest to read), by domain."""
    return {
        domain: _onet(source, name, dtype={CODE: str, "Element ID": str, "Element Name": str})
        for domain, name in zip(DOMAINS, ("Skills", "Knowledge"), strict=True)
    }


def build_skills(source: Path, ratings: dict[str, pd.DataFrame]) -> pd.DataFrame:
    content = _onet(source, "Content Model Reference", dtype=str).set_index("Element ID")
    frames = []
    for domain, rated in ratings.items():
        elements = (
            rated[["Element ID", "Element Name"]]
            .drop_duplicates()
            .rename(columns={"Element ID": "skill_id", "Element Name": "name"})
        )
        assert elements["skill_id"].is_unique, f"{domain}: one name per element id"
        elements["domain"] = domain
        frames.append(elements)
    skills = pd.concat(frames, ignore_index=True)
    missing = set(skills["skill_id"]) - set(content.index)
    assert not missing, f"elements missing from Content Model Reference: {missing}"
    assert (content.loc[skills["skill_id"], "Element Name"].to_numpy() == skills["name"]).all()

    def category(element_id: str) -> str:
        parent = element_id.rsplit(".", 1)[0]
        if parent.startswith("2.A."):
            # Basic skills sit one level deeper (2.A.1 Content, 2.A.2 Process); O*NET presents
            # them to users as "Basic Skills", so use the grandparent there.
            parent = "2.A"
        elif parent == "2.C":
            # 2.C.6 Education and Training and 2.C.10 Transportation are groups of one.
            parent = element_id
        return content.loc[parent, "Element Name"]

    skills["category"] = skills["skill_id"].map(category)
    skills["description"] = content.loc[skills["skill_id"], "Description"].to_numpy()
    skills["domain"] = pd.Categorical(skills["domain"], categories=list(DOMAINS))
    skills = skills.sort_values(
        "skill_id", key=lambda s: s.map(_element_key), kind="stable"
    ).reset_index(drop=True)
    skills = _strings(skills, ["skill_id", "name", "category", "description"])
    return skills[["skill_id", "name", "domain", "category", "description"]]


def build_requirements(ratings: dict[str, pd.DataFrame]) -> pd.DataFrame:
    keep = [
        CODE,
        "Element ID",
        "Scale ID",
        "Data Value",
        "N",
        "Standard Error",
        "Lower CI Bound",
        "Upper CI Bound",
        "Recommend Suppress",
        "Not Relevant",
    ]
    frames = []
    for domain, rated in ratings.items():
        raw = rated[keep]
        assert set(raw["Scale ID"]) == {"IM", "LV"}, f"{domain}: scales {set(raw['Scale ID'])}"
        im = raw[raw["Scale ID"] == "IM"]
        lv = raw[raw["Scale ID"] == "LV"]
        assert im["Not Relevant"].isna().all(), f"{domain}: Not Relevant is an LV-only field"
        merged = im.merge(
            lv, on=[CODE, "Element ID"], how="outer", suffixes=("_im", "_lv"), validate="1:1"
        )
        assert merged["Data Value_im"].notna().all() and merged["Data Value_lv"].notna().all(), (
            f"{domain}: every rated element has both an IM and an LV row"
        )
        frames.append(
            pd.DataFrame(
                {
                    "role_id": merged[CODE],
                    "skill_id": merged["Element ID"],
                    "domain": domain,
                    "importance": merged["Data Value_im"],
                    "level": merged["Data Value_lv"],
                    "importance_se": merged["Standard Error_im"],
                    "level_se": merged["Standard Error_lv"],
                    "importance_lower": merged["Lower CI Bound_im"],
                    "importance_upper": merged["Upper CI Bound_im"],
                    "level_lower": merged["Lower CI Bound_lv"],
                    "level_upper": merged["Upper CI Bound_lv"],
                    "n": merged["N_lv"],
                    "suppress": _yes(merged["Recommend Suppress_im"])
                    | _yes(merged["Recommend Suppress_lv"]),
                    "not_relevant": _yes(merged["Not Relevant_lv"]),
                }
            )
        )
    req = pd.concat(frames, ignore_index=True)
    for col in req.columns[3:12]:
        req[col] = req[col].astype("float64")
    req["domain"] = pd.Categorical(req["domain"], categories=list(DOMAINS))
    req = _strings(req, ["role_id", "skill_id"])
    req["_key"] = req["skill_id"].map(_element_key)
    req = req.sort_values(["role_id", "_key"], kind="stable").drop(columns="_key")
    return req.reset_index(drop=True)


def build_occupations(source: Path, rated_codes: set[str]) -> pd.DataFrame:
    occ = _onet(source, "Occupation Data", dtype=str).rename(
        columns={CODE: "code", "Title": "title", "Description": "description"}
    )
    assert occ["code"].is_unique
    assert occ["code"].str.fullmatch(r"\d{2}-\d{4}\.\d{2}").all()
    zones = _onet(source, "Job Zones", usecols=[CODE, "Job Zone"], dtype={CODE: str})
    assert zones[CODE].is_unique and zones[CODE].isin(occ["code"]).all()
    occ["job_zone"] = occ["code"].map(zones.set_index(CODE)["Job Zone"]).astype("Int64")
    unknown = rated_codes - set(occ["code"])
    assert not unknown, f"rated codes missing from Occupation Data: {unknown}"
    occ["rated"] = occ["code"].isin(rated_codes)
    occ["soc"] = occ["code"].str[:7]
    occ = _strings(occ, ["code", "title", "description", "soc"])
    occ = occ.sort_values("code").reset_index(drop=True)
    return occ[["code", "title", "description", "job_zone", "rated", "soc"]]


def build_alternate_titles(source: Path, codes: set[str]) -> pd.DataFrame:
    alt = _onet(
        source, "Alternate Titles", usecols=[CODE, "Alternate Title", "Short Title"], dtype=str
    ).rename(columns={CODE: "code", "Alternate Title": "title", "Short Title": "short_title"})
    assert alt["code"].isin(codes).all()
    alt["title"] = alt["title"].str.strip()
    alt["short_title"] = alt["short_title"].str.strip()
    alt = alt.drop_duplicates(["code", "title"]).sort_values(["code", "title"])
    return alt.reset_index(drop=True)


def build_level_anchors(source: Path, skill_ids: set[str]) -> pd.DataFrame:
    raw = _onet(source, "Level Scale Anchors", dtype={"Element ID": str})
    raw = raw[(raw["Scale ID"] == "LV") & raw["Element ID"].isin(skill_ids)]
    anchors = pd.DataFrame(
        {
            "skill_id": raw["Element ID"].astype("str"),
            "anchor_level": raw["Anchor Value"].astype("float64"),
            "description": raw["Anchor Description"].astype("str"),
        }
    )
    assert set(anchors["skill_id"]) == skill_ids, "every skill/knowledge element has anchors"
    anchors["_key"] = anchors["skill_id"].map(_element_key)
    anchors = anchors.sort_values(["_key", "anchor_level"], kind="stable").drop(columns="_key")
    return anchors.reset_index(drop=True)


def build_job_zones(source: Path) -> pd.DataFrame:
    jz = _onet(source, "Job Zone Reference")
    jz.columns = [re.sub(r"\W+", "_", c.strip().lower()) for c in jz.columns]
    assert list(jz.columns) == [
        "job_zone",
        "name",
        "experience",
        "education",
        "job_training",
        "examples",
        "svp_range",
    ], list(jz.columns)
    jz["job_zone"] = jz["job_zone"].astype("int64")
    assert jz["job_zone"].tolist() == [1, 2, 3, 4, 5]
    return _strings(jz, list(jz.columns[1:])).sort_values("job_zone").reset_index(drop=True)


def build_related(source: Path, codes: set[str]) -> pd.DataFrame:
    rel = _onet(source, "Related Occupations", dtype={CODE: str, "Related O*NET-SOC Code": str})
    rel = rel.rename(
        columns={
            CODE: "code",
            "Related O*NET-SOC Code": "related_code",
            "Related Title": "related_title",
            "Relatedness Tier": "relatedness",
            "Index": "index",
        }
    )[["code", "related_code", "related_title", "relatedness", "index"]]
    assert rel["code"].isin(codes).all() and rel["related_code"].isin(codes).all()
    assert set(rel["relatedness"]) == set(RELATEDNESS), set(rel["relatedness"])
    rel["relatedness"] = pd.Categorical(rel["relatedness"], categories=RELATEDNESS, ordered=True)
    rel["index"] = rel["index"].astype("int64")
    rel = _strings(rel, ["code", "related_code", "related_title"])
    return rel.sort_values(["code", "index"]).reset_index(drop=True)


def build_technology(source: Path, codes: set[str]) -> pd.DataFrame:
    tech = _onet(
        source,
        "Technology Skills",
        dtype={CODE: str, "Example": str, "Commodity Code": str, "Commodity Title": str},
    )
    out = pd.DataFrame(
        {
            "code": tech[CODE],
            "example": tech["Example"],
            "commodity_code": tech["Commodity Code"],
            "commodity_title": tech["Commodity Title"],
            "hot": _yes(tech["Hot Technology"]),
            "in_demand": _yes(tech["In Demand"]),
        }
    )
    assert out["code"].isin(codes).all()
    assert out["commodity_code"].str.fullmatch(r"\d{8}").all()
    out = _strings(out, ["code", "example", "commodity_code", "commodity_title"])
    out = out.sort_values(["code", "example", "commodity_code"]).reset_index(drop=True)
    return out


def _find_column(columns: list[str], pattern: str) -> str:
    hits = [c for c in columns if re.search(pattern, c, flags=re.IGNORECASE)]
    assert len(hits) == 1, f"BLS column /{pattern}/ matched {hits} in {columns}"
    return hits[0]


def build_market(source: Path) -> pd.DataFrame:
    path = source / BLS_FILE
    raw = pd.read_excel(path, sheet_name=BLS_SHEET, header=None, dtype=object, engine="calamine")
    # The header row is the first one naming both the matrix code and the occupation type;
    # above it sit the table title, below it the data and then footnotes.
    header_row = next(
        i
        for i, row in raw.head(20).iterrows()
        if any(isinstance(v, str) and re.search(r"matrix code", v, re.I) for v in row)
        and any(isinstance(v, str) and re.search(r"occupation type", v, re.I) for v in row)
    )
    columns = [re.sub(r"\s+", " ", str(v)).strip() for v in raw.iloc[header_row]]
    body = raw.iloc[header_row + 1 :].set_axis(columns, axis=1)
    col = {
        "title": _find_column(columns, r"matrix title"),
        "soc": _find_column(columns, r"matrix code"),
        "type": _find_column(columns, r"^occupation type"),
        "employment_2024": _find_column(columns, r"^employment,? 2024\b"),
        "employment_2034": _find_column(columns, r"^employment,? 2034\b"),
        "change_pct": _find_column(columns, r"employment change, percent"),
        "openings": _find_column(columns, r"openings"),
        "median_wage": _find_column(columns, r"median annual wage"),
        "education": _find_column(columns, r"education needed for entry"),
    }
    items = body[body[col["type"]].astype("str").str.strip().eq("Line item")]
    soc = items[col["soc"]].astype("str").str.strip()
    assert soc.str.fullmatch(r"\d{2}-\d{4}").all() and soc.is_unique

    wage_raw = items[col["median_wage"]]
    wage = pd.to_numeric(wage_raw, errors="coerce").astype("float64")
    note = wage_raw.map(lambda v: str(v).strip()).where(wage.isna(), "")
    market = pd.DataFrame(
        {
            "soc": soc,
            "title": items[col["title"]].astype("str").str.strip(),
            "employment_2024": pd.to_numeric(items[col["employment_2024"]]).astype("float64"),
            "employment_2034": pd.to_numeric(items[col["employment_2034"]]).astype("float64"),
            "change_pct": pd.to_numeric(items[col["change_pct"]]).astype("float64"),
            "openings": pd.to_numeric(items[col["openings"]]).astype("float64"),
            "median_wage": wage,
            "median_wage_note": note,
            "education": items[col["education"]].astype("str").str.strip(),
        }
    )
    bad = set(market["education"]) - set(EDUCATION)
    assert not bad, f"unexpected BLS education values {bad}"
    market["education"] = pd.Categorical(market["education"], categories=EDUCATION, ordered=True)
    market = _strings(market, ["soc", "title", "median_wage_note"])
    return market.sort_values("soc").reset_index(drop=True)


def build(source: Path) -> dict[str, pd.DataFrame]:
    ratings = read_ratings(source)
    skills = build_skills(source, ratings)
    requirements = build_requirements(ratings)
    occupations = build_occupations(source, set(requirements["role_id"]))
    codes = set(occupations["code"])
    tables = {
        "occupations": occupations,
        "alternate_titles": build_alternate_titles(source, codes),
        "skills": skills,
        "requirements": requirements,
        "level_anchors": build_level_anchors(source, set(skills["skill_id"])),
        "job_zones": build_job_zones(source),
        "related_occupations": build_related(source, codes),
        "technology_skills": build_technology(source, codes),
        "market": build_market(source),
    }
    for name, expected in EXPECTED_ROWS.items():
        assert len(tables[name]) == expected, f"{name}: {len(tables[name])} rows != {expected}"
    assert (skills["domain"] == "skill").sum() == 35 and (
        skills["domain"] == "knowledge"
    ).sum() == 33
    return tables


def write(tables: dict[str, pd.DataFrame], dest: Path) -> int:
    dest.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, df in tables.items():
        path = dest / f"{name}.parquet"
        table = pa.Table.from_pandas(df, preserve_index=False)
        pq.write_table(table, path, compression="zstd", compression_level=19)
        size = path.stat().st_size
        total += size
        print(
            f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: "
            f"{len(df):>6} rows {size:>9,} bytes"
        )
    print(f"total: {total:,} bytes")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="reference-data dir")
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="output directory")
    args = parser.parse_args(argv)
    if not (args.source / ONET_DIR).is_dir() or not (args.source / BLS_FILE).is_file():
        parser.error(f"{args.source} does not hold {ONET_DIR}/ and {BLS_FILE}")
    write(build(args.source), args.dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
