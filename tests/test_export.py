"""The KPI export: read the files back (pandas, openpyxl) and compare with cohort_summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import careermap
from careermap.cli import main
from careermap.errors import InvalidArgumentError
from careermap.metrics import cohort_summary
from careermap.share.export import kpi_table, neutralise, table_bytes, write_table
from careermap.share.privacy import pseudonym
from careermap.store import coach

AS_OF = "2026-11-15"


_SIGNS = "=+-@＝＋－＠﹦﹢﹣"  # ASCII, full-width and small forms, as spreadsheets read them


@given(
    st.text(
        alphabet=st.sampled_from([*_SIGNS, " ", "\u3000", "\t", "\r", "\n", "a", "1"]), max_size=30
    )
)
def test_neutralise_rule(text):
    """Each line starting (after spaces) with a sign, or with a tab or CR, gets a quote;
    checked against a hand-written reading of the rule, line by line."""
    expected = []
    for line in text.split("\n"):
        first = line.lstrip()[:1]
        risky = line[:1] in ("\t", "\r") or (first != "" and first in _SIGNS)
        expected.append("'" + line if risky else line)
    assert neutralise(text) == "\n".join(expected)


@pytest.mark.parametrize(
    "name", ["=1+1", " =1+1", "\u3000=1", "ok\n=1+1", "＝1+1", "+1", "-1", "@SUM(A1)", "\t=1"]
)
def test_kpis_out_csv_and_export_neutralise_the_same(tmp_path, name):
    """``kpis --out x.csv`` and ``export --out x.csv`` write a hostile group name the same way
    (one rule: :func:`careermap.share.export.neutralise`), never as a formula."""
    import shutil

    from _hostile import cli

    cohort = tmp_path / "cohort"
    shutil.copytree(careermap.cohort_path(), cohort)
    first = sorted(p.name for p in cohort.iterdir() if (p / "roadmap.yaml").exists())[0]
    import yaml

    doc = yaml.safe_load((cohort / "cohort.yaml").read_text()) or {}
    doc.setdefault("groups", {})[first] = name
    (cohort / "cohort.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    code, out, err = cli("kpis", str(cohort), "--as-of", AS_OF, "--out", str(tmp_path / "k.csv"))
    assert code == 0, out + err
    code, out, err = cli("export", str(cohort), "--as-of", AS_OF, "--out", str(tmp_path / "e.csv"))
    assert code == 0, out + err
    kpis = pd.read_csv(tmp_path / "k.csv", dtype=str, keep_default_na=False)
    export = pd.read_csv(tmp_path / "e.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    written = kpis.loc[kpis["person_id"] == first, "group"].item()
    assert written == neutralise(name) != name
    assert written in set(export["group"])


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_neutralise_leaves_non_text(value):
    assert neutralise(value) is value


def test_kpi_table_does_not_change_the_summary(summary):
    before = summary.copy()
    kpi_table(summary)
    pd.testing.assert_frame_equal(summary, before)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_file_read_back_matches_the_summary(tmp_path, summary, fmt):
    out = write_table(kpi_table(summary), tmp_path / f"kpis.{fmt}")
    back = (
        pd.read_csv(out, encoding="utf-8-sig")
        if fmt == "csv"
        else pd.read_excel(out, engine="openpyxl")
    )
    assert len(back) == len(summary) == 30
    by_label = summary.assign(label=summary["person_id"].map(pseudonym)).set_index("label")
    for _, row in back.iterrows():
        s = by_label.loc[row["person"]]
        assert row["progress %"] == pytest.approx(round(s["progress_pct"], 1))
        assert row["hours per week (last 4 weeks)"] == pytest.approx(
            round(s["hours_per_week_4w"], 2)
        )
        assert row["days since last log"] == s["days_since_last_log"]
        assert row["overdue milestones"] == s["overdue_milestones"]
        assert row["needs attention"] == ("yes" if s["needs_attention"] else "no")
        reasons = "" if pd.isna(row["reasons"]) else row["reasons"]
        assert reasons == "; ".join(s["reasons"])
    assert not set(back["person"]) & set(summary["name"])


def test_xlsx_numbers_are_numbers_and_formulas_are_text(tmp_path):
    table = pd.DataFrame(
        {"group": ['=HYPERLINK("http://x")', "+1", "ok", "@SUM(A1)"], "hours": [1.5, -2, 0, 3]}
    )
    out = write_table(table, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(out).active
    cells = [(c.value, c.data_type) for c in sheet["A"][1:]]
    assert cells == [
        ('\'=HYPERLINK("http://x")', "s"),
        ("'+1", "s"),
        ("ok", "s"),
        ("'@SUM(A1)", "s"),
    ]
    assert [c.value for c in sheet["B"][1:]] == [1.5, -2, 0, 3]
    assert all(c.data_type == "n" for c in sheet["B"][1:])
    csv = table_bytes(table, "csv").decode("utf-8-sig").splitlines()
    assert csv[2] == "'+1,-2.0"


def test_write_table_refuses_other_suffixes(tmp_path):
    with pytest.raises(InvalidArgumentError, match=r"must end in \.csv or \.xlsx; got '\.txt'"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "k.txt")


def test_cli_export_with_names_and_notes(tmp_path, capsys):
    folder = Path(shutil.copytree(careermap.cohort_path(), tmp_path / "cohort"))
    coach.write_note(folder, "p002-yuki-zhou", "-private: call on Monday")
    out = tmp_path / "k.xlsx"
    assert main(["export", str(folder), "--out", str(out), "--as-of", AS_OF]) == 0
    flagged = int(cohort_summary(careermap.load(folder), as_of=AS_OF)["needs_attention"].sum())
    assert f"30 people ({flagged} need attention)" in capsys.readouterr().out
    plain = pd.read_excel(out, engine="openpyxl")
    assert "coach note" not in plain.columns and "Yuki Zhou" not in set(plain["person"])
    assert (
        main(
            ["export", str(folder), "--out", str(out), "--as-of", AS_OF, "--names", "--with-notes"]
        )
        == 0
    )
    named = pd.read_excel(out, engine="openpyxl").set_index("person id")
    assert named.loc["p002-yuki-zhou", "name"] == "Yuki Zhou"
    assert named.loc["p002-yuki-zhou", "coach note"] == "'-private: call on Monday"


def test_cli_export_errors(tmp_path, capsys):
    assert main(["export", str(tmp_path / "none"), "--out", str(tmp_path / "k.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["export", str(careermap.cohort_path()), "--out", str(tmp_path / "k.pdf")]) == 1
    assert "--out must end in .csv or .xlsx" in capsys.readouterr().err
    assert main(["export", str(careermap.cohort_path()), "--out", "k.csv", "--as-of", "x"]) == 1
    assert "--as-of must be a date" in capsys.readouterr().err


def test_init_adds_a_person_to_a_cohort_group(tmp_path, capsys):
    folder = Path(shutil.copytree(careermap.cohort_path(), tmp_path / "cohort"))
    before = (folder / "cohort.yaml").read_text()
    assert (
        main(["init", str(folder / "new-person"), "--group", "design", "--start", "2026-01-05"])
        == 0
    )
    assert "added new-person to group 'design'" in capsys.readouterr().out
    text = (folder / "cohort.yaml").read_text()
    assert text.startswith(before.split("\n")[0])  # comments kept
    m = careermap.load(folder)
    assert len(m.people) == 31
    assert m.people.set_index("person_id").loc["new-person", "group"] == "design"
    assert main(["init", str(folder / "other"), "--group", " "]) == 1
    assert not (folder / "other").exists()
