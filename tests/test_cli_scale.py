"""careermap convert and careermap kpis: Parquet cohorts, clear errors, never a traceback."""

from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

import careermap
from careermap.cli import main
from careermap.metrics import cohort_summary


def csv_rows(folder, name: str) -> int:
    """Data rows of every person's ``name``.csv, counted by the csv module."""
    n = 0
    for f in sorted(folder.glob(f"*/{name}.csv")):
        with f.open(newline="", encoding="utf-8") as fh:
            n += sum(1 for row in csv.reader(fh) if any(cell.strip() for cell in row)) - 1
    return n


def test_convert_writes_every_frame_as_parquet(cohort, tmp_path, capsys):
    out = tmp_path / "pq"
    assert main(["convert", str(careermap.cohort_path()), str(out)]) == 0
    said = capsys.readouterr().out
    n_log = csv_rows(careermap.cohort_path(), "time_log")
    assert f"wrote 30 people ({n_log:,} time-log rows) to {out}" in said
    for name, df in cohort.frames().items():
        assert len(pd.read_parquet(out / f"{name}.parquet")) == len(df), name
    assert len(pd.read_parquet(out / "assessments.parquet")) == csv_rows(
        careermap.cohort_path(), "assessments"
    )
    back = careermap.load(out)
    for name, df in cohort.frames().items():
        pd.testing.assert_frame_equal(
            getattr(back, name).reset_index(drop=True), df.reset_index(drop=True), obj=name
        )


def test_convert_a_broken_cohort_names_the_file_and_line(tmp_path, capsys):
    cohort = shutil.copytree(careermap.cohort_path(), tmp_path / "cohort")
    person = sorted(p for p in cohort.iterdir() if p.is_dir())[0]
    log = person / "time_log.csv"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[2].split(",")
    cells[1] = "-3"
    lines[2] = ",".join(cells)
    log.write_text("".join(lines), encoding="utf-8")
    assert main(["convert", str(cohort), str(tmp_path / "pq")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{person.name}/time_log.csv" in err and "line 3, hours: '-3'" in err
    assert not (tmp_path / "pq" / "people.parquet").exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "does not exist; give a cohort or person folder"),
        ("file", "is a file; give a folder to write the Parquet files to"),
        ("full", "exists and is not empty; choose a new folder (or --force to write into it)"),
        ("inside", "is inside the cohort"),
    ],
)
def test_convert_refuses_with_a_clear_message(small_map, tmp_path, capsys, setup, message):
    src, out = small_map, tmp_path / "out"
    if setup == "missing":
        src = tmp_path / "nowhere"
    elif setup == "file":
        out.write_text("x")
    elif setup == "full":
        out.mkdir()
        (out / "keep.txt").write_text("mine")
    elif setup == "inside":
        out = small_map / "pq"
    assert main(["convert", str(src), str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_convert_force_writes_into_a_folder_and_keeps_other_files(small_map, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["convert", str(small_map), str(out), "--force"]) == 0
    assert (out / "keep.txt").read_text() == "mine"
    assert careermap.load(out).person_ids == ["sam-lee"]


def test_kpis_on_a_parquet_cohort_and_on_map_folders(cohort, tmp_path, capsys):
    expected = cohort_summary(cohort, as_of="2026-11-15")
    flagged = expected[expected["needs_attention"]]
    pq = cohort.to_parquet(tmp_path / "pq")
    assert main(["kpis", str(pq), "--as-of", "2026-11-15", "--memory-limit", "200MB"]) == 0
    out = capsys.readouterr().out
    assert f"{len(flagged)} of 30 people need attention" in out
    first = flagged.iloc[0]
    assert f"{first.person_id}: {'; '.join(first.reasons)}" in out

    table = tmp_path / "kpis.csv"
    assert (
        main(["kpis", str(careermap.cohort_path()), "--as-of", "2026-11-15", "--out", str(table)])
        == 0
    )
    got = pd.read_csv(table)
    assert got["person_id"].tolist() == expected["person_id"].tolist()
    assert got["overdue_milestones"].tolist() == expected["overdue_milestones"].tolist()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "kpis.xlsx"], "--out must end in .csv or .parquet; got 'kpis.xlsx'"),
        (
            ["--as-of", "15/11/2026"],
            "--as-of must be a date like 2026-11-15 (YYYY-MM-DD); got '15/11/2026'",
        ),
        (["--engine", "spark"], "is a folder of maps; Spark reads a Parquet cohort"),
    ],
)
def test_kpis_bad_arguments_are_messages(small_map, capsys, args, message):
    assert main(["kpis", str(small_map), *args]) == 1
    assert message in capsys.readouterr().err
